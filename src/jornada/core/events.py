"""Domain events: written to the outbox inside the writer's transaction.

A domain app declares its events as frozen dataclasses deriving from ``DomainEvent``
and publishes them from its services with ``event_publish``. The event row and one
delivery row per registered handler commit or roll back with the change they report;
workers hand them to the handlers (``jornada.core.outbox``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import Sequence
from typing import Any, ClassVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from jornada.core.db import insert_rows
from jornada.core.models import EventDelivery, OutboxEvent, WorkStatus
from jornada.core.registry import registry

_JSON_PLAIN = (str, int, bool, type(None))


@dataclasses.dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Base of every domain event; subclasses set ``event_type`` ("orders.OrderPlaced")."""

    event_type: ClassVar[str] = ""

    def to_payload(self) -> dict[str, Any]:
        # Decimal, UUID and datetimes become strings, exactly as they will be read back;
        # an event of plain text and numbers (most) is already what will be read back.
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        if all(type(value) in _JSON_PLAIN for value in data.values()):
            return data
        return json.loads(json.dumps(dataclasses.asdict(self), cls=DjangoJSONEncoder))  # type: ignore[no-any-return]


@dataclasses.dataclass(frozen=True)
class Event:
    """What a handler receives: the stored event, as plain values."""

    id: uuid.UUID
    type: str
    aggregate: str
    payload: dict[str, Any]
    occurred_at: dt.datetime


def event_publish(event: DomainEvent, *, aggregate: str = "") -> OutboxEvent:
    """Write ``event`` and its deliveries; joins the caller's transaction (or opens one)."""
    return events_publish([event], aggregate=aggregate)[0]


def events_publish(
    events: Sequence[DomainEvent],
    *,
    aggregate: str = "",
    aggregates: Sequence[str] | None = None,
) -> list[OutboxEvent]:
    """Write several events with two statements, whatever their number; all of one
    ``aggregate``, or each of its own (``aggregates``, in the events' order)."""
    if not events:
        return []
    if aggregates is not None and len(aggregates) != len(events):
        raise ValueError("one aggregate per event")
    now = timezone.now()
    rows = []
    for index, event in enumerate(events):
        if not event.event_type:
            raise TypeError(f"{type(event).__name__} has no event_type")
        rows.append(
            OutboxEvent(
                id=uuid.uuid4(),
                event_type=event.event_type,
                aggregate=aggregate if aggregates is None else aggregates[index],
                payload=event.to_payload(),
                occurred_at=now,
            )
        )
    deliveries = [
        (row.id, handler, WorkStatus.PENDING, now, 0, "", "", now)
        for row in rows
        for handler in registry.handlers_for(row.event_type)
    ]
    # No savepoint of our own: a failure here must undo the caller's change too.
    with transaction.atomic(savepoint=False):
        insert_rows(
            OutboxEvent,
            ("id", "event_type", "aggregate", "payload", "occurred_at"),
            [(r.id, r.event_type, r.aggregate, r.payload, r.occurred_at) for r in rows],
        )
        if deliveries:
            insert_rows(EventDelivery, _DELIVERY_FIELDS, deliveries)
    return rows


_DELIVERY_FIELDS = (
    "event",
    "handler",
    "status",
    "due_at",
    "attempts",
    "lease_token",
    "last_error",
    "created_at",
)


def as_event(row: OutboxEvent) -> Event:
    return Event(
        id=row.id,
        type=row.event_type,
        aggregate=row.aggregate,
        payload=row.payload,
        occurred_at=row.occurred_at,
    )

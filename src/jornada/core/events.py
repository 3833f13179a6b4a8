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
from functools import cache
from typing import Any, ClassVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import Field, Model
from django.utils import timezone

from jornada.core.models import EventDelivery, OutboxEvent, WorkStatus
from jornada.core.registry import registry


@dataclasses.dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Base of every domain event; subclasses set ``event_type`` ("orders.OrderPlaced")."""

    event_type: ClassVar[str] = ""

    def to_payload(self) -> dict[str, Any]:
        # Decimal, UUID and datetimes become strings, exactly as they will be read back.
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


def events_publish(events: Sequence[DomainEvent], *, aggregate: str = "") -> list[OutboxEvent]:
    """Write several events with two statements, whatever their number."""
    if not events:
        return []
    now = timezone.now()
    rows = []
    for event in events:
        if not event.event_type:
            raise TypeError(f"{type(event).__name__} has no event_type")
        rows.append(
            OutboxEvent(
                id=uuid.uuid4(),
                event_type=event.event_type,
                aggregate=aggregate,
                payload=event.to_payload(),
                occurred_at=now,
            )
        )
    deliveries = [
        (row.id, handler, WorkStatus.PENDING, now, 0, "", "", now)
        for row in rows
        for handler in registry.handlers_for(row.event_type)
    ]
    with transaction.atomic():
        _insert(
            OutboxEvent,
            ("id", "event_type", "aggregate", "payload", "occurred_at"),
            [(r.id, r.event_type, r.aggregate, r.payload, r.occurred_at) for r in rows],
        )
        if deliveries:
            _insert(EventDelivery, _DELIVERY_FIELDS, deliveries)
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


_PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField)


@cache
def _insert_plan(
    model: type[Model], names: tuple[str, ...], rows: int, vendor: str
) -> tuple[str, tuple[Field[Any, Any], ...], tuple[bool, ...]]:
    fields = tuple(model._meta.get_field(name) for name in names)
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)  # type: ignore[union-attr,arg-type]
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # Table and column names come from the model's own metadata, never from input.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES " + ", ".join(  # noqa: S608
        [row_sql] * rows
    )
    plain = tuple(
        isinstance(f, _PLAIN_FIELDS) and not isinstance(f, models.AutoField) for f in fields
    )
    return sql, fields, plain  # type: ignore[return-value]


def _insert(model: type[Model], names: tuple[str, ...], values: list[tuple[Any, ...]]) -> None:
    """A plain multi-row INSERT: publishing sits on every service's write path, and the
    ORM's bulk_create costs more than the commit itself here. Values other than plain
    text and numbers go through their field's own database preparation, so every engine
    stores exactly what the ORM would."""
    connection = connections[DEFAULT_DB_ALIAS]
    sql, fields, plain = _insert_plan(model, names, len(values), connection.vendor)
    params = [
        value if is_plain else field.get_db_prep_save(value, connection)
        for row in values
        for field, is_plain, value in zip(fields, plain, row, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def as_event(row: OutboxEvent) -> Event:
    return Event(
        id=row.id,
        type=row.event_type,
        aggregate=row.aggregate,
        payload=row.payload,
        occurred_at=row.occurred_at,
    )

"""Dispatching outbox deliveries to their handlers, and the staff actions on them."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from jornada.core import leases, prepared
from jornada.core.events import as_event
from jornada.core.models import EventDelivery, WorkStatus
from jornada.core.registry import resolve


def _deliver(delivery: EventDelivery) -> None:
    resolve(delivery.handler)(as_event(delivery.event))


def _prepare(deliveries: list[EventDelivery]) -> None:
    """Let each handler with a ``prepare`` attribute read and render for its events ahead
    of the write transaction (``jornada.core.prepared``)."""
    events = defaultdict(list)
    for delivery in deliveries:
        events[delivery.handler].append(as_event(delivery.event))
    for path, batch in events.items():
        prepare = getattr(resolve(path), "prepare", None)
        if prepare is not None:
            prepare(batch)


def outbox_dispatch(*, token: str, limit: int) -> leases.Outcome:
    """Claim up to ``limit`` due deliveries and run their handlers (one worker step)."""
    ids = leases.claim(EventDelivery, token=token, limit=limit)
    if not ids:
        return leases.Outcome()
    try:
        return leases.complete(
            EventDelivery,
            ids=ids,
            token=token,
            run=_deliver,
            select_related=("event",),
            prepare=_prepare,
        )
    finally:
        prepared.clear()


def event_delivery_retry(*, delivery_id: int) -> bool:
    """Put a dead-lettered delivery back in the queue, due now, with a fresh attempt count."""
    with transaction.atomic():
        return bool(
            EventDelivery.objects.filter(pk=delivery_id, status=WorkStatus.DEAD).update(
                status=WorkStatus.PENDING, attempts=0, due_at=timezone.now(), lease_token=""
            )
        )


def dead_deliveries_retry() -> int:
    with transaction.atomic():
        return EventDelivery.objects.filter(status=WorkStatus.DEAD).update(
            status=WorkStatus.PENDING, attempts=0, due_at=timezone.now(), lease_token=""
        )

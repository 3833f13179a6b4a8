"""Reactions to other apps' domain events (wired in ``jornada.wiring``)."""

from __future__ import annotations

from jornada.core.events import Event
from jornada.journeys.services import journeys_on_event, journeys_prepare
from jornada.notifications.outbound import webhooks_fanout


def journeys_enter(event: Event) -> None:
    """Any event a journey may start from: enter the order into the matching journeys."""
    journeys_on_event(event)


def journeys_and_webhooks(event: Event) -> None:
    """Any event of the contract: queue the integrators' signed webhooks, then enter the
    order into the matching journeys. One delivery for both halves the queue's work per
    event; both steps are idempotent (unique keys), so a retry after a failure in either
    repeats nothing."""
    webhooks_fanout(event)
    journeys_on_event(event)


# Read and render ahead of the delivery's write transaction (``jornada.core.prepared``).
journeys_enter.prepare = journeys_prepare  # type: ignore[attr-defined]
journeys_and_webhooks.prepare = journeys_prepare  # type: ignore[attr-defined]

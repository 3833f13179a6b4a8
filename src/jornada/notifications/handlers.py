"""Reactions to other apps' domain events (wired in ``jornada.wiring``)."""

from __future__ import annotations

from jornada.core.events import Event
from jornada.notifications.outbound import webhooks_fanout


def webhooks_notify(event: Event) -> None:
    """Any event: queue a signed delivery to every integrator subscribed to its type."""
    webhooks_fanout(event)

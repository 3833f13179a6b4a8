"""A shipment's life as data: the one status set every carrier's events are mapped to.

Pure Python. Tracking events arrive late, twice or out of order; ``status_applies`` says
whether an event may move the shipment, so applying the same feed in any order ends in
the same place.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ShipmentStatus(models.TextChoices):
    CREATED = "created", _("label created")
    POSTED = "posted", _("posted")
    IN_TRANSIT = "in_transit", _("in transit")
    OUT_FOR_DELIVERY = "out_for_delivery", _("out for delivery")
    FAILED_ATTEMPT = "failed_attempt", _("delivery attempt failed")
    READY_FOR_PICKUP = "ready_for_pickup", _("ready for pickup")
    DELIVERED = "delivered", _("delivered")
    RETURNED = "returned", _("returned to sender")
    LOST = "lost", _("lost")
    CANCELLED = "cancelled", _("cancelled")


S = ShipmentStatus

TRANSITIONS: dict[ShipmentStatus, frozenset[ShipmentStatus]] = {
    S.CREATED: frozenset(
        {S.POSTED, S.IN_TRANSIT, S.READY_FOR_PICKUP, S.CANCELLED, S.DELIVERED, S.LOST}
    ),
    S.POSTED: frozenset({S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERED, S.LOST, S.RETURNED}),
    S.IN_TRANSIT: frozenset(
        {S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.FAILED_ATTEMPT, S.DELIVERED, S.LOST, S.RETURNED}
    ),
    S.OUT_FOR_DELIVERY: frozenset({S.DELIVERED, S.FAILED_ATTEMPT, S.IN_TRANSIT, S.LOST}),
    S.FAILED_ATTEMPT: frozenset(
        {S.OUT_FOR_DELIVERY, S.IN_TRANSIT, S.DELIVERED, S.RETURNED, S.LOST}
    ),
    S.READY_FOR_PICKUP: frozenset({S.DELIVERED, S.RETURNED}),
    S.DELIVERED: frozenset(),
    S.RETURNED: frozenset(),
    S.LOST: frozenset(),
    S.CANCELLED: frozenset(),
}

TERMINAL: frozenset[ShipmentStatus] = frozenset(s for s, nxt in TRANSITIONS.items() if not nxt)
# Still on its way: the SLA watch looks only at these.
OPEN: frozenset[ShipmentStatus] = frozenset(
    {S.CREATED, S.POSTED, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.FAILED_ATTEMPT, S.READY_FOR_PICKUP}
)


def transition_allowed(current: str, target: str) -> bool:
    try:
        return ShipmentStatus(target) in TRANSITIONS[ShipmentStatus(current)]
    except ValueError:
        return False


def status_applies(*, current: str, target: str, newer: bool) -> bool:
    """Whether an incoming event moves the shipment.

    Only an event at least as recent as the last applied one moves it, and only along
    the table; older or repeated events are kept in the history and change nothing.
    """
    return newer and transition_allowed(current, target)

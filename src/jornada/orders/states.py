"""The order's life as data: its statuses and the moves allowed between them.

Pure Python, no database. Every status change goes through ``jornada.orders.services``,
which locks the order, asks ``transition_allowed`` and refuses anything else.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    PLACED = "placed", _("placed")
    AWAITING_PAYMENT = "awaiting_payment", _("awaiting payment")
    PAID = "paid", _("paid")
    ON_HOLD = "on_hold", _("on hold for validation")
    VALIDATED = "validated", _("validated")
    IN_FULFILMENT = "in_fulfilment", _("in fulfilment")
    PARTIALLY_SHIPPED = "partially_shipped", _("partially shipped")
    SHIPPED = "shipped", _("shipped")
    DELIVERED = "delivered", _("delivered")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")
    RETURN_REQUESTED = "return_requested", _("return requested")
    RETURNED = "returned", _("returned")
    PARTIALLY_REFUNDED = "partially_refunded", _("partially refunded")
    REFUNDED = "refunded", _("refunded")


S = OrderStatus

TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    S.PLACED: frozenset({S.AWAITING_PAYMENT, S.PAID, S.CANCELLED}),
    S.AWAITING_PAYMENT: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.ON_HOLD, S.VALIDATED, S.CANCELLED}),
    S.ON_HOLD: frozenset({S.VALIDATED, S.CANCELLED}),
    S.VALIDATED: frozenset({S.IN_FULFILMENT, S.ON_HOLD, S.CANCELLED}),
    S.IN_FULFILMENT: frozenset({S.PARTIALLY_SHIPPED, S.SHIPPED, S.CANCELLED}),
    S.PARTIALLY_SHIPPED: frozenset({S.SHIPPED}),
    S.SHIPPED: frozenset({S.DELIVERED, S.RETURNED}),
    S.DELIVERED: frozenset({S.COMPLETED, S.RETURN_REQUESTED}),
    S.COMPLETED: frozenset({S.RETURN_REQUESTED}),
    S.RETURN_REQUESTED: frozenset({S.RETURNED, S.COMPLETED}),
    S.RETURNED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.PARTIALLY_REFUNDED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}

# Before these, nothing has left the building: staff may still cancel.
BEFORE_DISPATCH: frozenset[OrderStatus] = frozenset(
    {S.PLACED, S.AWAITING_PAYMENT, S.PAID, S.ON_HOLD, S.VALIDATED, S.IN_FULFILMENT}
)
# The customer may cancel alone only until fulfilment starts (and within the window).
CUSTOMER_CANCELLABLE: frozenset[OrderStatus] = frozenset(
    {S.PLACED, S.AWAITING_PAYMENT, S.PAID, S.ON_HOLD, S.VALIDATED}
)
# Lines may change only while nothing has been paid.
UNPAID: frozenset[OrderStatus] = frozenset({S.PLACED, S.AWAITING_PAYMENT})
TERMINAL: frozenset[OrderStatus] = frozenset(s for s, nxt in TRANSITIONS.items() if not nxt)


def transition_allowed(current: str, target: str) -> bool:
    try:
        return OrderStatus(target) in TRANSITIONS[OrderStatus(current)]
    except ValueError:
        return False

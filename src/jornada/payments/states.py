"""A payment's life as data: its statuses and the moves allowed between them.

Pure Python, no database. Every status change goes through ``jornada.payments.services``,
which locks the payment, asks ``transition_allowed`` and refuses anything else. The table
is also what makes webhooks order-tolerant: a late "pending" or "authorized" after "paid"
is a move the table refuses, so it changes nothing.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    AUTHORIZED = "authorized", _("authorized")
    PAID = "paid", _("paid")
    FAILED = "failed", _("failed")
    EXPIRED = "expired", _("expired")
    PARTIALLY_REFUNDED = "partially_refunded", _("partially refunded")
    REFUNDED = "refunded", _("refunded")
    CHARGED_BACK = "charged_back", _("charged back")


S = PaymentStatus

TRANSITIONS: dict[PaymentStatus, frozenset[PaymentStatus]] = {
    S.PENDING: frozenset({S.AUTHORIZED, S.PAID, S.FAILED, S.EXPIRED}),
    S.AUTHORIZED: frozenset({S.PAID, S.FAILED, S.EXPIRED}),
    S.PAID: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED, S.CHARGED_BACK}),
    S.PARTIALLY_REFUNDED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED, S.CHARGED_BACK}),
    S.FAILED: frozenset(),
    S.EXPIRED: frozenset(),
    S.REFUNDED: frozenset(),
    S.CHARGED_BACK: frozenset(),
}

# Still waiting for the customer or the gateway: these may expire.
OPEN: frozenset[PaymentStatus] = frozenset({S.PENDING, S.AUTHORIZED})
# Money was received (and may be refunded).
CAPTURED: frozenset[PaymentStatus] = frozenset({S.PAID, S.PARTIALLY_REFUNDED})
TERMINAL: frozenset[PaymentStatus] = frozenset(s for s, nxt in TRANSITIONS.items() if not nxt)


def transition_allowed(current: str, target: str) -> bool:
    try:
        return PaymentStatus(target) in TRANSITIONS[PaymentStatus(current)]
    except ValueError:
        return False


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("awaiting approval")
    ISSUED = "issued", _("issued")
    REJECTED = "rejected", _("rejected")
    FAILED = "failed", _("failed at the gateway")


REFUND_TRANSITIONS: dict[RefundStatus, frozenset[RefundStatus]] = {
    RefundStatus.REQUESTED: frozenset(
        {RefundStatus.ISSUED, RefundStatus.REJECTED, RefundStatus.FAILED}
    ),
    RefundStatus.ISSUED: frozenset(),
    RefundStatus.REJECTED: frozenset(),
    RefundStatus.FAILED: frozenset(),
}

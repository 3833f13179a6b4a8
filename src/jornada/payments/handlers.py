"""Reactions to other apps' events (wired in ``jornada.wiring``); each is idempotent."""

from __future__ import annotations

from jornada.core.events import Event
from jornada.payments import refunds, services


def on_order_placed(event: Event) -> None:
    """Open the order's payment: the Pix code, the boleto, the PayPal redirect or the
    wait for the card token."""
    services.payment_start(order_id=int(event.payload["order_id"]))


def on_order_cancelled(event: Event) -> None:
    """Nothing more may be paid for a cancelled order; what was paid goes to finance
    as refund requests."""
    order_id = int(event.payload["order_id"])
    services.payment_order_cancelled(order_id=order_id)
    refunds.refunds_request_for_cancelled_order(order_id=order_id)

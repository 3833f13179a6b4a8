"""Validation's reactions to other apps' events (wired in ``jornada.wiring``)."""

from __future__ import annotations

from jornada.core.events import Event
from jornada.orders.states import OrderStatus
from jornada.validation.services import order_validation_run


def on_order_status_changed(event: Event) -> None:
    """Every paid order is checked once (a repeated event finds it checked already)."""
    if event.payload.get("status") == OrderStatus.PAID:
        order_validation_run(order_id=int(event.payload["order_id"]))

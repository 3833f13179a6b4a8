"""Reactions to other apps' events (wired in ``jornada.wiring``); each is idempotent."""

from __future__ import annotations

from jornada.core.events import Event
from jornada.inventory.services import stock_allocate_for_order


def on_order_status_changed(event: Event) -> None:
    """Payment turns the order's reservations into allocations (once; repeats do nothing)."""
    payload = event.payload
    if payload.get("status") != "paid":
        return
    stock_allocate_for_order(
        order_id=int(payload["order_id"]), order_number=str(payload.get("number", ""))
    )

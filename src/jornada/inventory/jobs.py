"""Timer jobs of the inventory app (periodic, named in ``jornada.wiring``)."""

from __future__ import annotations

from typing import Any

from jornada.inventory.purchasing import purchase_orders_send_due
from jornada.inventory.services import low_stock_check, reservations_expire


def stock_scan(payload: dict[str, Any]) -> None:
    """Release holds whose payment window passed; alert on low stock."""
    reservations_expire()
    low_stock_check()


def purchase_orders_send(payload: dict[str, Any]) -> None:
    """Send the drafts collected since the last run (one per supplier)."""
    purchase_orders_send_due()

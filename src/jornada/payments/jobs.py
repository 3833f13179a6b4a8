"""Timer jobs (``TIMER_JOBS`` in ``jornada.wiring``)."""

from __future__ import annotations

from typing import Any

from jornada.payments import services


def payment_expire(payload: dict[str, Any]) -> None:
    """The order's payment time is over: expire what is open and cancel the order."""
    services.payment_expire_order(order_id=int(payload["order_id"]))

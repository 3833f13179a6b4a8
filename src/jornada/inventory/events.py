"""Domain events of the inventory app (docs/events.md, docs/inventory.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jornada.core.events import DomainEvent, event_publish


@dataclass(frozen=True, kw_only=True)
class StockReleased(DomainEvent):
    event_type = "inventory.StockReleased"
    order_id: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class OrderBackordered(DomainEvent):
    event_type = "inventory.OrderBackordered"
    order_id: int
    number: str
    skus: list[str]
    purchase_order_ids: list[int]
    expected_date: str | None


@dataclass(frozen=True, kw_only=True)
class StockLow(DomainEvent):
    event_type = "inventory.StockLow"
    sku: str
    location_id: int
    location_code: str
    available: int
    threshold: int


@dataclass(frozen=True, kw_only=True)
class PurchaseOrderStatusChanged(DomainEvent):
    event_type = "inventory.PurchaseOrderStatusChanged"
    purchase_order_id: int
    supplier_id: int
    status: str
    order_id: int | None
    tracking_code: str


def _aggregate(order_id: int) -> str:
    return f"order:{order_id}"


def stock_released_event(*, order_id: int, reason: str) -> None:
    event_publish(StockReleased(order_id=order_id, reason=reason), aggregate=_aggregate(order_id))


def order_backordered_event(
    *,
    order_id: int,
    number: str,
    skus: list[str],
    purchase_order_ids: list[int],
    expected_date: dt.date | None,
) -> None:
    event_publish(
        OrderBackordered(
            order_id=order_id,
            number=number,
            skus=sorted(skus),
            purchase_order_ids=sorted(purchase_order_ids),
            expected_date=expected_date.isoformat() if expected_date else None,
        ),
        aggregate=_aggregate(order_id),
    )


def stock_low_event(
    *, sku: str, location_id: int, location_code: str, available: int, threshold: int
) -> None:
    event_publish(
        StockLow(
            sku=sku,
            location_id=location_id,
            location_code=location_code,
            available=available,
            threshold=threshold,
        ),
        aggregate=f"sku:{sku}",
    )


def purchase_order_status_event(
    *, purchase_order_id: int, supplier_id: int, status: str, order_id: int | None, tracking: str
) -> None:
    event_publish(
        PurchaseOrderStatusChanged(
            purchase_order_id=purchase_order_id,
            supplier_id=supplier_id,
            status=status,
            order_id=order_id,
            tracking_code=tracking,
        ),
        aggregate=f"purchase_order:{purchase_order_id}",
    )

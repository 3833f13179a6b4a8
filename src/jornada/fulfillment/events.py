"""Fulfilment's domain events (docs/events.md): one writer per event type."""

from __future__ import annotations

from dataclasses import dataclass

from jornada.core.events import DomainEvent, event_publish
from jornada.orders.models import Order


@dataclass(frozen=True, kw_only=True)
class OrderPacked(DomainEvent):
    event_type = "fulfillment.OrderPacked"
    order_id: int
    number: str
    package_ids: list[int]
    packing_slip_document_id: int


def order_packed_event(*, order: Order, package_ids: list[int], slip_document_id: int) -> None:
    event_publish(
        OrderPacked(
            order_id=order.pk,
            number=order.number,
            package_ids=package_ids,
            packing_slip_document_id=slip_document_id,
        ),
        aggregate=f"order:{order.pk}",
    )

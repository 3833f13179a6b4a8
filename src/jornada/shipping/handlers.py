"""Shipping's reactions to other apps' events (wired in ``jornada.wiring``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from jornada.core.events import Event
from jornada.fulfillment.selectors import closed_unshipped
from jornada.orders.models import Order
from jornada.orders.states import OrderStatus
from jornada.orders.types import Actor
from jornada.shipping.services import backorder_record
from jornada.shipping.shipments import shipment_create


def on_order_packed(event: Event) -> None:
    """Packed orders go to the promised carrier at once (``SHIPPING_AUTO_DISPATCH``)."""
    if not settings.SHIPPING_AUTO_DISPATCH:
        return
    order_id = int(event.payload["order_id"])
    status = Order.objects.filter(pk=order_id).values_list("status", flat=True).first()
    if status not in (OrderStatus.IN_FULFILMENT, OrderStatus.PARTIALLY_SHIPPED):
        return
    if not closed_unshipped(order_id):
        return  # shipped already (a repeated event)
    shipment_create(order_id=order_id, actor=Actor.system())


def on_order_backordered(event: Event) -> None:
    expected = event.payload.get("expected_date")
    backorder_record(
        order_id=int(event.payload["order_id"]),
        expected_date=dt.date.fromisoformat(expected[:10]) if expected else None,
        skus=list(event.payload.get("skus") or []),
    )

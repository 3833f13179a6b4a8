"""Getting an order to a given point of the journey in tests (services, no worker)."""

from __future__ import annotations

from typing import Any

from jornada.fulfillment import services as fulfillment
from jornada.fulfillment.models import Package
from jornada.orders.models import Order
from jornada.orders.types import Actor
from jornada.shipping.models import Shipment
from jornada.shipping.shipments import shipment_create
from jornada.shipping.tests.journey import place_and_pay
from jornada.validation.services import order_validation_run

STAFF = Actor(kind="staff", label="ana")


def validated(**overrides: Any) -> Order:
    order = place_and_pay(**overrides)
    order_validation_run(order_id=order.pk)
    order.refresh_from_db()
    assert order.status == "validated", order.validation.reasons
    return order


def pack_all(package: Package) -> Package:
    for item in package.items.all():
        for _unit in range(item.quantity):
            fulfillment.package_scan(package_id=package.pk, code=item.sku)
    return fulfillment.package_close(package_id=package.pk, actor=STAFF)


def packed(**overrides: Any) -> Order:
    order = validated(**overrides)
    fulfillment.fulfillment_start(order_id=order.pk, actor=STAFF)
    for package in fulfillment.package_open(order_id=order.pk, actor=STAFF):
        pack_all(package)
    order.refresh_from_db()
    return order


def shipped(**overrides: Any) -> Shipment:
    order = packed(**overrides)
    return shipment_create(order_id=order.pk, actor=STAFF)

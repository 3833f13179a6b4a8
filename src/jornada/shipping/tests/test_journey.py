"""Paid order -> validated (report) -> packed (slip) -> shipped (label) -> tracked ->
delivered with proof, with the sandbox carrier and its signed webhooks."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from jornada.core.models import Document, OutboxEvent
from jornada.fulfillment import services as fulfillment
from jornada.orders.types import Actor
from jornada.shipping.adapters import sandbox
from jornada.shipping.models import ProofOfDelivery, Shipment
from jornada.shipping.tests.journey import drain, place_and_pay, statuses

pytestmark = pytest.mark.django_db

STAFF = Actor.staff(user_id=None, label="ana")  # type: ignore[arg-type]


def test_a_paid_order_goes_all_the_way_to_delivered_with_proof(catalog, wiring, monkeypatch):
    # given a clean paid order, and a sandbox parcel that arrives on time
    monkeypatch.setattr(sandbox, "scenario_for", lambda code: sandbox.ON_TIME)
    start = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        order = place_and_pay()

        # when the worker runs, the order validates itself
        drain()
        order.refresh_from_db()
        assert order.status == "validated"

        # and staff pick, pack and scan every unit
        fulfillment.fulfillment_start(order_id=order.pk, actor=STAFF)
        packages = fulfillment.package_open(order_id=order.pk, actor=STAFF)
        for package in packages:
            for item in package.items.all():
                for _unit in range(item.quantity):
                    fulfillment.package_scan(package_id=package.pk, code=item.barcode)
            fulfillment.package_close(package_id=package.pk, actor=STAFF)
        drain()
        order.refresh_from_db()
        assert order.status == "shipped"
        shipment = Shipment.objects.get(order=order)

        # then the sandbox carrier reports its events over the following days
        for _day in range(15):
            clock.shift(dt.timedelta(days=1))
            drain()
    order.refresh_from_db()
    shipment.refresh_from_db()
    assert order.status == "delivered"
    assert shipment.status == "delivered"
    assert statuses(order) == ["paid", "validated", "in_fulfilment", "shipped", "delivered"]
    proof = ProofOfDelivery.objects.get(shipment=shipment)
    assert proof.received_by == "Maria da Silva"
    types = list(
        OutboxEvent.objects.filter(aggregate=f"order:{order.pk}")
        .order_by("occurred_at", "event_type")
        .values_list("event_type", flat=True)
    )
    assert "validation.OrderValidated" in types
    assert "shipping.ShipmentDelivered" in types
    kinds = set(Document.objects.filter(order_id=order.pk).values_list("kind", flat=True))
    assert kinds == {"order_report", "packing_slip", "shipping_label"}
    assert timezone.now() > start

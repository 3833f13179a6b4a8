"""From placed to delivered with every app wired as in production: the sandbox payment
gateway, validation, fulfilment, the sandbox carrier and its signed webhooks, journeys
and notifications. Checks every timeline entry and every customer message, in order."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from jornada.core.testing import worker_drain
from jornada.fulfillment import services as fulfillment
from jornada.notifications.models import Message
from jornada.orders.models import Order
from jornada.orders.services import order_place
from jornada.orders.types import Actor
from jornada.payments.adapters import sandbox_delivery
from jornada.payments.adapters.sandbox import sandbox_card_token
from jornada.payments.services import CardInput, payment_card_submit
from jornada.payments.tests.conftest import client_transport
from jornada.shipping.adapters import sandbox as carrier_sandbox
from jornada.shipping.models import ProofOfDelivery, Shipment
from jornada.shipping.tests.journey import order_input, store_catalog

pytestmark = pytest.mark.django_db
STAFF = Actor(kind="staff", label="ana")
MONDAY = dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC)  # 10:00 in São Paulo


@pytest.fixture
def world(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.PAYMENT_GATEWAY = "sandbox"
    settings.SANDBOX_CONFIRM_SECONDS = 0
    settings.SANDBOX_WEBHOOK_URL = ""
    monkeypatch.setattr(sandbox_delivery, "transport_factory", client_transport)
    monkeypatch.setattr(carrier_sandbox, "scenario_for", lambda code: carrier_sandbox.ON_TIME)


def test_an_order_goes_from_placed_to_delivered_with_every_step_told(world):
    store_catalog()
    with time_machine.travel(MONDAY, tick=False) as clock:
        # placed and paid by card through the sandbox gateway
        order = order_place(data=order_input(), actor=Actor.customer("Maria")).order
        worker_drain()
        payment_card_submit(
            order_id=order.pk,
            card=CardInput(
                token=sandbox_card_token("4111111111111111"), brand="visa", last4="1111"
            ),
        )
        worker_drain()
        order.refresh_from_db()
        assert order.status == "validated"

        # picked, packed and scanned in the warehouse; shipped on its own
        fulfillment.fulfillment_start(order_id=order.pk, actor=STAFF)
        for package in fulfillment.package_open(order_id=order.pk, actor=STAFF):
            for item in package.items.all():
                for _unit in range(item.quantity):
                    fulfillment.package_scan(package_id=package.pk, code=item.barcode)
            fulfillment.package_close(package_id=package.pk, actor=STAFF)
        worker_drain()

        # the carrier reports over the following days
        for _hour in range(0, 24 * 14, 3):
            clock.shift(dt.timedelta(hours=3))
            worker_drain()

    order.refresh_from_db()
    assert order.status == "delivered"
    shipment = Shipment.objects.get(order=order)
    assert ProofOfDelivery.objects.get(shipment=shipment).received_by == "Maria da Silva"
    timeline = [
        (e.type, e.params.get("to", ""))
        for e in order.events.order_by("id")
        if e.type in ("placed", "status_changed")
    ]
    assert timeline == [
        ("placed", ""),
        ("status_changed", "awaiting_payment"),
        ("status_changed", "paid"),
        ("status_changed", "validated"),
        ("status_changed", "in_fulfilment"),
        ("status_changed", "shipped"),
        ("status_changed", "delivered"),
    ]
    messages = list(
        Message.objects.filter(order_id=order.pk, audience="customer")
        .order_by("created_at", "id")
        .values_list("template_key", flat=True)
    )
    told = list(dict.fromkeys(messages))  # one entry per message kind, in first-sent order
    assert told == [
        "order_confirmation",
        "payment_approved",
        "order_validated",
        "order_shipped",
        "out_for_delivery",
        "delivered",
    ], messages
    assert len(messages) == len(told)  # each told once, on the customer's channel
    validated = Message.objects.get(order_id=order.pk, template_key="order_validated")
    assert validated.attachments  # the order report
    assert Order.objects.get(pk=order.pk).status == "delivered"

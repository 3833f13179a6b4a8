"""Tracking: one path for webhooks and polling; late, repeated or reordered events are
harmless; delivery records the proof and moves the order."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.utils import timezone

from jornada.core.models import OutboxEvent
from jornada.core.scheduler import timers_fire_due
from jornada.orders.models import Order
from jornada.shipping.adapters.base import CarrierEvent
from jornada.shipping.models import InboundWebhook, ProofOfDelivery, Shipment, TrackingEvent
from jornada.shipping.shipments import (
    WebhookRefused,
    shipment_poll,
    tracking_apply,
    webhook_receive,
)
from jornada.shipping.tests.flow import shipped
from jornada.shipping.tests.journey import stage_wiring, statuses
from jornada.shipping.webhooks import webhook_headers

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _before_the_recorded_events():
    """The carrier's events are dated; the shipments they move must be older than them
    (a shipment ignores events from before it existed), whatever today's date is."""
    with time_machine.travel(dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC), tick=True):
        yield


def event(
    n: int, status: str, hours: int, received_by: str = "", receiver_document: str = ""
) -> CarrierEvent:
    return CarrierEvent(
        external_id=f"e{n}",
        status=status,
        description=status,
        occurred_at=T0 + dt.timedelta(hours=hours),
        location="São Paulo/SP",
        received_by=received_by,
        receiver_document=receiver_document,
    )


def types(order_id: int) -> list[str]:
    return list(
        OutboxEvent.objects.filter(
            aggregate=f"order:{order_id}", event_type__startswith="shipping."
        )
        .order_by("occurred_at", "event_type")
        .values_list("event_type", flat=True)
    )


def test_events_move_the_shipment_and_delivery_records_proof_and_delivers_the_order(catalog):
    # given
    shipment = shipped()

    # when
    tracking_apply(
        shipment_id=shipment.pk,
        carrier_events=[
            event(1, "posted", 1),
            event(2, "in_transit", 20),
            event(3, "out_for_delivery", 40),
            event(4, "delivered", 44, received_by="João Souza", receiver_document="529.982.247-25"),
        ],
    )

    # then
    shipment.refresh_from_db()
    assert shipment.status == "delivered"
    assert shipment.posted_at == T0 + dt.timedelta(hours=1)
    proof = ProofOfDelivery.objects.get(shipment=shipment)
    assert (proof.received_by, proof.document, proof.delivered_at) == (
        "João Souza",
        "***.982.247-**",
        T0 + dt.timedelta(hours=44),
    )
    order = Order.objects.get(pk=shipment.order_id)
    assert order.status == "delivered"
    assert statuses(order)[-2:] == ["shipped", "delivered"]
    delivered = OutboxEvent.objects.get(event_type="shipping.ShipmentDelivered")
    assert delivered.payload == {
        "order_id": order.pk,
        "shipment_id": shipment.pk,
        "tracking_code": shipment.tracking_code,
        "received_by": "João Souza",
        "delivered_at": (T0 + dt.timedelta(hours=44)).isoformat(),
        "on_time": True,
    }
    updates = OutboxEvent.objects.filter(event_type="shipping.TrackingUpdated").order_by(
        "occurred_at"
    )
    assert [u.payload["status"] for u in updates] == [
        "posted",
        "in_transit",
        "out_for_delivery",
        "delivered",
    ]
    assert set(updates[0].payload) == {
        "order_id",
        "shipment_id",
        "tracking_code",
        "status",
        "description",
        "location",
        "occurred_at",
    }


def test_a_late_older_event_is_kept_but_does_not_move_the_shipment_back(catalog):
    shipment = shipped()
    tracking_apply(
        shipment_id=shipment.pk,
        carrier_events=[event(1, "posted", 1), event(3, "out_for_delivery", 40)],
    )

    tracking_apply(shipment_id=shipment.pk, carrier_events=[event(2, "in_transit", 20)])

    shipment.refresh_from_db()
    assert shipment.status == "out_for_delivery"
    late = TrackingEvent.objects.get(shipment=shipment, external_id="e2")
    assert late.applied is False
    assert OutboxEvent.objects.filter(event_type="shipping.TrackingUpdated").count() == 2


def test_a_repeated_event_changes_nothing(catalog):
    shipment = shipped()
    tracking_apply(shipment_id=shipment.pk, carrier_events=[event(1, "posted", 1)])

    tracking_apply(
        shipment_id=shipment.pk, carrier_events=[event(1, "posted", 1), event(1, "posted", 1)]
    )

    assert TrackingEvent.objects.filter(shipment=shipment).count() == 1
    assert OutboxEvent.objects.filter(event_type="shipping.TrackingUpdated").count() == 1


def test_events_given_out_of_order_in_one_batch_end_where_the_newest_says(catalog):
    shipment = shipped()

    tracking_apply(
        shipment_id=shipment.pk,
        carrier_events=[
            event(3, "out_for_delivery", 40),
            event(1, "posted", 1),
            event(2, "in_transit", 20),
        ],
    )

    shipment.refresh_from_db()
    assert shipment.status == "out_for_delivery"
    assert list(
        TrackingEvent.objects.filter(shipment=shipment)
        .order_by("occurred_at")
        .values_list("applied", flat=True)
    ) == [True, True, True]


def _signed(
    shipment: Shipment, events: list[dict[str, str]], webhook_id: str, secret: str
) -> tuple[dict[str, str], bytes]:
    body = json.dumps({"tracking_code": shipment.tracking_code, "events": events}).encode()
    return webhook_headers(secret=secret, webhook_id=webhook_id, body=body), body


def test_a_signed_webhook_is_applied_once_even_when_redelivered(catalog, settings):
    shipment = shipped()
    headers, body = _signed(
        shipment,
        [
            {
                "id": "w1",
                "status": "posted",
                "description": "Objeto postado",
                "occurred_at": T0.isoformat(),
            }
        ],
        "hook-1",
        settings.SHIPPING_SANDBOX_WEBHOOK_SECRET,
    )
    carrier = shipment.service.carrier.code

    first = webhook_receive(carrier_code=carrier, headers=headers, body=body)
    again = webhook_receive(carrier_code=carrier, headers=headers, body=body)

    assert (first, again) == (1, 0)
    shipment.refresh_from_db()
    assert shipment.status == "posted"
    assert InboundWebhook.objects.count() == 1


def test_a_webhook_with_a_bad_signature_is_refused_and_writes_nothing(catalog):
    shipment = shipped()
    headers, body = _signed(
        shipment,
        [{"id": "w1", "status": "posted", "occurred_at": T0.isoformat()}],
        "hook-1",
        "whsec_d3Jvbmcgc2VjcmV0",
    )

    with pytest.raises(WebhookRefused):
        webhook_receive(carrier_code=shipment.service.carrier.code, headers=headers, body=body)

    shipment.refresh_from_db()
    assert shipment.status == "created"
    assert not TrackingEvent.objects.exists()
    assert not InboundWebhook.objects.exists()


def test_polling_catches_up_with_what_the_sandbox_carrier_reported(catalog, monkeypatch):
    from jornada.shipping.adapters import sandbox

    monkeypatch.setattr(sandbox, "scenario_for", lambda code: sandbox.ON_TIME)
    with time_machine.travel(T0, tick=False) as clock:
        shipment = shipped()
        clock.shift(dt.timedelta(days=2))
        shipment_poll(shipment_id=shipment.pk)
    shipment.refresh_from_db()
    assert shipment.status == "in_transit"
    assert list(
        TrackingEvent.objects.filter(shipment=shipment)
        .order_by("occurred_at")
        .values_list("status", flat=True)
    ) == ["posted", "in_transit"]


@pytest.mark.parametrize(
    ("scenario", "final", "order_status"),
    [
        ("returned", "returned", "shipped"),
        ("lost", "lost", "shipped"),
        ("failed_attempt", "delivered", "delivered"),
        ("late", "delivered", "delivered"),
    ],
)
def test_the_sandbox_carrier_plays_every_scenario_through_signed_webhooks(
    catalog, monkeypatch, scenario, final, order_status
):
    from jornada.shipping.adapters import sandbox

    monkeypatch.setattr(sandbox, "scenario_for", lambda code: scenario)
    with stage_wiring(), time_machine.travel(T0, tick=False) as clock:
        shipment = shipped()
        for _day in range(30):
            clock.shift(dt.timedelta(days=1))
            timers_fire_due(token="t", limit=100)
        now = timezone.now()
    shipment.refresh_from_db()
    assert shipment.status == final
    assert Order.objects.get(pk=shipment.order_id).status == order_status
    seen = list(
        TrackingEvent.objects.filter(shipment=shipment)
        .order_by("occurred_at")
        .values_list("status", flat=True)
    )
    assert seen[:2] == ["posted", "in_transit"]
    if scenario == "failed_attempt":
        assert "failed_attempt" in seen
    if scenario == "late":
        assert shipment.late is True
        assert (
            OutboxEvent.objects.get(event_type="shipping.ShipmentDelivered").payload["on_time"]
            is False
        )
    assert all(e.occurred_at <= now for e in TrackingEvent.objects.filter(shipment=shipment))


def test_the_sandbox_carrier_cancels_a_parcel_only_before_it_is_posted(catalog, monkeypatch):
    from jornada.core.models import Timer
    from jornada.shipping.adapters import sandbox

    monkeypatch.setattr(sandbox, "scenario_for", lambda code: sandbox.ON_TIME)
    with stage_wiring(), time_machine.travel(T0, tick=False) as clock:
        first, second = shipped(), shipped()
        carrier = sandbox.SandboxCarrier()

        assert carrier.cancel(first.tracking_code) is True
        assert not Timer.objects.filter(
            key__contains=first.tracking_code, status="pending"
        ).exists()
        clock.shift(dt.timedelta(hours=4))
        assert carrier.cancel(second.tracking_code) is False  # posted already
        assert carrier.track(first.tracking_code) == []
        assert [e.status for e in carrier.track(second.tracking_code)] == ["posted"]

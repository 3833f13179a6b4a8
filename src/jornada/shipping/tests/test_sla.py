"""The SLA watch, store pickup, staff-recorded proof of delivery and daily manifests."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
import time_machine

from jornada.core.errors import DomainError, TransitionNotAllowed
from jornada.core.models import Document, OutboxEvent
from jornada.core.scheduler import timers_fire_due
from jornada.fulfillment import services as fulfillment
from jornada.orders import services as orders
from jornada.orders.models import Order
from jornada.orders.types import Actor
from jornada.shipping.adapters.base import CarrierEvent
from jornada.shipping.models import ProofOfDelivery, Shipment
from jornada.shipping.selectors import on_time_by_carrier, shipments_at_risk, shipments_late
from jornada.shipping.services import delivery_choose
from jornada.shipping.shipments import shipment_create, shipment_record_delivery, tracking_apply
from jornada.shipping.sla import manifest_create, shipments_sla_check
from jornada.shipping.tests.flow import STAFF, pack_all, shipped
from jornada.shipping.tests.journey import document_content, place, stage_wiring, statuses
from jornada.shipping.tests.pdf import flat, pdf_text
from jornada.validation.services import order_validation_run

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)  # Tuesday


def test_a_shipment_past_its_promise_is_flagged_late_once(catalog):
    with time_machine.travel(T0, tick=False) as clock:
        shipment = shipped()
        promised = shipment.promised_date
        assert promised is not None
        clock.move_to(
            dt.datetime.combine(promised, dt.time(23, 0), tzinfo=dt.UTC) + dt.timedelta(days=1)
        )
        first = shipments_sla_check()
        second = shipments_sla_check()

    assert (first.late, second.late) == (1, 0)
    shipment.refresh_from_db()
    assert shipment.late is True
    late = OutboxEvent.objects.get(event_type="shipping.DeliveryLate")
    assert late.payload == {
        "order_id": shipment.order_id,
        "shipment_id": shipment.pk,
        "tracking_code": shipment.tracking_code,
        "promised_date": promised.isoformat(),
    }
    assert list(shipments_late()) == [shipment]


def test_a_shipment_on_time_is_not_flagged(catalog):
    with time_machine.travel(T0, tick=False):
        shipment = shipped()
        outcome = shipments_sla_check()

    assert (outcome.late, outcome.at_risk) == (0, 0)
    shipment.refresh_from_db()
    assert (shipment.late, shipment.at_risk) == (False, False)
    assert not OutboxEvent.objects.filter(event_type="shipping.DeliveryLate").exists()


def test_a_quiet_shipment_is_at_risk_until_it_moves_again(catalog):
    with time_machine.travel(T0, tick=False) as clock:
        shipment = shipped()
        clock.shift(dt.timedelta(hours=73))
        outcome = shipments_sla_check()
        assert outcome.at_risk == 1
        assert list(shipments_at_risk()) == [shipment]
        tracking_apply(
            shipment_id=shipment.pk,
            carrier_events=[
                CarrierEvent("e1", "in_transit", "Em trânsito", T0 + dt.timedelta(hours=73))
            ],
        )
    shipment.refresh_from_db()
    assert shipment.at_risk is False


def test_a_carrier_estimate_past_the_promise_puts_it_at_risk(catalog):
    with time_machine.travel(T0, tick=False):
        shipment = shipped()
        assert shipment.promised_date is not None
        Shipment.objects.filter(pk=shipment.pk).update(
            estimated_date=shipment.promised_date + dt.timedelta(days=2)
        )
        assert shipments_sla_check().at_risk == 1


def test_on_time_rate_per_carrier(catalog):
    with time_machine.travel(T0, tick=False):
        on_time = shipped()
        late = shipped()
    for shipment, days in ((on_time, 1), (late, 20)):
        tracking_apply(
            shipment_id=shipment.pk,
            carrier_events=[
                CarrierEvent(
                    "d", "delivered", "Entregue", T0 + dt.timedelta(days=days), received_by="Maria"
                )
            ],
        )

    [rate] = on_time_by_carrier()
    assert (rate.carrier, rate.delivered, rate.on_time, rate.rate) == ("correios", 2, 1, 0.5)


def test_store_pickup_is_ready_then_collected_with_the_same_proof(catalog):
    # given the customer chose to collect at the store
    with stage_wiring(), time_machine.travel(T0, tick=False) as clock:
        order = place()
        delivery_choose(order_id=order.pk, service_code="retirada-loja")
        orders.order_mark_paid(order_id=order.pk, actor=Actor.system())
        order_validation_run(order_id=order.pk)
        fulfillment.fulfillment_start(order_id=order.pk, actor=STAFF)
        for package in fulfillment.package_open(order_id=order.pk, actor=STAFF):
            pack_all(package)
        shipment = shipment_create(order_id=order.pk, actor=STAFF)
        clock.shift(dt.timedelta(hours=2))
        timers_fire_due(token="t", limit=10)

        # then the store tells it is ready (no label: nothing travels)
        shipment.refresh_from_db()
        assert shipment.status == "ready_for_pickup"
        assert shipment.label_document_id is None
        assert OutboxEvent.objects.filter(
            event_type="shipping.TrackingUpdated", payload__status="ready_for_pickup"
        ).exists()

        # when the customer collects it
        clock.shift(dt.timedelta(days=1))
        photo = base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
        )
        shipment_record_delivery(
            shipment_id=shipment.pk,
            received_by="Maria da Silva",
            document="529.982.247-25",
            photo=photo,
            actor=STAFF,
        )

    proof = ProofOfDelivery.objects.get(shipment=shipment)
    assert (proof.received_by, proof.document, proof.recorded_by) == (
        "Maria da Silva",
        "***.982.247-**",
        "ana",
    )
    assert proof.photo_document_id is not None
    assert Document.objects.get(pk=proof.photo_document_id).content_type == "image/png"
    order.refresh_from_db()
    assert statuses(order) == ["paid", "validated", "in_fulfilment", "shipped", "delivered"]


def test_a_proof_with_bad_fields_is_refused_and_nothing_changes(catalog):
    shipment = shipped()

    with pytest.raises(DomainError) as refused:
        shipment_record_delivery(
            shipment_id=shipment.pk, received_by="", document="123", photo=b"GIF89a", actor=STAFF
        )

    assert set(refused.value.fields) == {"received_by", "document", "photo"}
    shipment.refresh_from_db()
    assert shipment.status == "created"
    assert not ProofOfDelivery.objects.exists()


def test_a_delivered_shipment_cannot_be_delivered_again(catalog):
    shipment = shipped()
    shipment_record_delivery(shipment_id=shipment.pk, received_by="Maria", actor=STAFF)

    with pytest.raises(TransitionNotAllowed):
        shipment_record_delivery(shipment_id=shipment.pk, received_by="Outra pessoa", actor=STAFF)

    assert ProofOfDelivery.objects.get(shipment=shipment).received_by == "Maria"
    assert Order.objects.get(pk=shipment.order_id).status == "delivered"


def test_the_daily_manifest_lists_the_day_s_shipments_of_the_carrier(catalog):
    with time_machine.travel(T0, tick=False):
        first, second = shipped(), shipped()

    manifest = manifest_create(carrier_code="correios", date=dt.date(2026, 11, 24))

    assert set(manifest.shipments.values_list("pk", flat=True)) == {first.pk, second.pk}
    text = flat(pdf_text(document_content(manifest.document_id)))
    assert first.tracking_code in text and second.tracking_code in text
    assert "Volumes: 2" in text
    assert not manifest_create(
        carrier_code="correios", date=dt.date(2026, 11, 25)
    ).shipments.exists()


def test_orders_that_can_no_longer_leave_in_time_are_listed_before_shipping(catalog):
    from jornada.shipping.selectors import orders_at_risk_before_shipping
    from jornada.shipping.tests.flow import validated

    with time_machine.travel(T0, tick=False):
        order = validated()
        shipped()  # already with the carrier: never listed here
    promise = order.delivery_promise
    # promised Tue 2026-12-01 with 4 carrier days: it must leave by Wed 2026-11-25
    assert (promise.promised_date, promise.carrier_days) == (dt.date(2026, 12, 1), 4)

    assert orders_at_risk_before_shipping(today=dt.date(2026, 11, 24)) == []
    [late] = orders_at_risk_before_shipping(today=dt.date(2026, 11, 25))
    assert (late.number, late.status, late.ship_by) == (
        order.number,
        "validated",
        dt.date(2026, 11, 25),
    )

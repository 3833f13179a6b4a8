"""The carrier's pickup of the day's manifest: parcels posted once, through tracking."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from jornada.core.errors import Conflict, DomainError
from jornada.core.models import OutboxEvent
from jornada.shipping.adapters.base import CarrierEvent
from jornada.shipping.handoff import manifest_hand_off, shipments_off_manifest
from jornada.shipping.models import Carrier, Manifest, Shipment, TrackingEvent
from jornada.shipping.shipments import tracking_apply
from jornada.shipping.sla import manifest_create
from jornada.shipping.tests.flow import shipped

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 24, 13, 0, tzinfo=dt.UTC)  # Tuesday, 10:00 in São Paulo
DAY = dt.date(2026, 11, 24)
PICKUP = dt.datetime(2026, 11, 24, 19, 0, tzinfo=dt.UTC)


def test_the_pickup_posts_every_parcel_of_the_manifest_once(catalog):
    # given: two shipments of the day on the manifest
    with time_machine.travel(T0, tick=False):
        first, second = shipped(), shipped()
    manifest_create(carrier_code="correios", date=DAY)
    # when
    outcome = manifest_hand_off(carrier_code="correios", date=DAY, handed_by="Wagner", now=PICKUP)
    # then
    assert sorted(outcome.posted) == sorted([first.tracking_code, second.tracking_code])
    assert outcome.not_on_manifest == 0
    for shipment in (first, second):
        shipment.refresh_from_db()
        assert (shipment.status, shipment.posted_at) == ("posted", PICKUP)
        event = TrackingEvent.objects.get(shipment=shipment, external_id=f"handoff-{shipment.pk}")
        assert event.applied is True
        assert event.description == "Coletado por Correios"
        assert event.raw == {"manifest": outcome.manifest.pk, "handed_by": "Wagner"}
    published = OutboxEvent.objects.filter(event_type="shipping.TrackingUpdated")
    assert sorted((e.payload["tracking_code"], e.payload["status"]) for e in published) == sorted(
        [(first.tracking_code, "posted"), (second.tracking_code, "posted")]
    )


def test_a_second_pickup_changes_nothing(catalog):
    with time_machine.travel(T0, tick=False):
        shipment = shipped()
    manifest_create(carrier_code="correios", date=DAY)
    manifest_hand_off(carrier_code="correios", date=DAY, handed_by="Wagner", now=PICKUP)
    events_before = TrackingEvent.objects.count()
    outbox_before = OutboxEvent.objects.count()
    # when
    again = manifest_hand_off(
        carrier_code="correios", date=DAY, handed_by="Wagner", now=PICKUP + dt.timedelta(hours=1)
    )
    # then
    assert again.posted == []
    assert TrackingEvent.objects.count() == events_before
    assert OutboxEvent.objects.count() == outbox_before
    shipment.refresh_from_db()
    assert shipment.posted_at == PICKUP


def test_the_carrier_s_own_posted_event_later_changes_nothing(catalog):
    with time_machine.travel(T0, tick=False):
        shipment = shipped()
    manifest_create(carrier_code="correios", date=DAY)
    manifest_hand_off(carrier_code="correios", date=DAY, handed_by="Wagner", now=PICKUP)
    # when: the carrier reports the posting an hour later
    tracking_apply(
        shipment_id=shipment.pk,
        carrier_events=[
            CarrierEvent(
                external_id="carrier-1",
                status="posted",
                description="Objeto postado",
                occurred_at=PICKUP + dt.timedelta(hours=1),
            )
        ],
    )
    # then: kept in the history, not applied
    shipment.refresh_from_db()
    assert (shipment.status, shipment.posted_at) == ("posted", PICKUP)
    assert TrackingEvent.objects.get(external_id="carrier-1").applied is False


def test_only_shipments_on_the_manifest_are_handed_over(catalog):
    # given: one shipment on the manifest, one made after it
    with time_machine.travel(T0, tick=False) as clock:
        listed = shipped()
        manifest_create(carrier_code="correios", date=DAY)
        clock.shift(dt.timedelta(hours=1))
        later = shipped()
    # when
    outcome = manifest_hand_off(carrier_code="correios", date=DAY, handed_by="Wagner", now=PICKUP)
    # then
    assert outcome.posted == [listed.tracking_code]
    assert outcome.not_on_manifest == 1
    assert Shipment.objects.get(pk=later.pk).status == "created"
    correios = Carrier.objects.get(code="correios")
    assert shipments_off_manifest(carrier=correios, date=DAY) == 1


def test_no_pickup_without_the_manifest(catalog):
    with time_machine.travel(T0, tick=False):
        shipment = shipped()
    with pytest.raises(Conflict) as refused:
        manifest_hand_off(carrier_code="correios", date=DAY, handed_by="Wagner", now=PICKUP)
    assert refused.value.fields == {"manifest": ["Ainda não gerado."]}
    assert Shipment.objects.get(pk=shipment.pk).status == "created"
    assert not TrackingEvent.objects.exists()
    assert not Manifest.objects.exists()


@pytest.mark.parametrize("code", ["nope", "retirada"])
def test_unknown_carriers_and_store_pickup_have_no_hand_off(catalog, code):
    pickup = Carrier.objects.filter(kind="pickup").first()
    assert pickup is not None
    carrier_code = pickup.code if code == "retirada" else code
    with pytest.raises(DomainError) as refused:
        manifest_hand_off(carrier_code=carrier_code, date=DAY, handed_by="Wagner", now=PICKUP)
    assert set(refused.value.fields or {}) == {"carrier"}

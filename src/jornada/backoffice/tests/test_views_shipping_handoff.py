"""The shipping page's manifest and hand-off at pickup: warehouse only, through shipping,
logged, and a second hand-off that does nothing and says so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from jornada.backoffice.models import StaffAction
from jornada.core.models import Document, OutboxEvent
from jornada.orders.models import Order
from jornada.shipping.models import Manifest, Shipment, TrackingEvent
from jornada.shipping.tests.flow import shipped
from jornada.shipping.tests.journey import store_catalog

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 24, 13, 0, tzinfo=dt.UTC)  # Tuesday, 10:00 in São Paulo
PAGE = "/backoffice/shipping/"
MANIFEST = "/backoffice/shipping/correios/manifest/"
HANDOFF = "/backoffice/shipping/correios/handoff/"


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def two_shipments(db: Any, clock: Any) -> list[Shipment]:
    store_catalog()
    return [shipped(), shipped()]


def live_text(response: Any) -> str:
    body = response.content.decode()
    return body[body.index('id="live"') :]


def test_the_urls_are_named():
    assert reverse("backoffice:shipping_manifest", args=["correios"]) == MANIFEST
    assert reverse("backoffice:shipping_handoff", args=["correios"]) == HANDOFF


def test_warehouse_sees_the_manifest_button_per_carrier(client, packer, two_shipments):
    client.force_login(packer)
    body = client.get(PAGE).content.decode()
    assert 'id="carrier-correios"' in body
    assert MANIFEST in body
    assert HANDOFF not in body  # no hand-off before the manifest exists
    assert "hx-confirm" in body


def test_customer_service_sees_shipping_without_the_actions(client, agent, two_shipments):
    client.force_login(agent)
    body = client.get(PAGE).content.decode()
    assert two_shipments[0].tracking_code in body
    assert MANIFEST not in body and HANDOFF not in body


def test_generating_the_manifest_stores_the_pdf_links_it_and_logs_it(
    client, packer, two_shipments, clock
):
    client.force_login(packer)
    # when
    response = client.post(MANIFEST, headers={"HX-Request": "true"})
    # then
    assert response.status_code == 200
    manifest = Manifest.objects.get(carrier__code="correios", date=dt.date(2026, 11, 24))
    assert set(manifest.shipments.values_list("pk", flat=True)) == {s.pk for s in two_shipments}
    assert manifest.document_id is not None
    document = Document.objects.get(pk=manifest.document_id)
    assert bytes(document.content).startswith(b"%PDF")
    body = response.content.decode()
    assert body.startswith('<section id="carrier-correios"')
    assert reverse("backoffice:document_download", args=[manifest.document_id]) in body
    assert HANDOFF in body
    assert "2 envios incluídos" in live_text(response)
    action = StaffAction.objects.get()
    assert (action.kind, action.user_id) == ("manifest_created", packer.pk)
    assert action.params == {
        "carrier": "correios",
        "date": "2026-11-24",
        "manifest": manifest.pk,
        "document": manifest.document_id,
        "added": 2,
        "shipments": 2,
    }


def test_generating_it_again_with_nothing_new_writes_nothing(client, packer, two_shipments):
    client.force_login(packer)
    client.post(MANIFEST)
    documents = Document.objects.count()
    # when
    response = client.post(MANIFEST, headers={"HX-Request": "true"})
    # then
    assert response.status_code == 200
    assert "atualizado" in live_text(response)
    assert Document.objects.count() == documents
    assert StaffAction.objects.filter(kind="manifest_created").count() == 1


def test_the_hand_off_posts_the_parcels_and_logs_it(client, packer, two_shipments, clock):
    client.force_login(packer)
    client.post(MANIFEST)
    clock.shift(dt.timedelta(hours=6))
    # when
    response = client.post(HANDOFF, headers={"HX-Request": "true"})
    # then
    assert response.status_code == 200
    for shipment in two_shipments:
        shipment.refresh_from_db()
        assert shipment.status == "posted"
        assert shipment.posted_at == T0 + dt.timedelta(hours=6)
        assert Order.objects.get(pk=shipment.order_id).status == "shipped"
    posted = OutboxEvent.objects.filter(
        event_type="shipping.TrackingUpdated", payload__status="posted"
    )
    assert posted.count() == 2
    assert "Coletado por Correios: 2 envios postados." in live_text(response)
    action = StaffAction.objects.get(kind="carrier_handoff")
    assert action.user_id == packer.pk
    assert action.params == {
        "carrier": "correios",
        "date": "2026-11-24",
        "manifest": Manifest.objects.get().pk,
        "shipments": sorted(s.tracking_code for s in two_shipments),
    }


def test_a_second_hand_off_does_nothing_and_says_so(client, packer, two_shipments):
    client.force_login(packer)
    client.post(MANIFEST)
    client.post(HANDOFF)
    events = TrackingEvent.objects.count()
    outbox = OutboxEvent.objects.count()
    # when: without JavaScript
    response = client.post(HANDOFF, follow=True)
    # then
    assert response.redirect_chain == [(PAGE, 302)]
    assert "Nada a entregar" in live_text(response)
    assert TrackingEvent.objects.count() == events
    assert OutboxEvent.objects.count() == outbox
    assert StaffAction.objects.filter(kind="carrier_handoff").count() == 1


def test_a_hand_off_before_the_manifest_is_refused_and_changes_nothing(
    client, packer, two_shipments
):
    client.force_login(packer)
    response = client.post(HANDOFF, headers={"HX-Request": "true"})
    assert response.status_code == 409
    assert "Gere o manifesto primeiro" in live_text(response)
    assert set(Shipment.objects.values_list("status", flat=True)) == {"created"}
    assert not TrackingEvent.objects.exists()
    assert not StaffAction.objects.exists()


def test_shipments_made_after_the_manifest_wait_for_the_next_one(
    client, packer, two_shipments, clock
):
    client.force_login(packer)
    client.post(MANIFEST)
    clock.shift(dt.timedelta(hours=1))
    later = shipped()
    # when
    response = client.post(HANDOFF, headers={"HX-Request": "true"})
    # then
    assert Shipment.objects.get(pk=later.pk).status == "created"
    assert "1 envio ainda não está no manifesto" in live_text(response)
    assert StaffAction.objects.get(kind="carrier_handoff").params["shipments"] == sorted(
        s.tracking_code for s in two_shipments
    )
    # and generating again adds it
    client.post(MANIFEST)
    assert Shipment.objects.get(pk=later.pk).manifest_id == Manifest.objects.get().pk


@pytest.mark.parametrize("who", ["agent", "finance", "marketer"])
@pytest.mark.parametrize("url", [MANIFEST, HANDOFF])
def test_other_roles_get_403_and_nothing_is_written(
    client, request, make_staff, two_shipments, who, url
):
    user = make_staff("fabio", "finance") if who == "finance" else request.getfixturevalue(who)
    client.force_login(user)
    assert client.post(url).status_code == 403
    assert not Manifest.objects.exists()
    assert set(Shipment.objects.values_list("status", flat=True)) == {"created"}
    assert not StaffAction.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, two_shipments):
    response = client.post(MANIFEST)
    assert response.status_code == 302
    assert response.url.startswith("/backoffice/login/")
    assert not Manifest.objects.exists()


@pytest.mark.parametrize("carrier", ["nope", "loja"])
def test_unknown_carriers_and_store_pickup_are_refused(client, packer, two_shipments, carrier):
    client.force_login(packer)
    url = reverse("backoffice:shipping_manifest", args=[carrier])
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert not Manifest.objects.exists()
    assert not StaffAction.objects.exists()


def test_a_carrier_without_shipments_today_gets_no_empty_manifest(client, packer, db, clock):
    client.force_login(packer)
    response = client.post(MANIFEST, follow=True)
    assert "não tem envios" in live_text(response)
    assert not Manifest.objects.exists()
    assert not StaffAction.objects.exists()


def test_actions_need_post(client, packer, two_shipments):
    client.force_login(packer)
    assert client.get(MANIFEST).status_code == 405
    assert client.get(HANDOFF).status_code == 405

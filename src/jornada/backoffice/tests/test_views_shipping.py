"""The shipping page: who may see it, today's shipments per carrier, late and at-risk."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from jornada.shipping.models import CarrierService, Shipment

pytestmark = pytest.mark.django_db
URL = "/backoffice/shipping/"


def a_shipment(order, code: str, **fields) -> Shipment:  # type: ignore[no-untyped-def]
    # test data only: shipping writes these rows in the running system
    service = CarrierService.objects.select_related("carrier").order_by("id").first()
    assert service is not None
    return Shipment.objects.create(
        order=order, service=service, tracking_code=code, weight_grams=900, **fields
    )


def test_the_url_is_named():
    assert reverse("backoffice:shipping_today") == URL


def test_warehouse_sees_todays_shipments_per_carrier(client, packer, order):
    shipment = a_shipment(order, "AA000000001BR", status="created")
    client.force_login(packer)
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "AA000000001BR" in body
    assert shipment.service.carrier.name in body
    assert reverse("backoffice:order_detail", args=[order.number]) in body


def test_late_and_at_risk_lists(client, packer, order):
    promised = dt.date.today() - dt.timedelta(days=2)
    a_shipment(order, "LL000000001BR", status="in_transit", late=True, promised_date=promised)
    a_shipment(order, "RR000000001BR", status="in_transit", at_risk=True, promised_date=promised)
    client.force_login(packer)
    body = client.get(URL).content.decode()
    late_at = body.index("late-title")
    risk_at = body.index("risk-title")
    assert late_at < body.index("LL000000001BR", late_at) < risk_at
    assert body.index("RR000000001BR", risk_at) > risk_at


def test_nothing_shipped_says_so(client, packer):
    client.force_login(packer)
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("who", ["marketer", "finance_user"])
def test_other_roles_cannot_see_shipping(client, request, make_staff, who):
    user = request.getfixturevalue(who) if who == "marketer" else make_staff("fabio", "finance")
    client.force_login(user)
    assert client.get(URL).status_code == 403


def test_the_menu_shows_shipping_to_warehouse_only(client, packer, marketer):
    client.force_login(packer)
    assert URL in client.get(reverse("backoffice:order_board")).content.decode()


def test_todays_manifest_is_linked(client, packer, order):
    from django.utils import timezone

    from jornada.brazil.business_days import local_date
    from jornada.core.documents import document_store
    from jornada.shipping.models import Manifest

    shipment = a_shipment(order, "MM000000001BR", status="created")
    document = document_store(
        kind="manifest", filename="manifesto.pdf", content=b"%PDF-1.4", reference="m"
    )
    Manifest.objects.create(
        carrier=shipment.service.carrier,
        date=local_date(timezone.now()),
        document_id=document.pk,
    )
    client.force_login(packer)
    body = client.get(URL).content.decode()
    assert reverse("backoffice:document_download", args=[document.pk]) in body

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import Group, User

from jornada.api.services import api_key_create
from jornada.fulfillment.models import Package
from jornada.shipping.tests.flow import validated
from jornada.shipping.tests.pdf import flat, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):  # type: ignore[no-untyped-def]
    _, secret = api_key_create(name="Expedição", scopes=["fulfillment:*"])

    def call(method: str, path: str, body: Any = None):  # type: ignore[no-untyped-def]
        data = json.dumps(body) if body is not None else None
        return getattr(client, method)(
            f"/api/v1/fulfillment{path}",
            data=data,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )

    return call


def test_picks_packs_scans_and_prints_the_slip_through_the_api(catalog, api):
    order = validated()

    assert api("post", f"/orders/{order.number}/start").status_code == 200
    opened = api("post", f"/orders/{order.number}/packages", {})
    assert opened.status_code == 201, opened.content
    [package] = opened.json()
    assert package["box"] == "caixa-m"
    assert package["marks"] == ["FRÁGIL"]
    assert len(package["instructions"]) == 2
    for code in ("7891000000011", "7891000000011", "7891000000028"):
        assert api("post", f"/packages/{package['id']}/scan", {"code": code}).status_code == 200
    closed = api("post", f"/packages/{package['id']}/close", {"weight_grams": 1200})

    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "closed"
    assert closed.json()["weight_grams"] == 1200
    slip = api("get", f"/packages/{package['id']}/slip")
    assert slip["Content-Type"] == "application/pdf"
    assert f"Pedido {order.number}" in flat(pdf_text(slip.content))
    pick = api("get", f"/pick-list?orders={order.number}").json()
    assert pick == [
        {
            "location": "Depósito principal",
            "lines": [
                {
                    "sku": "CAM-M",
                    "product_name": "Camiseta Jornada",
                    "variant_label": "",
                    "quantity": 2,
                    "orders": [order.number],
                },
                {
                    "sku": "CANECA",
                    "product_name": "Caneca de cerâmica",
                    "variant_label": "",
                    "quantity": 1,
                    "orders": [order.number],
                },
            ],
        }
    ]


def test_bad_lines_answer_422_naming_each_field(catalog, api):
    order = validated()
    api("post", f"/orders/{order.number}/start")

    response = api(
        "post",
        f"/orders/{order.number}/packages",
        {"lines": [{"sku": "CAM-M", "quantity": 9}, {"sku": "XX", "quantity": 1}]},
    )

    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"lines.0.quantity", "lines.1.sku"}
    assert not Package.objects.exists()


def test_a_wrong_scan_answers_422_in_portuguese(catalog, api):
    order = validated()
    api("post", f"/orders/{order.number}/start")
    [package] = api("post", f"/orders/{order.number}/packages", {}).json()

    response = api("post", f"/packages/{package['id']}/scan", {"code": "7891000000035"})

    assert response.status_code == 422
    assert response.json()["error"]["fields"]["code"] == ["Não está neste volume: 7891000000035"]


def test_only_warehouse_staff_pack(catalog, client):
    order = validated()
    user = User.objects.create_user("rui", password="x", is_staff=True)
    client.force_login(user)

    refused = client.post(f"/api/v1/fulfillment/orders/{order.number}/start")
    user.groups.add(Group.objects.get(name="warehouse"))
    client.force_login(User.objects.get(pk=user.pk))
    allowed = client.post(f"/api/v1/fulfillment/orders/{order.number}/start")

    assert (refused.status_code, allowed.status_code) == (403, 200)

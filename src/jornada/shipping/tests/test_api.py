from __future__ import annotations

import json
from typing import Any

import pytest

from jornada.api.services import api_key_create
from jornada.shipping.models import ProofOfDelivery
from jornada.shipping.tests.flow import packed, shipped
from jornada.shipping.tests.journey import place
from jornada.shipping.tests.pdf import pdf_codes
from jornada.shipping.webhooks import webhook_headers

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):  # type: ignore[no-untyped-def]
    _, secret = api_key_create(name="Loja", scopes=["shipping:*", "orders:write"])

    def call(method: str, path: str, body: Any = None, **headers: str):  # type: ignore[no-untyped-def]
        data = json.dumps(body) if body is not None else None
        return getattr(client, method)(
            f"/api/v1/shipping{path}",
            data=data,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
            **headers,
        )

    return call


def test_quote_answers_the_options_for_a_cep(catalog, api):
    response = api(
        "post", "/quote", {"cep": "01310-100", "lines": [{"sku": "cam-m", "quantity": 1}]}
    )

    assert response.status_code == 200, response.content
    services = [o["service"] for o in response.json()]
    assert services[0] == "retirada-loja"
    assert "correios-pac" in services and "correios-sedex" in services


def test_a_bad_quote_names_every_field(catalog, api):
    response = api("post", "/quote", {"cep": "123", "lines": [{"sku": "NOPE", "quantity": 1}]})

    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"cep", "lines.0.sku"}


def test_ships_a_packed_order_and_serves_its_label(catalog, api):
    order = packed()

    response = api("post", f"/orders/{order.number}/shipments", {})

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "created"
    assert body["tracking_code"].startswith("PA") and body["tracking_code"].endswith("BR")
    assert body["tracking_url"].endswith(f"/rastreio/{body['tracking_code']}")
    label = api("get", f"/shipments/{body['tracking_code']}/label")
    assert ("CODE-128", body["tracking_code"]) in pdf_codes(label.content)


def test_records_a_proof_of_delivery(catalog, api):
    shipment = shipped()

    response = api(
        "post",
        f"/shipments/{shipment.tracking_code}/delivery",
        {"received_by": "Porteiro Carlos", "document": "529.982.247-25"},
    )

    assert response.status_code == 200, response.content
    assert response.json()["proof"]["received_by"] == "Porteiro Carlos"
    assert response.json()["proof"]["document"] == "***.982.247-**"


def test_a_proof_without_who_received_names_the_field(catalog, api):
    shipment = shipped()

    response = api("post", f"/shipments/{shipment.tracking_code}/delivery", {"received_by": ""})

    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"received_by"}
    assert not ProofOfDelivery.objects.exists()


def test_imports_a_rate_table_and_refuses_bad_cells(catalog, api):
    good = (
        "cep_start,cep_end,weight_max_grams,price,business_days\n01000000,99999999,30000,25.00,5\n"
    )
    bad = good + "01000000,99999999,abc,25.00,5\n"

    ok = api("post", "/rates", {"service": "correios-pac", "csv": good})
    refused = api("post", "/rates", {"service": "correios-pac", "csv": bad})

    assert (ok.status_code, ok.json()) == (200, {"service": "correios-pac", "rows": 1})
    assert refused.status_code == 422
    assert set(refused.json()["error"]["fields"]) == {"rows.2.weight_max_grams"}


def test_the_choice_of_delivery_is_kept_for_the_promise(catalog, api):
    order = place()

    response = api("post", f"/orders/{order.number}/delivery", {"service": "correios-sedex"})

    assert response.status_code == 200
    assert order.delivery_choice.service.code == "correios-sedex"


def test_carrier_webhooks_need_a_valid_signature(catalog, client, settings):
    shipment = shipped()
    body = json.dumps(
        {
            "tracking_code": shipment.tracking_code,
            "events": [
                {"id": "x1", "status": "posted", "occurred_at": "2026-11-24T12:00:00+00:00"}
            ],
        }
    ).encode()
    good = webhook_headers(
        secret=settings.SHIPPING_SANDBOX_WEBHOOK_SECRET, webhook_id="h1", body=body
    )
    bad = {**good, "webhook-signature": "v1,AAAA"}

    def post(headers: dict[str, str]):  # type: ignore[no-untyped-def]
        return client.post(
            "/api/v1/shipping/webhooks/correios",
            data=body,
            content_type="application/json",
            **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()},
        )

    refused = post(bad)
    accepted = post(good)
    repeated = post(good)

    assert refused.status_code == 401
    assert (accepted.status_code, accepted.json()) == (200, {"stored": 1})
    assert (repeated.status_code, repeated.json()) == (200, {"stored": 0})


def test_the_public_tracking_page_shows_the_history_without_personal_data(catalog, client):
    shipment = shipped()

    page = client.get(f"/rastreio/{shipment.tracking_code}")

    assert page.status_code == 200
    html = page.content.decode()
    assert shipment.tracking_code in html
    assert "São Paulo/SP" in html
    assert "Maria" not in html and "Paulista" not in html
    assert client.get("/rastreio/XX000000000BR").status_code == 404


def test_staff_see_late_at_risk_and_on_time_lists(catalog, api):
    shipment = shipped()

    late = api("get", "/late")
    at_risk = api("get", "/late?at_risk=true")
    unshipped = api("get", "/at-risk-unshipped")
    on_time = api("get", "/on-time")

    assert (late.status_code, late.json()) == (200, [])
    assert (at_risk.status_code, at_risk.json()) == (200, [])
    assert (unshipped.status_code, unshipped.json()) == (200, [])
    assert (on_time.status_code, on_time.json()) == (200, [])
    detail = api("get", f"/shipments/{shipment.tracking_code}")
    assert detail.json()["status"] == "created" and detail.json()["events"] == []

"""The Melhor Envio adapter against the platform's recorded answers (see recorded/)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import time_machine

from jornada.brazil.business_days import SAO_PAULO
from jornada.shipping.adapters import melhorenvio
from jornada.shipping.adapters.base import ShipmentRequest
from jornada.shipping.adapters.melhorenvio import MelhorEnvioCarrier, MelhorEnvioError
from jornada.shipping.models import Carrier, CarrierService, ProofOfDelivery, Shipment
from jornada.shipping.shipments import (
    WebhookRefused,
    shipment_create,
    shipment_poll,
    webhook_receive,
)
from jornada.shipping.tests.flow import STAFF, packed
from jornada.shipping.tests.labels_fixture import tiny_pdf

RECORDED = Path(__file__).parent / "recorded" / "melhorenvio"
ORDER_ID = "9c4d1a2e-6b7f-4e3a-9d21-3f5e8a7b6c10"
SECRET = "me-app-secret"


@pytest.fixture(autouse=True)
def _before_the_recorded_events():
    """The carrier's events are dated; the shipments they move must be older than them
    (a shipment ignores events from before it existed), whatever today's date is."""
    with time_machine.travel(dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC), tick=True):
        yield


def recorded(name: str) -> Any:
    return json.loads((RECORDED / f"{name}.json").read_text())


class Platform:
    """Answers like the platform from the recordings and keeps what it was asked."""

    def __init__(self, tracking: str = "tracking_generated", fail: str = "") -> None:
        self.calls: list[tuple[str, str, Any]] = []
        self.tracking = tracking
        self.fail = fail

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        self.calls.append((request.method, request.url.path, body))
        assert request.headers["authorization"] == "Bearer test-token"
        if request.url.path == self.fail:
            return httpx.Response(422, json={"message": "The given data was invalid."})
        if request.url.path.startswith("/imprimir/"):
            return httpx.Response(
                200, content=tiny_pdf(), headers={"content-type": "application/pdf"}
            )
        answers = {
            "/api/v2/me/cart": "cart",
            "/api/v2/me/shipment/checkout": "checkout",
            "/api/v2/me/shipment/generate": "generate",
            "/api/v2/me/shipment/print": "print",
            "/api/v2/me/shipment/tracking": self.tracking,
            "/api/v2/me/shipment/cancel": "cancel",
        }
        return httpx.Response(200, json=recorded(answers[request.url.path]))


@pytest.fixture
def platform(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Platform:
    settings.SHIPPING_MELHORENVIO_TOKEN = "test-token"
    answering = Platform()
    monkeypatch.setattr(melhorenvio, "transport_factory", lambda: httpx.MockTransport(answering))
    return answering


def request(**overrides: Any) -> ShipmentRequest:
    values: dict[str, Any] = {
        "carrier_code": "melhorenvio",
        "carrier_kind": "private",
        "service_code": "me-pac",
        "s10_prefix": "",
        "order_number": "100001",
        "recipient_name": "Maria da Silva",
        "recipient_document": "52998224725",
        "recipient_cep": "01310100",
        "recipient_uf": "SP",
        "weight_grams": 1240,
        "declared_value": "159.70",
        "business_days": 4,
        "dispatched_at": dt.datetime(2026, 11, 24, 13, 0, tzinfo=dt.UTC),
        "external_service": "1",
        "recipient_street": "Avenida Paulista",
        "recipient_number": "1000",
        "recipient_district": "Bela Vista",
        "recipient_city": "São Paulo",
        "dimensions_mm": (360, 270, 180),
        "sender": {"name": "Loja Jornada", "cep": "01305000", "uf": "SP"},
    }
    values.update(overrides)
    return ShipmentRequest(**values)


def test_buys_the_label_in_four_calls_and_keeps_the_tracking_code(platform):
    created = MelhorEnvioCarrier().create_shipment(request())

    assert [path for _method, path, _body in platform.calls] == [
        "/api/v2/me/cart",
        "/api/v2/me/shipment/checkout",
        "/api/v2/me/shipment/generate",
        "/api/v2/me/shipment/print",
        "/imprimir/sgWEHtgdfsDF",
        "/api/v2/me/shipment/tracking",
    ]
    cart = platform.calls[0][2]
    assert cart["service"] == 1
    assert (cart["from"]["postal_code"], cart["to"]["postal_code"]) == ("01305000", "01310100")
    assert cart["volumes"] == [{"height": 18, "width": 27, "length": 36, "weight": 1.24}]
    assert cart["options"]["insurance_value"] == 159.70
    assert cart["options"]["tags"] == [{"tag": "100001"}]
    assert platform.calls[1][2] == {"orders": [ORDER_ID]}
    assert (created.tracking_code, created.external_id) == ("PA123456785BR", ORDER_ID)
    assert created.label_pdf is not None and created.label_pdf.startswith(b"%PDF")


def test_a_refusal_of_the_platform_stops_the_purchase(platform):
    platform.fail = "/api/v2/me/shipment/checkout"

    with pytest.raises(MelhorEnvioError, match="checkout: 422"):
        MelhorEnvioCarrier().create_shipment(request())

    assert [path for _m, path, _b in platform.calls] == [
        "/api/v2/me/cart",
        "/api/v2/me/shipment/checkout",
    ]


def test_tracking_maps_the_platform_status_to_ours(platform):
    platform.tracking = "tracking_delivered"

    [event] = MelhorEnvioCarrier().track("PA123456785BR", ORDER_ID)

    assert (event.status, event.external_id) == ("delivered", f"{ORDER_ID}:delivered")
    assert event.occurred_at == dt.datetime(2026, 11, 27, 14, 18, 3, tzinfo=SAO_PAULO)


def test_nothing_to_report_while_the_label_is_only_generated(platform):
    assert MelhorEnvioCarrier().track("PA123456785BR", ORDER_ID) == []


def test_cancels_through_the_platform(platform):
    assert MelhorEnvioCarrier().cancel("PA123456785BR", ORDER_ID) is True
    assert platform.calls[-1][2]["order"]["id"] == ORDER_ID


def _signed(name: str) -> tuple[dict[str, str], bytes]:
    body = (RECORDED / f"{name}.json").read_bytes()
    signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
    return {"x-me-signature": signature}, body


@pytest.mark.django_db
def test_a_shipment_bought_on_the_platform_is_followed_by_its_webhooks(catalog, platform):
    # given a store that ships through Melhor Envio
    carrier = Carrier.objects.create(
        code="melhorenvio",
        name="Melhor Envio",
        kind="private",
        adapter="jornada.shipping.adapters.melhorenvio.MelhorEnvioCarrier",
        webhook_secret=SECRET,
    )
    service = CarrierService.objects.create(
        carrier=carrier, code="me-pac", name="PAC", external_code="1"
    )
    order = packed()

    # when it ships, then the platform's label and code are kept
    shipment = shipment_create(order_id=order.pk, actor=STAFF, service_code=service.code)
    assert (shipment.tracking_code, shipment.external_id) == ("PA123456785BR", ORDER_ID)
    assert platform.calls[0][2]["to"]["address"] == "Avenida Paulista"

    # and its signed webhooks move the shipment; a redelivery changes nothing
    for name in ("webhook_posted", "webhook_delivered", "webhook_delivered"):
        headers, body = _signed(name)
        webhook_receive(carrier_code="melhorenvio", headers=headers, body=body)
    shipment.refresh_from_db()
    assert shipment.status == "delivered"
    assert ProofOfDelivery.objects.get(shipment=shipment).delivered_at == dt.datetime(
        2026, 11, 27, 14, 18, 3, tzinfo=SAO_PAULO
    )
    assert Shipment.objects.get(pk=shipment.pk).events.count() == 2


@pytest.mark.django_db
def test_a_webhook_signed_with_another_secret_is_refused(catalog, platform):
    Carrier.objects.create(
        code="melhorenvio",
        name="Melhor Envio",
        kind="private",
        adapter="jornada.shipping.adapters.melhorenvio.MelhorEnvioCarrier",
        webhook_secret="another",
    )
    headers, body = _signed("webhook_posted")

    with pytest.raises(WebhookRefused):
        webhook_receive(carrier_code="melhorenvio", headers=headers, body=body)


@pytest.mark.django_db
def test_polling_the_platform_catches_up(catalog, platform):
    carrier = Carrier.objects.create(
        code="melhorenvio",
        name="Melhor Envio",
        kind="private",
        adapter="jornada.shipping.adapters.melhorenvio.MelhorEnvioCarrier",
    )
    CarrierService.objects.create(carrier=carrier, code="me-pac", name="PAC", external_code="1")
    shipment = shipment_create(order_id=packed().pk, actor=STAFF, service_code="me-pac")
    platform.tracking = "tracking_delivered"

    shipment_poll(shipment_id=shipment.pk)

    shipment.refresh_from_db()
    assert shipment.status == "delivered"

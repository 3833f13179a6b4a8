"""The Mercado Pago adapter against recorded API responses (httpx mock transport)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from jornada.payments.adapters.base import ChargeRequest, GatewayError, Payer, WebhookRejected
from jornada.payments.adapters.mercadopago import MercadoPagoGateway

RECORDED = Path(__file__).parent / "recorded"
SECRET = "mp-webhook-secret"
NOW = dt.datetime(2026, 11, 23, 13, 10, 5, tzinfo=dt.UTC)


def recorded(name: str) -> dict:
    return json.loads((RECORDED / f"{name}.json").read_text())


class Recorder:
    """Answers from recorded files and remembers every request."""

    def __init__(self, answers: dict[tuple[str, str], tuple[int, str]]) -> None:
        self.answers = answers
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status, name = self.answers[(request.method, request.url.path)]
        return httpx.Response(status, json=recorded(name))


def gateway(answers, **kw) -> tuple[MercadoPagoGateway, Recorder]:
    recorder = Recorder(answers)
    return (
        MercadoPagoGateway(
            access_token="TEST-123",
            webhook_secret=SECRET,
            transport=httpx.MockTransport(recorder),
            notification_url="https://loja.example/api/v1/payments/webhooks/mercadopago",
            **kw,
        ),
        recorder,
    )


def request(method: str, **kw) -> ChargeRequest:
    values: dict[str, Any] = {
        "idempotency_key": "jornada-order-41-payment-1",
        "external_reference": "41",
        "method": method,
        "amount": Decimal("171.11"),
        "currency": "BRL",
        "description": "Pedido 100001",
        "payer": Payer(name="Maria da Silva", document="19119119100", email="maria@example.com.br"),
    }
    values.update(kw)
    return ChargeRequest(**values)


def test_a_card_is_charged_with_its_token_and_approved():
    mp, recorder = gateway({("POST", "/v1/payments"): (201, "mp_card_approved")})

    result = mp.authorize(
        request(
            "credit_card",
            card_token="ff8080814c11e237014c1ff593b57b4d",
            card_brand="visa",
            instalments=3,
        ),
        now=NOW,
    )

    assert (result.reference, result.status, result.gateway_status) == (
        "1319878472",
        "paid",
        "approved",
    )
    assert result.amount == Decimal("171.11")
    sent = recorder.requests[0]
    assert sent.headers["Authorization"] == "Bearer TEST-123"
    assert sent.headers["X-Idempotency-Key"] == "jornada-order-41-payment-1"
    body = json.loads(sent.content)
    assert body["token"] == "ff8080814c11e237014c1ff593b57b4d"
    assert body["installments"] == 3 and body["payment_method_id"] == "visa"
    assert body["transaction_amount"] == 171.11
    assert body["payer"]["identification"] == {"type": "CPF", "number": "19119119100"}
    assert "card_number" not in sent.content.decode()


def test_a_rejected_card_maps_to_failed_with_the_detail():
    mp, _ = gateway({("POST", "/v1/payments"): (201, "mp_card_rejected")})
    result = mp.authorize(request("credit_card", card_token="t", card_brand="master"), now=NOW)
    assert result.status == "failed"
    assert result.reason == "cc_rejected_insufficient_amount"


def test_a_bad_request_is_a_decline_not_a_crash():
    mp, _ = gateway({("POST", "/v1/payments"): (400, "mp_bad_request")})
    result = mp.authorize(request("credit_card", card_token="bad", card_brand="visa"), now=NOW)
    assert result.status == "failed" and result.reason == "Invalid card_token_id"


def test_pix_returns_the_copy_and_paste_code():
    mp, recorder = gateway({("POST", "/v1/payments"): (201, "mp_pix_pending")})
    expires = dt.datetime(2026, 11, 23, 13, 35, tzinfo=dt.UTC)
    result = mp.authorize(request("pix", expires_at=expires), now=NOW)
    assert result.status == "pending"
    assert result.pix_copy_paste.startswith("00020126580014br.gov.bcb.pix")
    body = json.loads(recorder.requests[0].content)
    assert body["payment_method_id"] == "pix"
    assert body["date_of_expiration"] == "2026-11-23T13:35:00.000+00:00"


def test_boleto_returns_the_barcode_and_due_date():
    mp, _ = gateway({("POST", "/v1/payments"): (201, "mp_boleto_pending")})
    due = dt.date(2026, 11, 26)
    result = mp.authorize(request("boleto", amount=Decimal("120.50"), boleto_due_date=due), now=NOW)
    assert result.boleto_barcode == "23794164200000120503380260000000000091012345"
    assert result.boleto_due_date == due


def test_a_partial_refund_is_accepted():
    mp, recorder = gateway(
        {("POST", "/v1/payments/1319878472/refunds"): (201, "mp_refund_created")}
    )
    result = mp.refund(
        reference="1319878472", amount=Decimal("50.00"), idempotency_key="jornada-refund-7", now=NOW
    )
    assert result.accepted and result.reference == "1245678901"
    assert json.loads(recorder.requests[0].content) == {"amount": 50.0}
    assert recorder.requests[0].headers["X-Idempotency-Key"] == "jornada-refund-7"


def test_a_server_error_is_a_gateway_error_to_retry():
    def boom(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, json={"message": "unavailable"})

    mp = MercadoPagoGateway(
        access_token="T", webhook_secret=SECRET, transport=httpx.MockTransport(boom)
    )
    with pytest.raises(GatewayError):
        mp.query_status(reference="1")


def signed(
    data_id: str, *, ts: int, request_id: str = "bb56a2f1-6aae-46ac-982e-9dcd3581d08e"
) -> dict[str, str]:
    manifest = f"id:{data_id};request-id:{request_id};ts:{ts};"
    v1 = hmac.new(SECRET.encode(), manifest.encode(), hashlib.sha256).hexdigest()
    return {"x-signature": f"ts={ts},v1={v1}", "x-request-id": request_id}


def test_a_signed_webhook_is_parsed_and_asks_for_the_status():
    mp, _ = gateway({})
    body = json.dumps(recorded("mp_webhook_payment_updated")).encode()
    ts = int(NOW.timestamp() * 1000)

    message = mp.parse_webhook(
        body=body,
        headers=signed("1319878480", ts=ts),
        query={"data.id": "1319878480", "type": "payment"},
        now=NOW,
    )

    assert message.event_id == "117452837493" and message.reference == "1319878480"
    assert message.status is None  # the adapter's caller queries the payment


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({"x-signature": "ts=1,v1=00", "x-request-id": "r"}, "stale timestamp"),
        ({}, "missing signature"),
    ],
)
def test_unsigned_or_stale_webhooks_are_refused(headers, reason):
    mp, _ = gateway({})
    with pytest.raises(WebhookRejected) as error:
        mp.parse_webhook(body=b"{}", headers=headers, query={"data.id": "1"}, now=NOW)
    assert error.value.reason == reason


def test_a_webhook_signed_for_another_payment_is_refused():
    mp, _ = gateway({})
    ts = int(NOW.timestamp() * 1000)
    with pytest.raises(WebhookRejected) as error:
        mp.parse_webhook(
            body=b"{}", headers=signed("999", ts=ts), query={"data.id": "1319878480"}, now=NOW
        )
    assert error.value.reason == "bad signature"


def test_without_a_configured_secret_every_webhook_is_refused():
    mp = MercadoPagoGateway(
        access_token="T",
        webhook_secret="",
        transport=httpx.MockTransport(lambda r: httpx.Response(500)),
    )
    with pytest.raises(WebhookRejected):
        mp.parse_webhook(body=b"{}", headers={}, query={}, now=NOW)


@pytest.mark.django_db
def test_a_mercado_pago_webhook_pays_the_order_through_a_status_query(place, settings, monkeypatch):
    """The whole path: Pix charged at Mercado Pago, its webhook, the status query, paid."""
    from django.test import Client

    from jornada.orders.models import Order
    from jornada.payments import adapters
    from jornada.payments.models import Payment, PaymentAttempt
    from jornada.payments.tests.conftest import drain

    # given Jornada configured for Mercado Pago, answering from recordings
    paid = recorded("mp_pix_pending") | {"status": "approved", "status_detail": "accredited"}
    answers = {"POST": recorded("mp_pix_pending"), "GET": paid}

    def mp_api(request: httpx.Request) -> httpx.Response:
        data = dict(answers[request.method])
        if request.method == "POST":
            data["transaction_amount"] = json.loads(request.content)["transaction_amount"]
        else:
            data["transaction_amount"] = float(Payment.objects.get().amount)
        return httpx.Response(201 if request.method == "POST" else 200, json=data)

    settings.PAYMENT_GATEWAY = "mercadopago"
    mp = MercadoPagoGateway(
        access_token="T", webhook_secret=SECRET, transport=httpx.MockTransport(mp_api)
    )
    monkeypatch.setattr(adapters, "_build", lambda name: mp)
    order = place("pix")
    drain()
    payment = Payment.objects.get(order=order)
    assert payment.gateway == "mercadopago" and payment.reference == "1319878480"
    assert payment.pix_copy_paste.startswith("000201")

    # when Mercado Pago notifies
    body = json.dumps(recorded("mp_webhook_payment_updated")).encode()
    ts = int(dt.datetime.now(dt.UTC).timestamp() * 1000)
    headers = signed("1319878480", ts=ts)
    response = Client().post(
        "/api/v1/payments/webhooks/mercadopago?data.id=1319878480&type=payment",
        data=body,
        content_type="application/json",
        headers=headers,
    )

    # then
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "applied"
    payment.refresh_from_db()
    assert payment.status == "paid"
    assert Order.objects.get(pk=order.pk).status == "paid"
    assert PaymentAttempt.objects.filter(payment=payment, operation="query").count() == 1


@pytest.mark.django_db
def test_a_pix_the_gateway_refuses_fails_and_tells_no_one_to_pay_it(place, settings, monkeypatch):
    from jornada.core.models import OutboxEvent
    from jornada.orders.models import Order
    from jornada.payments import adapters
    from jornada.payments.models import Payment
    from jornada.payments.tests.conftest import drain

    # given Mercado Pago refuses the charge
    settings.PAYMENT_GATEWAY = "mercadopago"
    mp, _ = gateway({("POST", "/v1/payments"): (400, "mp_bad_request")})
    monkeypatch.setattr(adapters, "_build", lambda name: mp)

    # when the order is placed
    order = place("pix")
    drain()

    # then
    payment = Payment.objects.get(order=order)
    assert payment.status == "failed" and payment.failure_reason == "Invalid card_token_id"
    assert not OutboxEvent.objects.filter(event_type="payments.PaymentPending").exists()
    assert OutboxEvent.objects.filter(event_type="payments.PaymentFailed").count() == 1
    assert Order.objects.get(pk=order.pk).status == "awaiting_payment"

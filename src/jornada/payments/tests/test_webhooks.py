"""The webhook receiver: signature, freshness, raw storage, dedupe, order tolerance."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from django.test import Client
from django.utils import timezone

from jornada.orders.models import Order
from jornada.payments.adapters.base import standard_signature
from jornada.payments.models import Payment, SandboxCharge, WebhookEvent
from jornada.payments.tests.conftest import drain

pytestmark = pytest.mark.django_db
URL = "/api/v1/payments/webhooks/sandbox"


def post(body: dict, *, secret: str, ts: int | None = None, msg_id: str | None = None):
    raw = json.dumps(body).encode()
    ts = int(time.time()) if ts is None else ts
    msg_id = msg_id or body["id"]
    signature = standard_signature(secret=secret, msg_id=msg_id, timestamp=ts, body=raw)
    return Client().post(
        URL,
        data=raw,
        content_type="application/json",
        HTTP_WEBHOOK_ID=msg_id,
        HTTP_WEBHOOK_TIMESTAMP=str(ts),
        HTTP_WEBHOOK_SIGNATURE=signature,
    )


def message(payment: Payment, status: str, *, event_id: str, created: dt.datetime | None = None):
    return {
        "id": event_id,
        "type": f"charge.{status}",
        "created": (created or timezone.now()).isoformat(),
        "data": {
            "reference": payment.reference,
            "external_reference": str(payment.pk),
            "status": status,
            "amount": str(payment.amount),
            "refunded": "0.00",
            "reason": "",
        },
    }


@pytest.fixture
def pending_pix(place, settings):
    """A Pix payment the sandbox will not pay by itself."""
    order = place("pix")
    Order.objects.filter(pk=order.pk).update(customer_email="maria+expire@example.com.br")
    drain()
    payment = Payment.objects.get(order=order)
    assert payment.status == "pending"
    return payment


def test_a_signed_paid_webhook_pays_the_order_and_is_stored_raw(pending_pix, settings):
    # given
    body = message(pending_pix, "paid", event_id="evt_1")

    # when
    response = post(body, secret=settings.SANDBOX_WEBHOOK_SECRET)

    # then
    assert response.status_code == 200
    assert response.json() == {"received": True, "duplicate": False, "outcome": "applied"}
    pending_pix.refresh_from_db()
    assert pending_pix.status == "paid"
    assert Order.objects.get(pk=pending_pix.order_id).status == "paid"
    stored = WebhookEvent.objects.get(event_id="evt_1")
    assert json.loads(stored.raw_body) == body
    assert stored.headers["webhook-id"] == "evt_1" and stored.payment_id == pending_pix.pk


def test_a_replayed_event_changes_nothing(pending_pix, settings):
    # given
    body = message(pending_pix, "paid", event_id="evt_2")
    post(body, secret=settings.SANDBOX_WEBHOOK_SECRET)
    confirmed = Payment.objects.get(pk=pending_pix.pk).paid_at

    # when the gateway delivers it again
    response = post(body, secret=settings.SANDBOX_WEBHOOK_SECRET)

    # then
    assert response.status_code == 200
    assert response.json()["duplicate"] is True
    assert WebhookEvent.objects.filter(event_id="evt_2").count() == 1
    assert Payment.objects.get(pk=pending_pix.pk).paid_at == confirmed


def test_a_bad_signature_is_refused_and_nothing_is_stored(pending_pix):
    # when
    response = post(message(pending_pix, "paid", event_id="evt_3"), secret="whsec_d3Jvbmc=")

    # then
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "webhook_rejected"
    assert not WebhookEvent.objects.exists()
    assert Payment.objects.get(pk=pending_pix.pk).status == "pending"


def test_an_old_timestamp_is_refused_even_with_a_valid_signature(pending_pix, settings):
    # given a capture replayed ten minutes later
    old = int(time.time()) - 600

    # when
    response = post(
        message(pending_pix, "paid", event_id="evt_4"),
        secret=settings.SANDBOX_WEBHOOK_SECRET,
        ts=old,
    )

    # then
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "stale timestamp"
    assert not WebhookEvent.objects.exists()
    assert Payment.objects.get(pk=pending_pix.pk).status == "pending"


def test_missing_signature_headers_are_refused(pending_pix):
    response = Client().post(URL, data=b"{}", content_type="application/json")
    assert response.status_code == 401
    assert not WebhookEvent.objects.exists()


def test_a_late_pending_never_overrides_paid(pending_pix, settings):
    # given paid
    now = timezone.now()
    post(
        message(pending_pix, "paid", event_id="evt_5", created=now),
        secret=settings.SANDBOX_WEBHOOK_SECRET,
    )

    # when an earlier "authorized" and a "pending" arrive afterwards
    late = [
        post(
            message(
                pending_pix,
                status,
                event_id=f"evt_late_{status}",
                created=now - dt.timedelta(seconds=5),
            ),
            secret=settings.SANDBOX_WEBHOOK_SECRET,
        )
        for status in ("authorized", "pending")
    ]

    # then they are stored, ignored, and the payment stays paid
    assert [r.json()["outcome"] for r in late] == ["ignored", "ignored"]
    assert Payment.objects.get(pk=pending_pix.pk).status == "paid"
    assert WebhookEvent.objects.filter(outcome="ignored").count() == 2


def test_paid_arriving_before_authorized_still_pays(pending_pix, settings):
    # given the "paid" message overtakes the "authorized" one
    now = timezone.now()
    first = post(
        message(pending_pix, "paid", event_id="evt_p", created=now),
        secret=settings.SANDBOX_WEBHOOK_SECRET,
    )
    second = post(
        message(pending_pix, "authorized", event_id="evt_a", created=now - dt.timedelta(seconds=1)),
        secret=settings.SANDBOX_WEBHOOK_SECRET,
    )

    # then
    assert first.json()["outcome"] == "applied" and second.json()["outcome"] == "ignored"
    assert Payment.objects.get(pk=pending_pix.pk).status == "paid"


def test_a_webhook_for_an_unknown_charge_is_kept_for_reconciliation(pending_pix, settings):
    body = message(pending_pix, "paid", event_id="evt_u")
    body["data"]["reference"] = "sbx_unknown"
    response = post(body, secret=settings.SANDBOX_WEBHOOK_SECRET)
    assert response.json()["outcome"] == "unknown_payment"
    assert Payment.objects.get(pk=pending_pix.pk).status == "pending"


def test_the_sandbox_retries_a_webhook_until_it_is_accepted(place, settings, monkeypatch):
    # given Jornada's endpoint is down for the first delivery
    from jornada.payments.adapters import sandbox_delivery
    from jornada.payments.tests import conftest

    calls = []

    def flaky():
        real = conftest.client_transport()

        def handle(request):
            calls.append(1)
            if len(calls) == 1:
                import httpx

                return httpx.Response(503)
            return real.handle_request(request)

        import httpx

        return httpx.MockTransport(handle)

    monkeypatch.setattr(sandbox_delivery, "transport_factory", flaky)
    order = place("pix")

    # when the worker runs now and again after the backoff
    drain()
    assert Payment.objects.get(order=order).status == "pending"
    drain(now=timezone.now() + dt.timedelta(minutes=5))

    # then
    assert Payment.objects.get(order=order).status == "paid"
    assert SandboxCharge.objects.get().status == "paid"
    assert len(calls) == 2


def test_an_unknown_gateway_is_not_found():
    response = Client().post(
        "/api/v1/payments/webhooks/nope", data=b"{}", content_type="application/json"
    )
    assert response.status_code == 404

"""Outbound webhooks: Standard Webhooks signature, retries with backoff, delivery log."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx
import pytest

from jornada.notifications import adapters
from jornada.notifications.models import WebhookDelivery, WebhookDeliveryStatus
from jornada.notifications.outbound import (
    webhook_sign,
    webhook_subscription_create,
    webhook_verify,
)
from jornada.notifications.tests.conftest import drain, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> list[httpx.Request]:
    """An integrator's server: records requests, answers 500 while ``fail`` is set."""

    class Received(list[httpx.Request]):
        state = {"fail": 0}

    received = Received()
    state = received.state

    def handle(request: httpx.Request) -> httpx.Response:
        received.append(request)
        if state["fail"]:
            state["fail"] -= 1
            return httpx.Response(500, text="oops")
        return httpx.Response(204)

    monkeypatch.setattr(adapters, "HTTP_TRANSPORT", httpx.MockTransport(handle))
    return received


def test_signature_matches_the_standard_webhooks_reference_vector() -> None:
    # from the Standard Webhooks specification's example
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    signature = webhook_sign(
        secret=secret, message_id="msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp=1614265330, body=body
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_subscribers_receive_signed_events_of_their_types(
    catalog: Any, clock: Any, endpoint: list[httpx.Request]
) -> None:
    # given one subscription to new orders and one to shipping only
    wanted = webhook_subscription_create(
        url="https://erp.example/hooks", event_types=["orders.OrderPlaced"]
    )
    webhook_subscription_create(
        url="https://other.example/hooks", event_types=["shipping.ShipmentDelivered"]
    )
    # when
    order = place()
    drain()
    # then only the first is called, signed, with the event's payload
    assert [str(r.url) for r in endpoint] == ["https://erp.example/hooks"]
    request = endpoint[0]
    headers = {k: v for k, v in request.headers.items()}
    assert webhook_verify(secret=wanted.secret, headers=headers, body=request.content)
    body = json.loads(request.content)
    assert body["type"] == "orders.OrderPlaced"
    assert body["data"]["order_id"] == order.pk
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (
        WebhookDeliveryStatus.DELIVERED,
        1,
        204,
    )
    assert delivery.message_id == headers["webhook-id"]


def test_a_failing_endpoint_is_retried_with_backoff_and_the_same_id(
    catalog: Any, clock: Any, endpoint: list[httpx.Request]
) -> None:
    # given an endpoint that fails twice
    webhook_subscription_create(url="https://erp.example/hooks", event_types=[])
    endpoint.state["fail"] = 2  # type: ignore[attr-defined]
    place()
    drain()
    delivery = WebhookDelivery.objects.get(event_type="orders.OrderPlaced")
    assert (delivery.status, delivery.attempts, delivery.response_status) == (
        WebhookDeliveryStatus.PENDING,
        1,
        500,
    )
    # when the backoff passes (30 s, then 60 s)
    clock.shift(dt.timedelta(seconds=31))
    drain()
    clock.shift(dt.timedelta(seconds=61))
    drain()
    # then the third attempt succeeds, with the same webhook-id each time
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (WebhookDeliveryStatus.DELIVERED, 3)
    ids = {
        r.headers["webhook-id"]
        for r in endpoint
        if r.url.host == "erp.example" and b"OrderPlaced" in r.content
    }
    assert ids == {delivery.message_id}


def test_a_tampered_body_does_not_verify() -> None:
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": "1614265330",
        "webhook-signature": webhook_sign(
            secret=secret, message_id="msg_1", timestamp=1614265330, body=b"{}"
        ),
    }
    assert webhook_verify(secret=secret, headers=headers, body=b"{}", now=1614265330)
    assert not webhook_verify(secret=secret, headers=headers, body=b'{"a":1}', now=1614265330)
    assert not webhook_verify(secret=secret, headers=headers, body=b"{}", now=1614265330 + 3600)

"""Provider delivery webhooks through the API: signature first, then status."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import pytest
from django.test import override_settings

from jornada.notifications.inbound import sandbox_signature, twilio_signature
from jornada.notifications.models import Message, MessageStatus
from jornada.notifications.tests.conftest import drain, place
from jornada.orders.models import OrderEvent

pytestmark = pytest.mark.django_db

SECRET = "meta-app-secret"


def _sent_message(order: Any, provider: str, provider_id: str) -> Message:
    message = Message.objects.get(order_id=order.pk, audience="customer")
    Message.objects.filter(pk=message.pk).update(provider=provider, provider_message_id=provider_id)
    return message


def _whatsapp_body(message_id: str, status: str, ts: int = 1773162000) -> bytes:
    return json.dumps(
        {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": "1",
                    "changes": [
                        {
                            "field": "messages",
                            "value": {
                                "statuses": [
                                    {"id": message_id, "status": status, "timestamp": str(ts)}
                                ]
                            },
                        }
                    ],
                }
            ],
        }
    ).encode()


def _meta_sign(body: bytes) -> str:
    return "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()


@override_settings(WHATSAPP_APP_SECRET=SECRET)
def test_signed_whatsapp_read_receipt_updates_the_message_and_timeline(
    catalog: Any, clock: Any, client: Any
) -> None:
    # given
    order = place()
    drain()
    message = _sent_message(order, "whatsapp_cloud", "wamid.ABC")
    body = _whatsapp_body("wamid.ABC", "read")
    # when
    response = client.post(
        "/api/v1/notifications/webhooks/whatsapp",
        data=body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=_meta_sign(body),
    )
    # then
    assert (response.status_code, response.json()) == (200, {"changed": 1})
    message.refresh_from_db()
    assert message.status == MessageStatus.READ
    assert OrderEvent.objects.filter(
        order=order, type="message", params__message_id=message.pk, params__status="read"
    ).exists()
    # and the same report again changes nothing
    again = client.post(
        "/api/v1/notifications/webhooks/whatsapp",
        data=body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=_meta_sign(body),
    )
    assert again.json() == {"changed": 0}


@override_settings(WHATSAPP_APP_SECRET=SECRET)
def test_whatsapp_webhook_with_a_bad_signature_is_refused(
    catalog: Any, clock: Any, client: Any
) -> None:
    # given
    order = place()
    drain()
    message = _sent_message(order, "whatsapp_cloud", "wamid.ABC")
    body = _whatsapp_body("wamid.ABC", "delivered")
    # when
    response = client.post(
        "/api/v1/notifications/webhooks/whatsapp",
        data=body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256="sha256=" + "0" * 64,
    )
    # then
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "bad_signature"
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


@override_settings(WHATSAPP_VERIFY_TOKEN="tok")
def test_whatsapp_subscription_handshake_echoes_the_challenge(client: Any, db: Any) -> None:
    ok = client.get(
        "/api/v1/notifications/webhooks/whatsapp",
        {"hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "42"},
    )
    bad = client.get(
        "/api/v1/notifications/webhooks/whatsapp",
        {"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "42"},
    )
    assert (ok.status_code, ok.content) == (200, b"42")
    assert bad.status_code == 401


@override_settings(TWILIO_AUTH_TOKEN="twilio-token")
def test_twilio_undelivered_callback_fails_the_sms_and_falls_back_to_email(
    catalog: Any, clock: Any, client: Any
) -> None:
    # given an SMS customer
    from jornada.customers.types import CustomerInput

    customer = CustomerInput(
        name="Bia Melo",
        document="52998224725",
        email="bia@example.com",
        phone="(21) 99876-5432",
        preferred_channel="sms",
    )
    order = place(customer=customer)
    drain()
    message = _sent_message(order, "twilio", "SM123")
    params = {"MessageSid": "SM123", "MessageStatus": "undelivered", "ErrorCode": "30003"}
    url = "http://127.0.0.1:8000/api/v1/notifications/webhooks/twilio"
    # when
    response = client.post(
        "/api/v1/notifications/webhooks/twilio",
        data=params,
        HTTP_X_TWILIO_SIGNATURE=twilio_signature(url=url, params=params, auth_token="twilio-token"),
    )
    # then
    assert response.status_code == 200
    message.refresh_from_db()
    assert (message.status, message.last_error) == (MessageStatus.FAILED, "Twilio error 30003")
    fallback = Message.objects.get(fallback_of=message)
    assert (fallback.channel, fallback.status) == ("email", MessageStatus.SENT)


@override_settings(TWILIO_AUTH_TOKEN="twilio-token")
def test_twilio_callback_with_a_bad_signature_is_refused(client: Any, db: Any) -> None:
    response = client.post(
        "/api/v1/notifications/webhooks/twilio",
        data={"MessageSid": "SM1", "MessageStatus": "delivered"},
        HTTP_X_TWILIO_SIGNATURE="forged",
    )
    assert response.status_code == 401


def test_sandbox_webhook_is_signed_like_a_provider(catalog: Any, clock: Any, client: Any) -> None:
    order = place()
    drain()
    message = Message.objects.get(order_id=order.pk, audience="customer")
    body = json.dumps(
        {"id": "r1", "message_id": message.provider_message_id, "status": "delivered"}
    ).encode()
    refused = client.post(
        "/api/v1/notifications/webhooks/sandbox",
        data=body,
        content_type="application/json",
        HTTP_X_JORNADA_SANDBOX_SIGNATURE="bad",
    )
    accepted = client.post(
        "/api/v1/notifications/webhooks/sandbox",
        data=body,
        content_type="application/json",
        HTTP_X_JORNADA_SANDBOX_SIGNATURE=sandbox_signature(body),
    )
    assert (refused.status_code, accepted.status_code) == (401, 200)
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED


def test_anymail_tracking_signal_records_email_bounces(catalog: Any, clock: Any) -> None:
    from anymail.signals import AnymailTrackingEvent, tracking

    from jornada.customers.types import CustomerInput

    customer = CustomerInput(
        name="Ana Lima", document="11144477735", email="ana@example.com", preferred_channel="email"
    )
    order = place(customer=customer)
    drain()
    message = _sent_message(order, "anymail", "mg-1")
    tracking.send(
        sender=object,
        event=AnymailTrackingEvent(
            event_type="bounced", message_id="mg-1", event_id="ev-1", description="mailbox full"
        ),
        esp_name="Mailgun",
    )
    message.refresh_from_db()
    assert (message.status, message.last_error) == (MessageStatus.FAILED, "mailbox full")


def test_order_messages_api_lists_statuses(catalog: Any, clock: Any, client: Any) -> None:
    from django.contrib.auth import get_user_model

    order = place()
    drain()
    staff = get_user_model().objects.create_superuser("boss", "boss@loja.example", "x")
    client.force_login(staff)
    response = client.get(f"/api/v1/notifications/orders/{order.number}/messages")
    assert response.status_code == 200
    assert [(m["template"], m["channel"], m["status"]) for m in response.json()] == [
        ("staff_new_order", "email", "sent"),
        ("order_confirmation", "whatsapp", "sent"),
    ]
    assert client.get("/api/v1/notifications/orders/999999/messages").status_code == 404

"""Real channel adapters against fake provider servers (httpx.MockTransport) and
Django's in-memory email backend."""

from __future__ import annotations

import base64
import dataclasses
import json
from typing import Any

import httpx
import pytest
from django.core import mail
from django.test import override_settings

from jornada.notifications import adapters
from jornada.notifications.adapters.base import (
    Attachment,
    Outgoing,
    PermanentFailure,
    TemporaryFailure,
)
from jornada.notifications.adapters.email import DjangoEmailAdapter
from jornada.notifications.adapters.sms import TwilioSmsAdapter
from jornada.notifications.adapters.whatsapp import WhatsAppCloudAdapter
from jornada.notifications.models import Message, MessageStatus
from jornada.notifications.tests.conftest import drain, place

OUT = Outgoing(
    message_id=9,
    dedup_key="order:1:order_shipped:customer",
    channel="whatsapp",
    address="+5511987654321",
    language="pt-br",
    subject="Seu pedido foi enviado",
    text="Maria, seu pedido 100001 foi enviado!",
    html="<p>Maria, seu pedido 100001 foi enviado!</p>",
    whatsapp_template="jornada_order_shipped",
    whatsapp_params=("Maria", "100001", "AA123456785BR", ""),
)


def _client(handler: Any) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def test_whatsapp_sends_the_approved_template_with_its_parameters() -> None:
    seen: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"messages": [{"id": "wamid.HBg"}]})

    adapter = WhatsAppCloudAdapter(
        token="tkn", phone_number_id="123", api_version="v21.0", client=_client(server)
    )
    result = adapter.send(OUT)
    assert (result.provider, result.provider_message_id) == ("whatsapp_cloud", "wamid.HBg")
    request = seen[0]
    assert str(request.url) == "https://graph.facebook.com/v21.0/123/messages"
    assert request.headers["authorization"] == "Bearer tkn"
    assert json.loads(request.content) == {
        "messaging_product": "whatsapp",
        "to": "5511987654321",
        "type": "template",
        "template": {
            "name": "jornada_order_shipped",
            "language": {"code": "pt_BR"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "Maria"},
                        {"type": "text", "text": "100001"},
                        {"type": "text", "text": "AA123456785BR"},
                        {"type": "text", "text": "-"},
                    ],
                }
            ],
        },
    }


@pytest.mark.parametrize(
    ("status", "failure"),
    [(400, PermanentFailure), (429, TemporaryFailure), (503, TemporaryFailure)],
)
def test_whatsapp_errors_are_permanent_or_temporary(status: int, failure: type[Exception]) -> None:
    adapter = WhatsAppCloudAdapter(
        token="t",
        phone_number_id="1",
        api_version="v21.0",
        client=_client(lambda r: httpx.Response(status, json={"error": {"message": "x"}})),
    )
    with pytest.raises(failure):
        adapter.send(OUT)


def test_twilio_posts_the_sms_with_basic_auth_and_a_status_callback() -> None:
    seen: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json={"sid": "SM42", "status": "queued"})

    adapter = TwilioSmsAdapter(
        account_sid="AC1",
        auth_token="tok",
        from_number="+5511900000000",
        status_callback="https://loja.example/api/v1/notifications/webhooks/twilio",
        client=_client(server),
    )
    result = adapter.send(OUT)
    assert result.provider_message_id == "SM42"
    request = seen[0]
    assert str(request.url) == "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json"
    assert request.headers["authorization"] == "Basic " + base64.b64encode(b"AC1:tok").decode()
    form = dict(httpx.QueryParams(request.content.decode()))
    assert form == {
        "To": "+5511987654321",
        "From": "+5511900000000",
        "Body": "Maria, seu pedido 100001 foi enviado!",
        "StatusCallback": "https://loja.example/api/v1/notifications/webhooks/twilio",
    }


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_email_goes_with_html_attachments_and_one_click_unsubscribe() -> None:
    adapter = DjangoEmailAdapter(from_email="loja@loja.example", reply_to="contato@loja.example")
    out = dataclasses.replace(
        OUT,
        channel="email",
        address="maria@example.com",
        attachments=(Attachment("pedido.pdf", b"%PDF", "application/pdf"),),
        unsubscribe_url="https://loja.example/n/unsubscribe/t/",
    )
    result = adapter.send(out)
    [email] = mail.outbox
    assert (email.to, email.from_email, email.reply_to) == (
        ["maria@example.com"],
        "loja@loja.example",
        ["contato@loja.example"],
    )
    html = ("<p>Maria, seu pedido 100001 foi enviado!</p>", "text/html")
    assert email.alternatives[0] == html  # type: ignore[union-attr]
    assert email.attachments == [("pedido.pdf", b"%PDF", "application/pdf")]
    assert email.extra_headers["List-Unsubscribe"] == "<https://loja.example/n/unsubscribe/t/>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert result.provider == "smtp"
    assert result.provider_message_id == email.extra_headers["Message-ID"].strip("<>")


@pytest.mark.django_db
def test_a_provider_channel_sends_from_a_task_outside_the_event_transaction(
    catalog: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given WhatsApp through the Cloud API (a fake Meta server)
    calls: list[dict[str, Any]] = []

    def server(request: httpx.Request) -> httpx.Response:
        calls.append(json.loads(request.content))
        return httpx.Response(200, json={"messages": [{"id": f"wamid.{len(calls)}"}]})

    monkeypatch.setattr(adapters, "HTTP_TRANSPORT", httpx.MockTransport(server))
    with override_settings(
        NOTIFY_WHATSAPP_ADAPTER="whatsapp_cloud", WHATSAPP_TOKEN="t", WHATSAPP_PHONE_NUMBER_ID="1"
    ):
        # when
        order = place()
        drain()
        # then
        message = Message.objects.get(order_id=order.pk, audience="customer")
        assert (message.status, message.provider, message.provider_message_id) == (
            MessageStatus.SENT,
            "whatsapp_cloud",
            "wamid.1",
        )
        assert calls[0]["template"]["name"] == "jornada_order_confirmation"
        # and a second run of the same task sends nothing (the row is no longer queued)
        from jornada.notifications.services import message_send_claimed

        assert message_send_claimed(message_id=message.pk) == ""
        assert len(calls) == 1

"""``/api/v1/notifications/``: providers' signed delivery webhooks and message status.

The webhook endpoints take no API key: the provider's signature is the authentication
(checked before the body is read), as docs/notifications.md describes.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router, Schema

from jornada.notifications import inbound, selectors
from jornada.orders.selectors import order_get_by_number

router = Router(tags=["notifications"])
webhooks = Router(tags=["notifications (provider webhooks)"], auth=None)


def _refused() -> JsonResponse:
    return JsonResponse(
        {"error": {"code": "bad_signature", "message": "Signature check failed.", "fields": {}}},
        status=401,
    )


def _accepted(changed: int) -> JsonResponse:
    return JsonResponse({"changed": changed})


@webhooks.get("/whatsapp", url_name="notifications_whatsapp_verify", include_in_schema=False)
def whatsapp_verify(request: HttpRequest) -> HttpResponse:
    """Meta's subscription handshake: echo ``hub.challenge`` when the verify token matches."""
    token = settings.WHATSAPP_VERIFY_TOKEN
    if (
        token
        and request.GET.get("hub.mode") == "subscribe"
        and request.GET.get("hub.verify_token") == token
    ):
        return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
    return _refused()


@webhooks.post("/whatsapp", url_name="notifications_whatsapp")
def whatsapp_status(request: HttpRequest) -> HttpResponse:
    """WhatsApp Cloud API status updates, signed with ``X-Hub-Signature-256``."""
    changed = inbound.whatsapp_webhook_receive(
        body=request.body, signature=request.headers.get("X-Hub-Signature-256", "")
    )
    return _refused() if changed is None else _accepted(changed)


@webhooks.post("/twilio", url_name="notifications_twilio")
def twilio_status(request: HttpRequest) -> HttpResponse:
    """Twilio SMS status callbacks, signed with ``X-Twilio-Signature``."""
    url = settings.JORNADA_BASE_URL + request.path
    params = {k: str(v) for k, v in request.POST.items()}
    changed = inbound.twilio_webhook_receive(
        url=url, params=params, signature=request.headers.get("X-Twilio-Signature", "")
    )
    return _refused() if changed is None else _accepted(changed)


@webhooks.post("/sandbox", url_name="notifications_sandbox")
def sandbox_status(request: HttpRequest) -> HttpResponse:
    """The sandbox provider's status reports (``X-Jornada-Sandbox-Signature``)."""
    changed = inbound.sandbox_webhook_receive(
        body=request.body, signature=request.headers.get("X-Jornada-Sandbox-Signature", "")
    )
    return _refused() if changed is None else _accepted(changed)


class MessageOut(Schema):
    id: int
    template: str
    audience: str
    channel: str
    address: str
    language: str
    status: str
    skip_reason: str
    attempts: int
    created_at: dt.datetime
    sent_at: dt.datetime | None
    delivered_at: dt.datetime | None
    read_at: dt.datetime | None
    failed_at: dt.datetime | None


@router.get("/orders/{number}/messages", response=list[MessageOut], url_name="order_messages")
def order_messages(request: HttpRequest, number: str) -> list[MessageOut] | JsonResponse:
    """Every message sent (or skipped, and why) for an order, with its delivery status."""
    order = order_get_by_number(number=number)
    if order is None:
        return JsonResponse(
            {"error": {"code": "not_found", "message": "Order not found.", "fields": {}}},
            status=404,
        )
    return [
        MessageOut(
            id=m.pk,
            template=m.template_key,
            audience=m.audience,
            channel=m.channel,
            address=m.address,
            language=m.language,
            status=m.status,
            skip_reason=m.skip_reason,
            attempts=m.attempts,
            created_at=m.created_at,
            sent_at=m.sent_at,
            delivered_at=m.delivered_at,
            read_at=m.read_at,
            failed_at=m.failed_at,
        )
        for m in selectors.order_messages(order_id=order.pk)
    ]


router.add_router("/webhooks", webhooks)

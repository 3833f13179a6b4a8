"""Which adapter carries each channel (settings), and the one HTTP transport tests replace."""

from __future__ import annotations

import httpx
from django.conf import settings
from django.urls import reverse

from jornada.notifications.adapters.base import ChannelAdapter
from jornada.notifications.adapters.email import DjangoEmailAdapter
from jornada.notifications.adapters.phone import CallTaskAdapter
from jornada.notifications.adapters.sandbox import SandboxAdapter
from jornada.notifications.adapters.sms import TwilioSmsAdapter
from jornada.notifications.adapters.whatsapp import WhatsAppCloudAdapter

#: tests put an ``httpx.MockTransport`` here to stand in for the providers' servers
HTTP_TRANSPORT: httpx.BaseTransport | None = None


def _client() -> httpx.Client:
    return httpx.Client(transport=HTTP_TRANSPORT) if HTTP_TRANSPORT else httpx.Client()


def adapter_for(channel: str, *, store_email: str = "") -> ChannelAdapter:
    if channel == "phone":
        return CallTaskAdapter()
    choice = {
        "email": settings.NOTIFY_EMAIL_ADAPTER,
        "whatsapp": settings.NOTIFY_WHATSAPP_ADAPTER,
        "sms": settings.NOTIFY_SMS_ADAPTER,
    }[channel]
    if choice == "sandbox":
        return SandboxAdapter(channel)
    if channel == "email" and choice == "django":
        return DjangoEmailAdapter(
            from_email=settings.EMAIL_FROM or store_email or settings.DEFAULT_FROM_EMAIL,
            reply_to=store_email,
        )
    if channel == "whatsapp" and choice == "whatsapp_cloud":
        return WhatsAppCloudAdapter(
            token=settings.WHATSAPP_TOKEN,
            phone_number_id=settings.WHATSAPP_PHONE_NUMBER_ID,
            api_version=settings.WHATSAPP_API_VERSION,
            client=_client(),
        )
    if channel == "sms" and choice == "twilio":
        return TwilioSmsAdapter(
            account_sid=settings.TWILIO_ACCOUNT_SID,
            auth_token=settings.TWILIO_AUTH_TOKEN,
            from_number=settings.TWILIO_FROM,
            status_callback=settings.JORNADA_BASE_URL + reverse("api-v1:notifications_twilio"),
            client=_client(),
        )
    raise LookupError(f"no adapter {choice!r} for channel {channel!r}")

"""Meta WhatsApp Cloud API: approved-template messages (business-initiated).

Outside the 24-hour customer-service window WhatsApp only carries templates the store
had approved by Meta; each stage template names one (``jornada_<key>``) and the context
values filling its ``{{1}}``, ``{{2}}``... Delivery status arrives on the signed webhook
(``X-Hub-Signature-256``), handled in ``jornada.notifications.inbound``.
"""

from __future__ import annotations

from typing import Any

import httpx

from jornada.notifications.adapters.base import (
    Outgoing,
    PermanentFailure,
    SendResult,
    TemporaryFailure,
)

LANGUAGE_CODES = {"pt-br": "pt_BR", "es": "es", "en": "en_US"}


class WhatsAppCloudAdapter:
    name = "whatsapp_cloud"
    local = False

    def __init__(
        self, *, token: str, phone_number_id: str, api_version: str, client: httpx.Client
    ) -> None:
        self.url = f"https://graph.facebook.com/{api_version}/{phone_number_id}/messages"
        self.token = token
        self.client = client

    def body(self, message: Outgoing) -> dict[str, Any]:
        to = message.address.lstrip("+")
        if not message.whatsapp_template:
            return {
                "messaging_product": "whatsapp",
                "to": to,
                "type": "text",
                "text": {"body": message.text},
            }
        return {
            "messaging_product": "whatsapp",
            "to": to,
            "type": "template",
            "template": {
                "name": message.whatsapp_template,
                "language": {"code": LANGUAGE_CODES.get(message.language, "pt_BR")},
                "components": [
                    {
                        "type": "body",
                        "parameters": [
                            {"type": "text", "text": p or "-"} for p in message.whatsapp_params
                        ],
                    }
                ],
            },
        }

    def send(self, message: Outgoing) -> SendResult:
        try:
            response = self.client.post(
                self.url,
                json=self.body(message),
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=15,
            )
        except httpx.HTTPError as exc:
            raise TemporaryFailure(f"WhatsApp unreachable: {exc}") from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise TemporaryFailure(f"WhatsApp {response.status_code}: {response.text[:300]}")
        if response.status_code >= 400:
            raise PermanentFailure(f"WhatsApp {response.status_code}: {response.text[:300]}")
        try:
            message_id = response.json()["messages"][0]["id"]
        except (ValueError, KeyError, IndexError) as exc:
            raise TemporaryFailure(f"WhatsApp answered without a message id: {exc}") from exc
        return SendResult(provider=self.name, provider_message_id=str(message_id))

"""Melhor Envio (a Brazilian shipping platform: Correios, Jadlog, Loggi … labels bought
through one account), API v2, over httpx.

Creating a shipment is four calls: put it in the cart (``/api/v2/me/cart``), pay for it
(``/shipment/checkout``), generate the label (``/shipment/generate``) and get its
printable link (``/shipment/print``), whose PDF is kept as the label. Tracking is
``/shipment/tracking`` (polling) or the platform's webhooks, signed with HMAC-SHA256 of
the body in ``X-ME-Signature`` (base64), keyed with the application's secret (the
carrier's webhook secret in Jornada).

Configure a carrier with this adapter (``jornada.shipping.adapters.melhorenvio.
MelhorEnvioCarrier``), set ``external_code`` of each service to the platform's service
id (1 = Correios PAC, 2 = Correios SEDEX, …), and ``JORNADA_SHIPPING_MELHORENVIO_TOKEN``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from typing import Any

import httpx
from django.conf import settings

from jornada.brazil.business_days import SAO_PAULO
from jornada.shipping.adapters.base import CarrierEvent, CreatedShipment, ShipmentRequest


class MelhorEnvioError(RuntimeError):
    """The platform refused a call; the message is its own."""


#: The platform's order statuses, in Jornada's status set ("" = nothing to report).
STATUSES = {
    "pending": "",
    "released": "",
    "generated": "",
    "received": "posted",
    "posted": "posted",
    "delivered": "delivered",
    "undelivered": "failed_attempt",
    "canceled": "cancelled",
    "cancelled": "cancelled",
    "returned": "returned",
    "paused": "",
    "suspended": "",
    "expired": "",
}
_TIMES = {
    "posted": "posted_at",
    "delivered": "delivered_at",
    "cancelled": "canceled_at",
    "failed_attempt": "updated_at",
    "returned": "updated_at",
}
DESCRIPTIONS = {
    "posted": "Objeto postado",
    "delivered": "Objeto entregue ao destinatário",
    "failed_attempt": "Entrega não realizada",
    "cancelled": "Envio cancelado",
    "returned": "Objeto devolvido ao remetente",
}

#: Tests replace this to answer from recorded responses.
transport_factory: Callable[[], httpx.BaseTransport | None] = lambda: None  # noqa: E731


def _when(value: object) -> dt.datetime | None:
    """The platform writes local times, ``2026-11-24 10:31:07``."""
    if not value:
        return None
    text = str(value)
    parsed = dt.datetime.fromisoformat(text.replace(" ", "T"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=SAO_PAULO)


def events_of(order: dict[str, Any]) -> list[CarrierEvent]:
    """The platform's view of one order as a normalised event (or none)."""
    status = STATUSES.get(str(order.get("status", "")), "")
    if not status:
        return []
    at = _when(order.get(_TIMES[status])) or _when(order.get("updated_at"))
    if at is None:
        return []
    return [
        CarrierEvent(
            external_id=f"{order.get('id')}:{status}",
            status=status,
            description=DESCRIPTIONS[status],
            occurred_at=at,
            received_by=str(order.get("receiver") or ""),
            raw={k: v for k, v in order.items() if isinstance(v, str | int | float | bool | None)},
        )
    ]


class MelhorEnvioCarrier:
    def __init__(self, *, token: str | None = None, base_url: str | None = None) -> None:
        self.token = token if token is not None else settings.SHIPPING_MELHORENVIO_TOKEN
        self.base_url = (base_url or settings.SHIPPING_MELHORENVIO_URL).rstrip("/")

    def _client(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.base_url,
            transport=transport_factory(),
            timeout=20.0,
            headers={
                "Accept": "application/json",
                "Authorization": f"Bearer {self.token}",
                "User-Agent": "Jornada (shipping)",
            },
        )

    def _post(self, client: httpx.Client, path: str, body: dict[str, Any]) -> Any:
        response = client.post(path, json=body)
        if response.status_code >= 400:
            raise MelhorEnvioError(f"{path}: {response.status_code} {response.text[:300]}")
        return response.json()

    def create_shipment(self, request: ShipmentRequest) -> CreatedShipment:
        sender = request.sender
        length, width, height = request.dimensions_mm
        cart = {
            "service": int(request.external_service or 1),
            "from": {
                "name": sender.get("name", ""),
                "phone": sender.get("phone", ""),
                "email": sender.get("email", ""),
                "company_document": sender.get("document", ""),
                "address": sender.get("street", ""),
                "number": sender.get("number", ""),
                "complement": sender.get("complement", ""),
                "district": sender.get("district", ""),
                "city": sender.get("city", ""),
                "state_abbr": sender.get("uf", ""),
                "postal_code": sender.get("cep", ""),
                "country_id": "BR",
            },
            "to": {
                "name": request.recipient_name,
                "phone": request.recipient_phone,
                "email": request.recipient_email,
                "document": request.recipient_document,
                "address": request.recipient_street,
                "number": request.recipient_number,
                "complement": request.recipient_complement,
                "district": request.recipient_district,
                "city": request.recipient_city,
                "state_abbr": request.recipient_uf,
                "postal_code": request.recipient_cep,
                "country_id": "BR",
            },
            "volumes": [
                {
                    "height": max(height // 10, 1),
                    "width": max(width // 10, 1),
                    "length": max(length // 10, 1),
                    "weight": round(request.weight_grams / 1000, 3),
                }
            ],
            "options": {
                "insurance_value": float(request.declared_value or 0),
                "receipt": False,
                "own_hand": False,
                "non_commercial": True,
                "tags": [{"tag": request.order_number}],
            },
        }
        with self._client() as client:
            order = self._post(client, "/api/v2/me/cart", cart)
            order_id = str(order["id"])
            self._post(client, "/api/v2/me/shipment/checkout", {"orders": [order_id]})
            self._post(client, "/api/v2/me/shipment/generate", {"orders": [order_id]})
            printed = self._post(
                client, "/api/v2/me/shipment/print", {"mode": "private", "orders": [order_id]}
            )
            label = client.get(str(printed["url"]))
            if label.status_code >= 400 or not label.content.startswith(b"%PDF"):
                raise MelhorEnvioError(f"label: {label.status_code}")
            tracked = self._post(client, "/api/v2/me/shipment/tracking", {"orders": [order_id]})
        info = tracked.get(order_id, {})
        code = str(info.get("tracking") or info.get("melhorenvio_tracking") or order["protocol"])
        return CreatedShipment(tracking_code=code, label_pdf=label.content, external_id=order_id)

    def track(self, tracking_code: str, external_id: str = "") -> list[CarrierEvent]:
        key = external_id or tracking_code
        with self._client() as client:
            found = self._post(client, "/api/v2/me/shipment/tracking", {"orders": [key]})
        return events_of(found.get(key, {})) if isinstance(found, dict) else []

    def cancel(self, tracking_code: str, external_id: str = "") -> bool:
        key = external_id or tracking_code
        body = {"order": {"id": key, "reason_id": "2", "description": "Cancelado pela loja"}}
        with self._client() as client:
            answer = self._post(client, "/api/v2/me/shipment/cancel", body)
        return bool(answer.get(key, {}).get("canceled"))

    def verify_webhook(self, *, secret: str, headers: dict[str, str], body: bytes) -> str | None:
        """``X-ME-Signature``: base64 HMAC-SHA256 of the body. The platform sends no id;
        the body's digest stands for it (a redelivery is the same body)."""
        given = headers.get("x-me-signature", "")
        if not (secret and given):
            return None
        expected = base64.b64encode(
            hmac.new(secret.encode(), body, hashlib.sha256).digest()
        ).decode()
        if not hmac.compare_digest(expected, given):
            return None
        return "me-" + hashlib.sha256(body).hexdigest()

    def parse_webhook(self, payload: dict[str, Any]) -> tuple[str, list[CarrierEvent]]:
        data = payload.get("data")
        if not isinstance(data, dict) or "id" not in data:
            raise ValueError("a Melhor Envio webhook has data.id")
        code = str(data.get("tracking") or data.get("self_tracking") or data.get("protocol") or "")
        return code, events_of(data)

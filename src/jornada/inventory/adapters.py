"""Telling integrated suppliers about purchase orders: a signed webhook (Standard
Webhooks scheme: ``webhook-id``, ``webhook-timestamp``, ``webhook-signature``).

A supplier whose webhook URL starts with ``sandbox:`` gets the same signed message
recorded in ``SandboxSupplierNotifier.sent`` instead of over the network.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Sequence
from typing import Any, Protocol

import httpx

from jornada.inventory.models import PurchaseOrder, PurchaseOrderLine, Supplier


class SupplierNotifier(Protocol):
    def purchase_order_sent(
        self,
        *,
        supplier: Supplier,
        purchase_order: PurchaseOrder,
        lines: Sequence[PurchaseOrderLine],
    ) -> None: ...


def purchase_order_payload(
    purchase_order: PurchaseOrder, lines: Sequence[PurchaseOrderLine]
) -> dict[str, Any]:
    return {
        "type": "purchase_order.sent",
        "data": {
            "number": purchase_order.number,
            "dropship": purchase_order.dropship,
            "ship_to": purchase_order.ship_to if purchase_order.dropship else None,
            "expected_date": (
                purchase_order.expected_date.isoformat() if purchase_order.expected_date else None
            ),
            "lines": [
                {
                    "sku": line.sku,
                    "supplier_sku": line.supplier_sku,
                    "quantity": line.quantity,
                    "unit_cost": str(line.unit_cost),
                }
                for line in lines
            ],
        },
    }


def sign(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """``v1,<base64 HMAC-SHA256 of "id.timestamp.body">`` (Standard Webhooks)."""
    key = secret.removeprefix("whsec_").encode()
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def signed_request(supplier: Supplier, payload: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    message_id = f"msg_{uuid.uuid4().hex}"
    timestamp = int(time.time())
    headers = {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(
            secret=supplier.webhook_secret, message_id=message_id, timestamp=timestamp, body=body
        ),
    }
    return body, headers


class HttpSupplierNotifier:
    def __init__(self, *, timeout: float = 10.0) -> None:
        self.timeout = timeout

    def purchase_order_sent(
        self,
        *,
        supplier: Supplier,
        purchase_order: PurchaseOrder,
        lines: Sequence[PurchaseOrderLine],
    ) -> None:
        body, headers = signed_request(supplier, purchase_order_payload(purchase_order, lines))
        response = httpx.post(
            supplier.webhook_url, content=body, headers=headers, timeout=self.timeout
        )
        response.raise_for_status()


class SandboxSupplierNotifier:
    sent: list[tuple[str, bytes, dict[str, str]]] = []

    def purchase_order_sent(
        self,
        *,
        supplier: Supplier,
        purchase_order: PurchaseOrder,
        lines: Sequence[PurchaseOrderLine],
    ) -> None:
        body, headers = signed_request(supplier, purchase_order_payload(purchase_order, lines))
        self.sent.append((supplier.webhook_url, body, headers))


class _Router:
    def purchase_order_sent(
        self,
        *,
        supplier: Supplier,
        purchase_order: PurchaseOrder,
        lines: Sequence[PurchaseOrderLine],
    ) -> None:
        notifier: SupplierNotifier = (
            SandboxSupplierNotifier()
            if supplier.webhook_url.startswith("sandbox:")
            else HttpSupplierNotifier()
        )
        notifier.purchase_order_sent(supplier=supplier, purchase_order=purchase_order, lines=lines)


def supplier_notifier() -> SupplierNotifier:
    return _Router()

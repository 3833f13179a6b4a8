"""The one protocol every payment gateway adapter speaks, and the values it exchanges.

Adapters translate; they decide nothing. They never see a card number: the checkout
tokenises the card with the gateway's own script and Jornada passes the token on.
Statuses come back already mapped to ``PaymentStatus`` values.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from jornada.core.errors import DomainError


class GatewayError(Exception):
    """The gateway could not be reached or answered with an error (retry later)."""


class WebhookRejected(Exception):
    """A webhook that is not authentic (bad signature) or not fresh (old timestamp)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class MethodNotSupported(DomainError):
    code = "payment_method_not_supported"
    status = 422


@dataclass(frozen=True, slots=True)
class Payer:
    name: str
    document: str
    email: str


@dataclass(frozen=True, slots=True)
class ChargeRequest:
    idempotency_key: str
    external_reference: str  # Jornada's payment id, as the gateway reports it back
    method: str
    amount: Decimal
    currency: str
    description: str
    payer: Payer
    instalments: int = 1
    card_token: str = ""
    card_brand: str = ""
    expires_at: dt.datetime | None = None
    boleto_due_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ChargeResult:
    reference: str
    status: str  # a PaymentStatus value
    gateway_status: str
    reason: str = ""
    amount: Decimal | None = None
    refunded: Decimal = Decimal("0")
    pix_copy_paste: str = ""
    boleto_barcode: str = ""
    boleto_due_date: dt.date | None = None
    redirect_url: str = ""
    expires_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class RefundResult:
    reference: str
    accepted: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class WebhookMessage:
    """An authentic gateway message, reduced to what Jornada acts on."""

    event_id: str
    event_type: str
    reference: str
    occurred_at: dt.datetime
    # None when the message only says "something changed" (ask ``query_status``)
    status: str | None = None
    reason: str = ""
    refunded: Decimal | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SettlementRow:
    """One line of a gateway's settlement report."""

    reference: str
    external_reference: str
    method: str
    status: str  # a PaymentStatus value
    amount: Decimal
    refunded: Decimal
    currency: str


class Gateway(Protocol):
    name: str
    methods: frozenset[str]

    def authorize(self, request: ChargeRequest, *, now: dt.datetime) -> ChargeResult: ...

    def capture(self, *, reference: str, amount: Decimal) -> ChargeResult: ...

    def void(self, *, reference: str) -> ChargeResult: ...

    def refund(
        self, *, reference: str, amount: Decimal, idempotency_key: str, now: dt.datetime
    ) -> RefundResult: ...

    def query_status(self, *, reference: str) -> ChargeResult: ...

    def parse_webhook(
        self, *, body: bytes, headers: Mapping[str, str], query: Mapping[str, str], now: dt.datetime
    ) -> WebhookMessage: ...

    def settlement_report(self, *, start: dt.date, end: dt.date) -> str: ...


# --- signatures (Standard Webhooks: id.timestamp.body, HMAC-SHA256, base64) -----------


def _secret_bytes(secret: str) -> bytes:
    if secret.startswith("whsec_"):
        try:
            return base64.b64decode(secret.removeprefix("whsec_"), validate=True)
        except ValueError:
            return secret.encode()
    return secret.encode()


def standard_signature(*, secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_secret_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def standard_verify(
    *,
    secret: str,
    headers: Mapping[str, str],
    body: bytes,
    now: dt.datetime,
    tolerance: int,
) -> tuple[str, int]:
    """Check a Standard Webhooks signature; returns (message id, timestamp).

    Raises ``WebhookRejected`` for missing headers, a timestamp outside ``tolerance``
    seconds of ``now`` (replays of old captures) or no matching signature. Every
    candidate is compared in constant time.
    """
    lower = {k.lower(): v for k, v in headers.items()}
    msg_id = lower.get("webhook-id", "")
    raw_ts = lower.get("webhook-timestamp", "")
    signatures = lower.get("webhook-signature", "")
    if not msg_id or not raw_ts or not signatures:
        raise WebhookRejected("missing signature headers")
    try:
        timestamp = int(raw_ts)
    except ValueError:
        raise WebhookRejected("bad timestamp") from None
    if abs(now.timestamp() - timestamp) > tolerance:
        raise WebhookRejected("stale timestamp")
    expected = standard_signature(secret=secret, msg_id=msg_id, timestamp=timestamp, body=body)
    matched = False
    for candidate in signatures.split():
        # no early exit: every candidate costs the same whatever matches
        matched |= hmac.compare_digest(candidate.encode(), expected.encode())
    if not matched:
        raise WebhookRejected("bad signature")
    return msg_id, timestamp

"""Signed webhooks (Standard Webhooks scheme): sign what we send, verify what we receive.

``webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">``; several
signatures may be sent separated by spaces (secret rotation). A secret written as
``whsec_<base64>`` is decoded; any other secret is used as its UTF-8 bytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

TOLERANCE_SECONDS = 300


def _key(secret: str) -> bytes:
    if secret.startswith("whsec_"):
        return base64.b64decode(secret.removeprefix("whsec_"))
    return secret.encode()


def webhook_sign(*, secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    message = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), message, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def webhook_headers(
    *, secret: str, webhook_id: str, body: bytes, now: float | None = None
) -> dict[str, str]:
    timestamp = int(now if now is not None else time.time())
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": webhook_sign(
            secret=secret, webhook_id=webhook_id, timestamp=timestamp, body=body
        ),
    }


def webhook_verify(
    *, secret: str, headers: dict[str, str], body: bytes, now: float | None = None
) -> bool:
    """True when one of the signatures matches and the timestamp is within 5 minutes."""
    webhook_id = headers.get("webhook-id", "")
    raw_timestamp = headers.get("webhook-timestamp", "")
    signatures = headers.get("webhook-signature", "").split()
    if not (secret and webhook_id and raw_timestamp.isdigit() and signatures):
        return False
    timestamp = int(raw_timestamp)
    current = now if now is not None else time.time()
    if abs(current - timestamp) > TOLERANCE_SECONDS:
        return False
    expected = webhook_sign(secret=secret, webhook_id=webhook_id, timestamp=timestamp, body=body)
    return any(hmac.compare_digest(expected, candidate) for candidate in signatures)

"""Delivery reports from providers: signature checks and parsing, then one service call.

Every report is signature-checked before anything is read, deduplicated by its event id
(``message_status_record``), and tolerant of out-of-order arrival (statuses move forward
only). The sandbox signs its reports too and goes through the same path.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.crypto import salted_hmac

from jornada.notifications.services import message_status_record

WHATSAPP_STATUS = {"sent": "sent", "delivered": "delivered", "read": "read", "failed": "failed"}
TWILIO_STATUS = {
    "sent": "sent",
    "delivered": "delivered",
    "read": "read",
    "undelivered": "failed",
    "failed": "failed",
}
ANYMAIL_STATUS = {
    "sent": "sent",
    "delivered": "delivered",
    "opened": "read",
    "bounced": "failed",
    "rejected": "failed",
    "failed": "failed",
}


@dataclass(frozen=True, slots=True)
class StatusReport:
    event_id: str
    provider_message_id: str
    status: str
    occurred_at: dt.datetime | None = None
    error: str = ""


def _record(provider: str, reports: list[StatusReport]) -> int:
    return sum(
        message_status_record(
            provider=provider,
            provider_message_id=r.provider_message_id,
            status=r.status,
            event_id=r.event_id,
            occurred_at=r.occurred_at,
            error=r.error,
        )
        for r in reports
    )


def _from_epoch(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    except (TypeError, ValueError):
        return None


# --- WhatsApp Cloud API ----------------------------------------------------------------


def whatsapp_signature_valid(*, body: bytes, header: str, app_secret: str) -> bool:
    if not app_secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def whatsapp_reports(payload: dict[str, Any]) -> list[StatusReport]:
    reports = []
    for entry in payload.get("entry", []):
        for change in entry.get("changes", []):
            for status in change.get("value", {}).get("statuses", []):
                mapped = WHATSAPP_STATUS.get(str(status.get("status")))
                if not mapped or not status.get("id"):
                    continue
                errors = status.get("errors") or []
                reports.append(
                    StatusReport(
                        event_id=f"{status['id']}:{status['status']}",
                        provider_message_id=str(status["id"]),
                        status=mapped,
                        occurred_at=_from_epoch(status.get("timestamp")),
                        error="; ".join(str(e.get("title", e)) for e in errors),
                    )
                )
    return reports


def whatsapp_webhook_receive(*, body: bytes, signature: str) -> int | None:
    """None if the signature is wrong; else how many messages changed."""
    if not whatsapp_signature_valid(
        body=body, header=signature, app_secret=settings.WHATSAPP_APP_SECRET
    ):
        return None
    return _record("whatsapp_cloud", whatsapp_reports(json.loads(body or b"{}")))


# --- Twilio SMS ------------------------------------------------------------------------


def twilio_signature(*, url: str, params: dict[str, str], auth_token: str) -> str:
    data = url + "".join(f"{k}{params[k]}" for k in sorted(params))
    digest = hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def twilio_webhook_receive(*, url: str, params: dict[str, str], signature: str) -> int | None:
    token = settings.TWILIO_AUTH_TOKEN
    if not token or not hmac.compare_digest(
        twilio_signature(url=url, params=params, auth_token=token), signature
    ):
        return None
    status = TWILIO_STATUS.get(params.get("MessageStatus", ""))
    sid = params.get("MessageSid", "")
    if not status or not sid:
        return 0
    error = params.get("ErrorCode", "")
    return _record(
        "twilio",
        [
            StatusReport(
                event_id=f"{sid}:{params['MessageStatus']}",
                provider_message_id=sid,
                status=status,
                error=f"Twilio error {error}" if error else "",
            )
        ],
    )


# --- sandbox -------------------------------------------------------------------------


def sandbox_signature(body: bytes) -> str:
    return salted_hmac("jornada.notifications.sandbox", body, algorithm="sha256").hexdigest()


def sandbox_webhook_receive(*, body: bytes, signature: str) -> int | None:
    if not hmac.compare_digest(sandbox_signature(body), signature):
        return None
    data = json.loads(body)
    return _record(
        "sandbox",
        [
            StatusReport(
                event_id=str(data["id"]),
                provider_message_id=str(data["message_id"]),
                status=str(data["status"]),
                occurred_at=_from_epoch(data.get("timestamp")),
            )
        ],
    )


def sandbox_receipt(payload: dict[str, Any]) -> None:
    """Timer job: the sandbox provider reports a status, signed, as a real one would."""
    body = json.dumps(
        {
            "id": f"{payload['provider_message_id']}:{payload['status']}",
            "message_id": payload["provider_message_id"],
            "status": payload["status"],
            "timestamp": int(time.time()),
        }
    ).encode()
    sandbox_webhook_receive(body=body, signature=sandbox_signature(body))


# --- anymail (email providers' tracking webhooks) ---------------------------------------


def anymail_tracking_received(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    """anymail has checked the provider's signature; apply the report."""
    status = ANYMAIL_STATUS.get(str(event.event_type))
    if not status or not event.message_id:
        return
    event_id = event.event_id or f"{event.message_id}:{event.event_type}"
    _record(
        "anymail",
        [
            StatusReport(
                event_id=f"{esp_name}:{event_id}",
                provider_message_id=str(event.message_id),
                status=status,
                occurred_at=event.timestamp,
                error=str(event.description or event.reject_reason or ""),
            )
        ],
    )


def connect_anymail_tracking() -> None:
    try:
        from anymail.signals import tracking
    except ImportError:  # pragma: no cover - anymail is a dependency
        return
    tracking.connect(anymail_tracking_received, dispatch_uid="jornada.notifications.anymail")

"""Outbound webhooks for integrators: subscriptions per event type, signed with the
Standard Webhooks scheme (https://www.standardwebhooks.com), retried with backoff, logged.

Headers: ``webhook-id`` (the same on every retry), ``webhook-timestamp`` (seconds) and
``webhook-signature`` = ``v1,`` + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")),
where the key is the base64 part of the subscription's ``whsec_...`` secret.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
import time
from typing import Any

import httpx
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from jornada.core.cache import ttl_get
from jornada.core.events import Event
from jornada.core.scheduler import timer_schedule
from jornada.notifications import adapters, rules
from jornada.notifications.models import (
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookSubscription,
)

RETRY_JOB = "notifications.webhook_retry"
TOLERANCE_SECONDS = 5 * 60


def webhook_secret_new() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix("whsec_"))


def webhook_sign(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def webhook_verify(
    *, secret: str, headers: dict[str, str], body: bytes, now: float | None = None
) -> bool:
    """What a receiver does: check the timestamp window and any of the ``v1`` signatures."""
    try:
        message_id = headers["webhook-id"]
        timestamp = int(headers["webhook-timestamp"])
        given = headers["webhook-signature"].split()
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > TOLERANCE_SECONDS:
        return False
    expected = webhook_sign(secret=secret, message_id=message_id, timestamp=timestamp, body=body)
    return any(hmac.compare_digest(expected, sig) for sig in given if sig.startswith("v1,"))


def webhook_subscription_create(
    *, url: str, event_types: list[str], description: str = ""
) -> WebhookSubscription:
    return WebhookSubscription.objects.create(
        url=url, event_types=event_types, description=description, secret=webhook_secret_new()
    )


def _body(event_type: str, occurred_at: dt.datetime, data: dict[str, Any]) -> dict[str, Any]:
    return {"type": event_type, "timestamp": occurred_at.isoformat(), "data": data}


def webhooks_fanout(event: Event) -> None:
    """Event handler (every event type): one delivery per subscription that wants it."""
    active = ttl_get(
        "webhook_subscriptions", lambda: list(WebhookSubscription.objects.filter(is_active=True))
    )
    subscriptions = [s for s in active if s.wants(event.type)]
    for subscription in subscriptions:
        webhook_enqueue(
            message_id=f"msg_{event.id.hex}_{subscription.pk}",
            url=subscription.url,
            event_type=event.type,
            payload=_body(event.type, event.occurred_at, event.payload),
            subscription=subscription,
        )


def webhook_enqueue(
    *,
    message_id: str,
    url: str,
    event_type: str,
    payload: dict[str, Any],
    subscription: WebhookSubscription | None = None,
) -> WebhookDelivery | None:
    """Log a delivery once per ``message_id`` and queue its first attempt (None if known)."""
    from jornada.notifications.tasks import webhook_send_task

    try:
        with transaction.atomic():
            delivery = WebhookDelivery.objects.create(
                subscription=subscription,
                url=url,
                message_id=message_id,
                event_type=event_type,
                payload=json.loads(json.dumps(payload, cls=DjangoJSONEncoder)),
            )
    except IntegrityError:
        return None
    webhook_send_task.enqueue(delivery.pk)
    return delivery


def webhook_attempt(*, delivery_id: int) -> int:
    """POST once (outside any transaction); record the answer; schedule a retry if due."""
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    if delivery.status != WebhookDeliveryStatus.PENDING:
        return delivery.response_status or 0
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    timestamp = int(time.time())
    headers = {
        "content-type": "application/json",
        "user-agent": "Jornada-Webhooks/1",
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(timestamp),
    }
    if delivery.subscription is not None:
        headers["webhook-signature"] = webhook_sign(
            secret=delivery.subscription.secret,
            message_id=delivery.message_id,
            timestamp=timestamp,
            body=body,
        )
    error = ""
    try:
        transport = adapters.HTTP_TRANSPORT
        client = httpx.Client(transport=transport) if transport else httpx.Client()
        with client:
            response = client.post(
                delivery.url, content=body, headers=headers, timeout=settings.WEBHOOK_TIMEOUT
            )
        status = response.status_code
        if not 200 <= status < 300:
            error = f"HTTP {status}: {response.text[:300]}"
    except httpx.HTTPError as exc:
        status, error = 0, f"{type(exc).__name__}: {exc}"
    now = timezone.now()
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
        if delivery.status != WebhookDeliveryStatus.PENDING:
            return status
        delivery.attempts += 1
        delivery.response_status = status or None
        delivery.last_error = error
        if not error:
            delivery.status, delivery.delivered_at = WebhookDeliveryStatus.DELIVERED, now
        elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status = WebhookDeliveryStatus.FAILED
        else:
            delay = rules.retry_delay_seconds(
                attempts=delivery.attempts, base=settings.NOTIFY_BACKOFF_BASE, cap=3600.0
            )
            timer_schedule(
                job=RETRY_JOB,
                due_at=now + dt.timedelta(seconds=delay),
                key=f"webhook:{delivery.pk}:{delivery.attempts}",
                payload={"delivery_id": delivery.pk},
            )
        delivery.save(
            update_fields=["attempts", "response_status", "last_error", "status", "delivered_at"]
        )
    return status


def webhook_retry(payload: dict[str, Any]) -> None:
    """Timer job: queue the next attempt of a pending delivery."""
    from jornada.notifications.tasks import webhook_send_task

    if WebhookDelivery.objects.filter(
        pk=int(payload["delivery_id"]), status=WebhookDeliveryStatus.PENDING
    ).exists():
        webhook_send_task.enqueue(int(payload["delivery_id"]))


def webhook_redeliver(*, delivery_id: int) -> bool:
    """Staff: try a failed delivery again, with a fresh round of attempts."""
    from jornada.notifications.tasks import webhook_send_task

    with transaction.atomic():
        changed = WebhookDelivery.objects.filter(
            pk=delivery_id, status=WebhookDeliveryStatus.FAILED
        ).update(status=WebhookDeliveryStatus.PENDING, attempts=0)
        if changed:
            webhook_send_task.enqueue(delivery_id)
    return bool(changed)

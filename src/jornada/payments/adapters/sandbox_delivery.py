"""Posting the sandbox gateway's webhooks to Jornada's own endpoint, signed.

A queued task (run by ``jornada worker`` outside any transaction) posts each webhook
with Standard Webhooks headers, signed when sent (a fresh timestamp on every try).
Anything but 2xx is retried later by a timer, after 30 s, 1 min, 2 min... (at most
1 h), like a real gateway. ``SANDBOX_WEBHOOK_URL`` empty: posted in-process through Jornada's WSGI app.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import time
from collections.abc import Callable

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from jornada.core.scheduler import timer_schedule
from jornada.payments.adapters.base import standard_signature
from jornada.payments.models import SandboxWebhook

logger = logging.getLogger("jornada.payments.sandbox")

REDELIVER_JOB = "payments.sandbox_redeliver"
WEBHOOK_PATH = "/api/v1/payments/webhooks/sandbox"
MAX_ATTEMPTS = 12


@functools.cache
def _wsgi_transport() -> httpx.BaseTransport:
    # one WSGI handler per process: building it loads every middleware
    from django.core.wsgi import get_wsgi_application

    return httpx.WSGITransport(app=get_wsgi_application())


# Tests replace this with a transport into Django's test client.
transport_factory: Callable[[], httpx.BaseTransport] = _wsgi_transport


def _target() -> tuple[str, httpx.BaseTransport | None]:
    if settings.SANDBOX_WEBHOOK_URL:
        return settings.SANDBOX_WEBHOOK_URL, None
    return (
        f"http://{settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else 'localhost'}{WEBHOOK_PATH}",
        transport_factory(),
    )


def signed_request(webhook: SandboxWebhook, *, timestamp: int) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(webhook.body, separators=(",", ":"), sort_keys=True).encode()
    signature = standard_signature(
        secret=settings.SANDBOX_WEBHOOK_SECRET,
        msg_id=webhook.event_id,
        timestamp=timestamp,
        body=body,
    )
    return body, {
        "content-type": "application/json",
        "webhook-id": webhook.event_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature,
    }


@task()
def sandbox_webhook_deliver(webhook_id: int) -> int:
    """Post one webhook; returns the HTTP status (0 when the endpoint was unreachable)."""
    webhook = SandboxWebhook.objects.get(pk=webhook_id)
    if webhook.delivered_at is not None:
        return 200
    url, transport = _target()
    body, headers = signed_request(webhook, timestamp=int(time.time()))
    try:
        with httpx.Client(transport=transport, timeout=10.0) as client:
            status = client.post(url, content=body, headers=headers).status_code
    except httpx.HTTPError as error:
        logger.warning("sandbox webhook %s not delivered: %s", webhook.event_id, error)
        status = 0
    with transaction.atomic():
        webhook.attempts += 1
        webhook.last_status = status or None
        if 200 <= status < 300:
            webhook.delivered_at = timezone.now()
        elif webhook.attempts < MAX_ATTEMPTS:
            timer_schedule(
                job=REDELIVER_JOB,
                due_at=timezone.now()
                + dt.timedelta(seconds=min(30 * 2 ** (webhook.attempts - 1), 3600)),
                key=f"sandbox-redeliver:{webhook.pk}:{webhook.attempts}",
                payload={"webhook_id": webhook.pk},
            )
        webhook.save(update_fields=["attempts", "last_status", "delivered_at"])
    return status


def sandbox_redeliver(payload: dict[str, int]) -> None:
    """Timer job: queue another try of an undelivered webhook."""
    sandbox_webhook_deliver.enqueue(int(payload["webhook_id"]))

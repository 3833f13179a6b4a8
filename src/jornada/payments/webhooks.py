"""Gateway webhooks, once each: stored raw, deduplicated by event id, applied to the
payment on the locked path (``services._apply``), order-tolerant.

The API's receiver has verified the signature and the timestamp (the adapter's
``parse_webhook``) before calling ``webhook_receive``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from jornada.payments.adapters import gateway_for
from jornada.payments.adapters.base import WebhookMessage
from jornada.payments.models import Payment, PaymentAttempt, WebhookEvent
from jornada.payments.services import _apply, _attempt


@dataclass(frozen=True, slots=True)
class WebhookOutcome:
    duplicate: bool
    outcome: str
    payment_id: int | None = None


def webhook_receive(
    *,
    gateway_name: str,
    message: WebhookMessage,
    body: bytes,
    headers: dict[str, str],
    now: dt.datetime | None = None,
) -> WebhookOutcome:
    """Record an authentic webhook once (by event id) and apply it to its payment.

    The caller has verified the signature and timestamp (the adapter's
    ``parse_webhook``). A repeated event id changes nothing; an older message than the
    last one applied, or a move the table refuses (a late "pending" after "paid"), is
    kept as ``ignored``.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            event = WebhookEvent.objects.create(
                gateway=gateway_name,
                event_id=message.event_id[:100],
                event_type=message.event_type[:60],
                reference=message.reference[:100],
                outcome=WebhookEvent.Outcome.IGNORED,
                raw_body=body.decode("utf-8", errors="replace"),
                headers=headers,
                occurred_at=message.occurred_at,
                received_at=now,
            )
            outcome, note = _webhook_apply(gateway_name, message, event, now=now)
            event.outcome = outcome
            event.note = note[:200]
            event.save(update_fields=["outcome", "note", "payment"])
            return WebhookOutcome(duplicate=False, outcome=outcome, payment_id=event.payment_id)
    except IntegrityError:
        if WebhookEvent.objects.filter(
            gateway=gateway_name, event_id=message.event_id[:100]
        ).exists():
            return WebhookOutcome(duplicate=True, outcome="duplicate")
        raise


def _webhook_apply(
    gateway_name: str, message: WebhookMessage, event: WebhookEvent, *, now: dt.datetime
) -> tuple[str, str]:
    query = Payment.objects.filter(gateway=gateway_name, reference=message.reference)
    if connection.features.has_select_for_update:
        query = query.select_for_update()
    payment = query.first()  # locked for this transaction
    if payment is None:
        return WebhookEvent.Outcome.UNKNOWN_PAYMENT, ""
    event.payment = payment
    status, refunded, reason = message.status, message.refunded, message.reason
    if status is None:  # "something changed": ask the gateway what it is now
        current = gateway_for(gateway_name).query_status(reference=payment.reference)
        _attempt(
            payment,
            PaymentAttempt.Operation.QUERY,
            outcome=PaymentAttempt.Outcome.OK,
            gateway_status=current.gateway_status,
            now=now,
        )
        status, refunded, reason = current.status, current.refunded, current.reason
    elif payment.gateway_updated_at and message.occurred_at < payment.gateway_updated_at:
        return WebhookEvent.Outcome.IGNORED, "older than the last message applied"
    last = payment.gateway_updated_at
    # saved with the change by ``_apply``; left unsaved when nothing changes
    payment.gateway_updated_at = max(message.occurred_at, last or message.occurred_at)
    if not _apply(payment, status=status, reason=reason, refunded=refunded, now=now):
        return WebhookEvent.Outcome.IGNORED, f"{payment.status} -> {status} changes nothing"
    return WebhookEvent.Outcome.APPLIED, f"-> {status}"

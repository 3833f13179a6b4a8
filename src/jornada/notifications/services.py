"""Every write of the messaging layer: enqueue, send, record status, close calls, retry.

Exactly once: a message is one row per ``dedup_key`` (the unique constraint decides,
whatever the concurrency), created in the transaction of the event delivery or journey
step that asks for it. Sending is claimed with a lease, so a retried job finds the row
already sent and does nothing. The one window left is a worker killed after the
provider accepted a message and before the answer was recorded: that message may be
sent again when the lease runs out (providers offer no idempotency key to close it).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jornada.core import prepared
from jornada.core.db import insert_once, insert_rows
from jornada.core.models import Document, StoreProfile, Timer
from jornada.core.scheduler import timer_schedule
from jornada.customers.models import Customer
from jornada.customers.selectors import customer_can_contact
from jornada.notifications import rules
from jornada.notifications.adapters import adapter_for
from jornada.notifications.adapters.base import (
    Attachment,
    Outgoing,
    PermanentFailure,
    SendResult,
    TemporaryFailure,
)
from jornada.notifications.defaults import STAGE_MESSAGES
from jornada.notifications.models import Audience, CallOutcome, Message, MessageStatus
from jornada.notifications.rendering import (
    message_context,
    message_language,
    render,
    template_source,
)
from jornada.notifications.timeline import message_timeline_add
from jornada.orders.models import Order, OrderLine

logger = logging.getLogger(__name__)

SEND_JOB = "notifications.message_due"
RECEIPT_JOB = "notifications.sandbox_receipt"
UNSUBSCRIBE_SALT = "jornada.notifications.unsubscribe"
SEND_LEASE = dt.timedelta(minutes=5)


# --- unsubscribe links ---------------------------------------------------------------


def unsubscribe_token(*, customer_id: int, channel: str) -> str:
    return signing.dumps({"c": customer_id, "ch": channel}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    """(customer id, channel) from a signed unsubscribe token, or None if forged."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or "c" not in data or "ch" not in data:
        return None
    return int(data["c"]), str(data["ch"])


def unsubscribe_url(*, customer_id: int, channel: str) -> str:
    token = unsubscribe_token(customer_id=customer_id, channel=channel)
    return settings.JORNADA_BASE_URL + reverse("notifications:unsubscribe", args=[token])


def customer_unsubscribe(*, token: str, evidence: str) -> Customer | None:
    """Withdraw marketing consent on the link's channel (logged as LGPD evidence)."""
    from jornada.customers.services import customer_set_consent
    from jornada.customers.types import ChangeSource, ConsentPurpose

    read = unsubscribe_read(token)
    if read is None:
        return None
    customer = Customer.objects.filter(pk=read[0]).first()
    if customer is None:
        return None
    customer_set_consent(
        customer=customer,
        channel=read[1],
        purpose=ConsentPurpose.MARKETING,
        granted=False,
        source=ChangeSource.UNSUBSCRIBE_LINK,
        actor="customer",
        evidence=evidence[:500],
    )
    return customer


# --- enqueue ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who a message goes to: a customer (channel chosen by the rules) or a staff address."""

    audience: str
    customer: Customer | None = None
    staff_email: str = ""


def staff_recipients(store: StoreProfile) -> list[Recipient]:
    emails = settings.NOTIFY_STAFF_EMAILS or [store.email]
    return [Recipient(audience=Audience.STAFF, staff_email=e) for e in emails if e]


def stage_purpose(template_key: str) -> str:
    stage = STAGE_MESSAGES.get(template_key)
    if stage is not None:
        return stage.purpose
    source = template_source(key=template_key, channel="email", language="pt-br")
    return source.purpose if source else "transactional"


@dataclass(frozen=True, slots=True)
class Composed:
    """A message worked out but not written: channel, address, words, status."""

    channel: str
    purpose: str
    address: str
    language: str
    subject: str
    text: str
    html: str
    meta: dict[str, Any]
    status: str
    skip_reason: str
    due_at: dt.datetime


def message_compose(
    *,
    template_key: str,
    recipient: Recipient,
    order: Order | None,
    lines: Sequence[OrderLine] = (),
    store: StoreProfile,
    payload: dict[str, Any] | None = None,
    channel: str | None = None,
    attachments: Sequence[int] = (),
    allow_fallback: bool = True,
    now: dt.datetime | None = None,
) -> Composed:
    """Choose the channel and render the words, writing nothing: the reading and rendering
    half of ``message_enqueue``, which a worker may do before its write transaction
    (``jornada.core.prepared``)."""
    now = now or timezone.now()
    payload = payload or {}
    purpose = stage_purpose(template_key)
    customer = recipient.customer
    skip_reason = ""
    if recipient.audience == Audience.STAFF:
        chosen, address = "email", recipient.staff_email
        language = message_language(settings.LANGUAGE_CODE)
    else:
        assert customer is not None
        preferred = channel or customer.preferred_channel

        def allowed(candidate: str) -> bool:
            return customer_can_contact(customer=customer, channel=candidate, purpose=purpose)

        choice = rules.channel_choose(
            preferred=preferred,
            allowed=allowed,
            fallbacks=(rules.EMAIL,) if allow_fallback else (),
        )
        chosen = choice.channel or preferred
        skip_reason = "" if choice.channel else _skip_reason(customer, preferred, purpose)
        address = customer.email if chosen == "email" else customer.phone_e164
        language = message_language(order.language if order else customer.language)

    source = template_source(key=template_key, channel=chosen, language=language)
    if source is None and not skip_reason:
        skip_reason = "template_disabled"
    status: str = MessageStatus.SKIPPED if skip_reason else MessageStatus.QUEUED
    due_at = now
    if not skip_reason:
        quiet_end = rules.quiet_hours_end(
            now=now,
            channel=chosen,
            start=rules.parse_clock(settings.NOTIFY_QUIET_START),
            end=rules.parse_clock(settings.NOTIFY_QUIET_END),
            tz=settings.TIME_ZONE,
        )
        if quiet_end is not None:
            status, due_at = MessageStatus.DEFERRED, quiet_end

    subject = text = html = ""
    # The event's facts, kept so a fallback on another channel renders the same words.
    meta: dict[str, Any] = {"payload": payload} if payload else {}
    if source is not None and not skip_reason:
        context = message_context(
            order=order,
            customer=customer,
            lines=lines,
            store=store,
            payload={**payload, "has_report": bool(attachments)},
            language=language,
        )
        if purpose == "marketing" and customer is not None:
            meta["unsubscribe_url"] = context["unsubscribe_url"] = unsubscribe_url(
                customer_id=customer.pk, channel=chosen
            )
            with translation.override(language):
                context["unsubscribe_text"] = _("To stop receiving offers:")
        with translation.override(language):
            rendered = render(source, context, channel=chosen)
        subject, text, html = rendered.subject, rendered.text, rendered.html
        if rendered.whatsapp_template:
            meta["whatsapp_template"] = rendered.whatsapp_template
            meta["whatsapp_params"] = rendered.whatsapp_params
    return Composed(
        channel=chosen,
        purpose=purpose,
        address=address,
        language=language,
        subject=subject,
        text=text,
        html=html,
        meta=meta,
        status=status,
        skip_reason=skip_reason,
        due_at=due_at,
    )


def _prepared_key(dedup_key: str) -> tuple[str, str]:
    return ("notifications.composed", dedup_key)


def message_composed(*, dedup_key: str, **compose: Any) -> Composed:
    """The message composed for ``dedup_key`` ahead of the transaction and left in
    ``jornada.core.prepared``, or composed now."""
    found: Composed | None = prepared.take(_prepared_key(dedup_key))
    return found if found is not None else message_compose(**compose)


def message_enqueue(
    *,
    dedup_key: str,
    template_key: str,
    recipient: Recipient,
    order: Order | None,
    lines: Sequence[OrderLine] = (),
    store: StoreProfile,
    payload: dict[str, Any] | None = None,
    channel: str | None = None,
    attachments: Sequence[int] = (),
    journey_run_id: int | None = None,
    journey_id: int | None = None,
    fallback_of: Message | None = None,
    allow_fallback: bool = True,
    now: dt.datetime | None = None,
    composed: Composed | None = None,
) -> tuple[Message, bool]:
    """Create the message for ``dedup_key`` (once) and hand it on; returns (row, created).

    The channel is the customer's preferred one (or ``channel`` if given) when allowed,
    else email; with no allowed channel the row is written as skipped, with the reason,
    so a replay finds it and figures can say why. Joins the caller's transaction. The
    words are ``composed`` if given, else the ones composed ahead for this key
    (``message_composed``), if any.
    """
    now = now or timezone.now()
    if composed is None:
        composed = message_composed(
            dedup_key=dedup_key,
            template_key=template_key,
            recipient=recipient,
            order=order,
            lines=lines,
            store=store,
            payload=payload,
            channel=channel,
            attachments=attachments,
            allow_fallback=allow_fallback,
            now=now,
        )
    customer = recipient.customer
    chosen, address, language = composed.channel, composed.address, composed.language
    subject, text, html, meta = composed.subject, composed.text, composed.html, composed.meta
    status, skip_reason, due_at = composed.status, composed.skip_reason, composed.due_at
    purpose = composed.purpose

    # A local channel (sandbox, call task) takes the message at once: the row is written
    # already handed over, in this transaction (one write instead of three).
    local_result: SendResult | None = None
    local_failure: Exception | None = None
    if status == MessageStatus.QUEUED:
        adapter = adapter_for(chosen, store_email=store.email)
        if adapter.local:
            draft = _outgoing(
                message_id=None,
                dedup_key=dedup_key,
                channel=chosen,
                address=address,
                language=language,
                subject=subject[:300],
                text=text,
                html=html,
                attachments=attachments,
                meta=meta,
            )
            try:
                local_result = adapter.send(draft)
            except (TemporaryFailure, PermanentFailure) as failure:
                local_failure = failure
    sent_fields: dict[str, Any] = {}
    if local_result is not None:
        status = local_result.status
        sent_fields = {
            "provider": local_result.provider,
            "provider_message_id": local_result.provider_message_id,
            "attempts": 1,
            "sent_at": now if local_result.status == MessageStatus.SENT else None,
        }
    message = Message(
        dedup_key=dedup_key,
        order_id=order.pk if order else None,
        customer_id=customer.pk if customer else None,
        audience=recipient.audience,
        channel=chosen,
        purpose=purpose,
        address=address,
        language=language,
        template_key=template_key,
        subject=subject[:300],
        body_text=text,
        body_html=html,
        attachments=list(attachments),
        meta=meta,
        status=status,
        skip_reason=skip_reason,
        due_at=due_at,
        journey_run_id=journey_run_id,
        journey_id=journey_id,
        fallback_of=fallback_of,
        created_at=now,
        **sent_fields,
    )
    if not insert_once(message, conflict="dedup_key"):
        # This key was written before (a replay) or by another worker just now: that
        # row is the message, and nothing is sent again.
        return Message.objects.get(dedup_key=dedup_key), False
    if local_failure is not None:
        _record_failure(message, local_failure)
        return message, True
    if message.order_id and (status != MessageStatus.QUEUED or local_result is not None):
        detail = skip_reason or (due_at.isoformat() if status == MessageStatus.DEFERRED else "")
        _timeline(message, detail=detail, at=now)
    if status == MessageStatus.DEFERRED:
        _schedule(message, due_at)
    elif local_result is not None:
        _after_sent(message, local_result)
    elif status == MessageStatus.QUEUED:
        message_dispatch(message=message, store=store)
    return message, True


def _skip_reason(customer: Customer, preferred: str, purpose: str) -> str:
    if customer.opted_out(preferred):
        return f"opted_out_{preferred}"
    if purpose == "marketing" and not customer.has_marketing_consent(preferred):
        return f"no_marketing_consent_{preferred}"
    if not customer.reachable(preferred):
        return f"no_contact_{preferred}"
    return "no_channel_allowed"


def _schedule(message: Message, due_at: dt.datetime) -> None:
    timer_schedule(
        job=SEND_JOB,
        due_at=due_at,
        key=f"notify:send:{message.pk}:{due_at.timestamp():.3f}",
        payload={"message_id": message.pk},
    )


def _timeline(message: Message, *, detail: str = "", at: dt.datetime | None = None) -> None:
    if message.order_id:
        message_timeline_add(
            order_id=message.order_id,
            message_id=message.pk,
            template=message.template_key,
            channel=message.channel,
            audience=message.audience,
            status=message.status,
            detail=detail,
            at=at,
        )


# --- sending ---------------------------------------------------------------------------


def message_dispatch(*, message: Message, store: StoreProfile | None = None) -> None:
    """Hand a due message on: local channels send now, in this transaction; providers
    are called by a task, outside any transaction (a slow provider holds no lock)."""
    from jornada.notifications.tasks import message_send_task

    adapter = adapter_for(message.channel, store_email=store.email if store else "")
    if adapter.local:
        _send_locally(message, adapter)
    else:
        message_send_task.enqueue(message.pk)


def message_due(payload: dict[str, Any]) -> None:
    """Timer job: a deferred (quiet hours) or retried message is due."""
    message = Message.objects.filter(pk=int(payload["message_id"])).first()
    if message is None or message.status not in (MessageStatus.QUEUED, MessageStatus.DEFERRED):
        return
    if not _still_allowed(message):
        return
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.QUEUED)
    message.status = MessageStatus.QUEUED
    message_dispatch(message=message)


def _still_allowed(message: Message) -> bool:
    """Consent may have changed while the message waited (quiet hours, retries)."""
    if message.audience != Audience.CUSTOMER or message.customer_id is None:
        return True
    customer = Customer.objects.filter(pk=message.customer_id).first()
    if customer is not None and customer_can_contact(
        customer=customer, channel=message.channel, purpose=message.purpose
    ):
        return True
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SKIPPED, skip_reason=f"not_allowed_{message.channel}_anymore"
    )
    message.status = MessageStatus.SKIPPED
    _timeline(message, detail=f"not_allowed_{message.channel}_anymore")
    return False


def outgoing_of(message: Message) -> Outgoing:
    return _outgoing(
        message_id=message.pk,
        dedup_key=message.dedup_key,
        channel=message.channel,
        address=message.address,
        language=message.language,
        subject=message.subject,
        text=message.body_text,
        html=message.body_html,
        attachments=message.attachments,
        meta=message.meta,
    )


def _outgoing(
    *,
    message_id: int | None,
    dedup_key: str,
    channel: str,
    address: str,
    language: str,
    subject: str,
    text: str,
    html: str,
    attachments: Sequence[int],
    meta: dict[str, Any],
) -> Outgoing:
    documents = (
        Document.objects.filter(pk__in=list(attachments)).order_by("pk") if attachments else []
    )
    return Outgoing(
        message_id=message_id,  # type: ignore[arg-type]  # None: not written yet
        dedup_key=dedup_key,
        channel=channel,
        address=address,
        language=language,
        subject=subject,
        text=text,
        html=html,
        attachments=tuple(
            Attachment(d.filename, bytes(d.content), d.content_type) for d in documents
        ),
        whatsapp_template=str(meta.get("whatsapp_template", "")),
        whatsapp_params=tuple(meta.get("whatsapp_params", [])),
        unsubscribe_url=str(meta.get("unsubscribe_url", "")),
    )


def _send_locally(message: Message, adapter: Any) -> None:
    try:
        result = adapter.send(outgoing_of(message))
    except (TemporaryFailure, PermanentFailure) as failure:
        _record_failure(message, failure)
    else:
        _record_sent(message, result)


def message_send_claimed(*, message_id: int) -> str:
    """The task's body: claim, call the provider outside a transaction, record.

    Returns the message's status afterwards ("" when another worker holds it).
    """
    now = timezone.now()
    with transaction.atomic():
        claimed = (
            Message.objects.filter(
                pk=message_id,
                status__in=(MessageStatus.QUEUED, MessageStatus.DEFERRED),
                provider_message_id="",
            )
            .exclude(lease_until__gt=now)
            .update(lease_until=now + SEND_LEASE)
        )
    if not claimed:
        return ""
    message = Message.objects.get(pk=message_id)
    from jornada.core.store import store_profile

    adapter = adapter_for(message.channel, store_email=store_profile().email)
    try:
        result = adapter.send(outgoing_of(message))
    except (TemporaryFailure, PermanentFailure) as failure:
        with transaction.atomic():
            message = Message.objects.select_for_update().get(pk=message_id)
            _record_failure(message, failure)
    else:
        with transaction.atomic():
            message = Message.objects.select_for_update().get(pk=message_id)
            _record_sent(message, result)
    return message.status


def _record_sent(message: Message, result: SendResult) -> None:
    now = timezone.now()
    message.attempts += 1
    message.provider = result.provider
    message.provider_message_id = result.provider_message_id
    message.status = result.status
    message.sent_at = now if result.status == MessageStatus.SENT else None
    message.lease_until = None
    message.last_error = ""
    Message.objects.filter(pk=message.pk).update(
        attempts=message.attempts,
        provider=message.provider,
        provider_message_id=message.provider_message_id,
        status=message.status,
        sent_at=message.sent_at,
        lease_until=None,
        last_error="",
    )
    _timeline(message, at=now)
    _after_sent(message, result)


def _after_sent(message: Message, result: SendResult) -> None:
    if (
        result.provider == "sandbox"
        and settings.NOTIFY_SANDBOX_RECEIPT_SECONDS
        and result.status == MessageStatus.SENT
    ):
        sandbox_receipt_schedule(message=message, status=MessageStatus.DELIVERED)


_TIMER_FIELDS = (
    "job",
    "key",
    "payload",
    "status",
    "due_at",
    "attempts",
    "lease_token",
    "last_error",
    "created_at",
)


def sandbox_receipt_schedule(*, message: Message, status: str) -> None:
    """The sandbox provider's report, due in a few seconds (a timer row; one plain insert:
    the key is new by construction, each status is reported once per message)."""
    now = timezone.now()
    due = now + dt.timedelta(seconds=settings.NOTIFY_SANDBOX_RECEIPT_SECONDS)
    payload = {"provider_message_id": message.provider_message_id, "status": status}
    insert_rows(
        Timer,
        _TIMER_FIELDS,
        [
            (
                RECEIPT_JOB,
                f"notify:receipt:{message.pk}:{status}",
                payload,
                "pending",
                due,
                0,
                "",
                "",
                now,
            )
        ],
    )


def _record_failure(message: Message, failure: Exception) -> None:
    now = timezone.now()
    message.attempts += 1
    message.last_error = str(failure)[:2000]
    permanent = isinstance(failure, PermanentFailure)
    if not permanent and message.attempts < settings.NOTIFY_MAX_ATTEMPTS:
        delay = rules.retry_delay_seconds(
            attempts=message.attempts,
            base=settings.NOTIFY_BACKOFF_BASE,
            cap=settings.NOTIFY_BACKOFF_MAX,
        )
        message.due_at = now + dt.timedelta(seconds=delay)
        Message.objects.filter(pk=message.pk).update(
            attempts=message.attempts,
            last_error=message.last_error,
            due_at=message.due_at,
            lease_until=None,
            status=MessageStatus.QUEUED,
        )
        _schedule(message, message.due_at)
        return
    message.status = MessageStatus.FAILED
    message.failed_at = now
    Message.objects.filter(pk=message.pk).update(
        attempts=message.attempts,
        last_error=message.last_error,
        status=MessageStatus.FAILED,
        failed_at=now,
        lease_until=None,
    )
    _timeline(message, detail=message.last_error, at=now)
    message_fallback(message=message)


def message_fallback(*, message: Message) -> Message | None:
    """A customer message that failed on WhatsApp/SMS goes again by email, once."""
    if message.audience != Audience.CUSTOMER or message.channel == "email":
        return None
    if message.customer_id is None:
        return None
    customer = Customer.objects.filter(pk=message.customer_id).first()
    if customer is None:
        return None
    from jornada.core.store import store_profile

    order = Order.objects.filter(pk=message.order_id).first() if message.order_id else None
    lines = list(OrderLine.objects.filter(order=order).order_by("position")) if order else []
    fallback, _created = message_enqueue(
        dedup_key=f"{message.dedup_key}~email",
        template_key=message.template_key,
        recipient=Recipient(audience=Audience.CUSTOMER, customer=customer),
        order=order,
        lines=lines,
        store=store_profile(),
        payload=dict(message.meta.get("payload", {})),
        channel="email",
        attachments=message.attachments,
        journey_run_id=message.journey_run_id,
        journey_id=message.journey_id,
        fallback_of=message,
    )
    return fallback


# --- status, call tasks, retry ---------------------------------------------------------

_STATUS_STAMP = {
    MessageStatus.SENT: "sent_at",
    MessageStatus.DELIVERED: "delivered_at",
    MessageStatus.READ: "read_at",
    MessageStatus.FAILED: "failed_at",
}


def message_status_record(
    *,
    provider: str,
    provider_message_id: str,
    status: str,
    event_id: str,
    occurred_at: dt.datetime | None = None,
    error: str = "",
) -> bool:
    """Apply a provider's delivery report; True if it changed the message.

    The same report twice (``event_id``) and reports arriving out of order change
    nothing; each change lands on the order's timeline.
    """
    from jornada.notifications.models import ProviderReceipt

    at = occurred_at or timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                ProviderReceipt.objects.create(provider=provider, event_id=event_id[:200])
        except IntegrityError:
            return False
        message = (
            Message.objects.select_for_update()
            .filter(provider=provider, provider_message_id=provider_message_id)
            .first()
        )
        if message is None or not rules.status_moves(message.status, status):
            return False
        fields: dict[str, Any] = {"status": status}
        stamp = _STATUS_STAMP.get(MessageStatus(status))
        if stamp:
            fields[stamp] = at
        if status == MessageStatus.FAILED:
            fields["last_error"] = error[:2000]
        Message.objects.filter(pk=message.pk).update(**fields)
        for name, value in fields.items():
            setattr(message, name, value)
        _timeline(message, detail=error, at=at)
        if status == MessageStatus.FAILED:
            message_fallback(message=message)
        elif (
            provider == "sandbox"
            and status == MessageStatus.DELIVERED
            and message.channel == "whatsapp"
        ):
            sandbox_receipt_schedule(message=message, status=MessageStatus.READ)
    return True


def call_task_close(*, message_id: int, outcome: str, staff_label: str, note: str = "") -> bool:
    """Staff made the call: done (delivered) or not reached (failed, then email)."""
    outcome = CallOutcome(outcome)
    with transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .filter(pk=message_id, channel="phone", status=MessageStatus.QUEUED)
            .first()
        )
        if message is None:
            return False
        now = timezone.now()
        if outcome == CallOutcome.DONE:
            message.status, message.delivered_at = MessageStatus.DELIVERED, now
        else:
            message.status, message.failed_at = MessageStatus.FAILED, now
        message.handled_by = staff_label[:150]
        message.outcome_note = note[:500]
        message.save(
            update_fields=["status", "delivered_at", "failed_at", "handled_by", "outcome_note"]
        )
        _timeline(message, detail=note, at=now)
        if outcome == CallOutcome.NOT_REACHED:
            message_fallback(message=message)
    return True


def message_retry(*, message_id: int) -> bool:
    """Staff send a failed message again (a fresh round of attempts)."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .filter(pk=message_id, status=MessageStatus.FAILED)
            .exclude(channel="phone")
            .first()
        )
        if message is None:
            return False
        Message.objects.filter(pk=message.pk).update(
            status=MessageStatus.QUEUED,
            attempts=0,
            failed_at=None,
            provider_message_id="",
            lease_until=None,
            due_at=timezone.now(),
        )
        message.refresh_from_db()
        message_dispatch(message=message)
    return True

"""Consent, quiet hours, fallback, retries, delivery status and call tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import override_settings

from jornada.core.models import Timer
from jornada.core.store import store_profile
from jornada.customers.models import ConsentLogEntry, Customer
from jornada.customers.services import customer_set_consent
from jornada.customers.types import CustomerInput
from jornada.notifications import services
from jornada.notifications.models import Audience, Message, MessageStatus
from jornada.notifications.services import Recipient, message_enqueue
from jornada.notifications.tests.conftest import NIGHT, drain, place
from jornada.orders.models import OrderEvent, OrderLine

pytestmark = pytest.mark.django_db


def _customer(order: Any) -> Customer:
    return Customer.objects.get(pk=order.customer_id)


def _enqueue(order: Any, template: str = "order_shipped", **kw: Any) -> Message:
    message, _ = message_enqueue(
        dedup_key=kw.pop("dedup_key", f"test:{order.pk}:{template}"),
        template_key=template,
        recipient=Recipient(audience=Audience.CUSTOMER, customer=_customer(order)),
        order=order,
        lines=list(OrderLine.objects.filter(order=order)),
        store=store_profile(),
        payload=kw.pop("payload", {"tracking_code": "AA123456785BR"}),
        **kw,
    )
    return message


def test_opted_out_of_whatsapp_gets_the_message_by_email(catalog: Any, clock: Any) -> None:
    # given a WhatsApp customer who opted out of WhatsApp
    order = place()
    customer_set_consent(
        customer=_customer(order),
        channel="whatsapp",
        purpose="transactional",
        granted=False,
        source="staff",
        actor="Ana",
    )
    # when
    message = _enqueue(order)
    # then
    assert (message.channel, message.address, message.status) == (
        "email",
        "maria@example.com.br",
        MessageStatus.SENT,
    )


def test_opted_out_everywhere_is_skipped_with_the_reason(catalog: Any, clock: Any) -> None:
    # given
    order = place()
    Customer.objects.filter(pk=order.customer_id).update(optout_whatsapp=True, optout_email=True)
    # when
    message = _enqueue(order)
    # then
    assert (message.status, message.skip_reason, message.provider) == (
        MessageStatus.SKIPPED,
        "opted_out_whatsapp",
        "",
    )
    assert OrderEvent.objects.filter(
        order=order, type="message", params__status="skipped", params__detail="opted_out_whatsapp"
    ).exists()


def test_marketing_needs_consent_and_carries_a_working_unsubscribe_link(
    catalog: Any, clock: Any, client: Any
) -> None:
    # given a marketing template and a customer without marketing consent
    from jornada.notifications.models import MessageTemplate

    MessageTemplate.objects.create(
        key="cross_sell",
        channel="email",
        language="pt-br",
        purpose="marketing",
        subject="Combina com seu pedido",
        body_text="Olá, {{ customer.first_name }}! Veja o que combina com seu pedido.",
    )
    customer = CustomerInput(
        name="Ana Lima", document="11144477735", email="ana@example.com", preferred_channel="email"
    )
    order = place(customer=customer)
    # when
    refused = _enqueue(order, "cross_sell", dedup_key="m1", payload={})
    # then
    assert (refused.status, refused.skip_reason) == (
        MessageStatus.SKIPPED,
        "no_marketing_consent_email",
    )
    # given consent
    customer_set_consent(
        customer=_customer(order),
        channel="email",
        purpose="marketing",
        granted=True,
        source="checkout",
        actor="customer",
    )
    # when
    sent = _enqueue(order, "cross_sell", dedup_key="m2", payload={})
    # then it carries the unsubscribe link, in text and HTML
    url = sent.meta["unsubscribe_url"]
    assert sent.status == MessageStatus.SENT
    assert sent.body_text.endswith("Para não receber mais ofertas: " + url)
    assert url in sent.body_html
    # when the customer follows it
    path = url.removeprefix("http://127.0.0.1:8000")
    page = client.get(path)
    assert page.status_code == 200
    assert "Stop receiving offers?" in page.content.decode() or "ofertas" in page.content.decode()
    assert client.post(path).status_code == 200
    # then consent is withdrawn and logged as LGPD evidence
    assert not Customer.objects.get(pk=order.customer_id).consent_email_marketing
    entry = ConsentLogEntry.objects.filter(customer_id=order.customer_id).first()
    assert entry is not None
    assert (entry.purpose, entry.granted, entry.source) == ("marketing", False, "unsubscribe_link")
    # and the next offer is skipped
    assert _enqueue(order, "cross_sell", dedup_key="m3", payload={}).status == MessageStatus.SKIPPED


def test_a_forged_unsubscribe_link_changes_nothing(catalog: Any, clock: Any, client: Any) -> None:
    # given
    order = place()
    token = services.unsubscribe_token(customer_id=order.customer_id, channel="email") + "x"
    # when
    response = client.post(f"/n/unsubscribe/{token}/")
    # then
    assert response.status_code == 404
    assert not ConsentLogEntry.objects.filter(source="unsubscribe_link").exists()


def test_whatsapp_at_night_is_deferred_to_the_morning(catalog: Any) -> None:
    # given an order placed at 23:00 by a WhatsApp customer
    with time_machine.travel(NIGHT, tick=True) as clock:
        order = place()
        drain()
        # then the confirmation waits, as a timer row due at 08:00
        message = Message.objects.get(order_id=order.pk, audience="customer")
        morning = dt.datetime(2026, 3, 11, 11, 0, tzinfo=dt.UTC)
        assert (message.status, message.channel, message.due_at) == (
            MessageStatus.DEFERRED,
            "whatsapp",
            morning,
        )
        assert Timer.objects.filter(job="notifications.message_due", due_at=morning).exists()
        # and the staff email is not held back
        assert Message.objects.get(order_id=order.pk, audience="staff").status == MessageStatus.SENT
        # when the morning comes
        clock.move_to(morning + dt.timedelta(seconds=5))
        drain()
    # then it is sent
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_consent_withdrawn_during_the_night_is_honoured_in_the_morning(catalog: Any) -> None:
    with time_machine.travel(NIGHT, tick=True) as clock:
        order = place()
        drain()
        Customer.objects.filter(pk=order.customer_id).update(optout_whatsapp=True)
        clock.move_to(dt.datetime(2026, 3, 11, 11, 1, tzinfo=dt.UTC))
        drain()
    message = Message.objects.get(order_id=order.pk, audience="customer")
    assert (message.status, message.skip_reason) == (
        MessageStatus.SKIPPED,
        "not_allowed_whatsapp_anymore",
    )


def test_whatsapp_refused_by_the_provider_falls_back_to_email(catalog: Any, clock: Any) -> None:
    # given a phone the (sandbox) provider cannot reach on WhatsApp
    customer = CustomerInput(
        name="Rui Alves",
        document="39053344705",
        email="rui@example.com",
        phone="(11) 98765-0000",
        preferred_channel="whatsapp",
    )
    # when
    order = place(customer=customer)
    drain()
    # then the WhatsApp message failed, and the same words went by email
    failed = Message.objects.get(order_id=order.pk, audience="customer", channel="whatsapp")
    assert failed.status == MessageStatus.FAILED
    assert "cannot receive whatsapp" in failed.last_error
    email = Message.objects.get(fallback_of=failed)
    assert (email.channel, email.address, email.status, email.template_key) == (
        "email",
        "rui@example.com",
        MessageStatus.SENT,
        "order_confirmation",
    )
    assert email.dedup_key == failed.dedup_key + "~email"


def test_temporary_failures_retry_with_backoff_then_surface_as_failed(
    catalog: Any, clock: Any
) -> None:
    # given an email address whose server is busy
    customer = CustomerInput(
        name="Lia Reis",
        document="71428793860",
        email="lia+busy@example.com",
        preferred_channel="email",
    )
    with override_settings(NOTIFY_MAX_ATTEMPTS=3, NOTIFY_BACKOFF_BASE=60):
        order = place(customer=customer)
        drain()
        message = Message.objects.get(order_id=order.pk, audience="customer")
        # then the first try failed and the next is due one minute later
        assert (message.status, message.attempts) == (MessageStatus.QUEUED, 1)
        assert (
            dt.timedelta(seconds=59)
            < message.due_at - message.created_at
            < dt.timedelta(seconds=62)
        )
        # when both retries come due
        clock.shift(dt.timedelta(seconds=61))
        drain()
        message.refresh_from_db()
        assert message.attempts == 2
        clock.shift(dt.timedelta(seconds=121))
        drain()
    # then it failed for good, visible to staff, on the timeline, with no fallback for email
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 3)
    assert "mail server busy" in message.last_error
    assert not Message.objects.filter(fallback_of=message).exists()
    assert OrderEvent.objects.filter(
        order=order, type="message", params__message_id=message.pk, params__status="failed"
    ).exists()


def test_staff_retry_sends_a_failed_message_again(catalog: Any, clock: Any) -> None:
    customer = CustomerInput(
        name="Lia Reis",
        document="71428793860",
        email="lia+bounce@example.com",
        preferred_channel="email",
    )
    order = place(customer=customer)
    drain()
    message = Message.objects.get(order_id=order.pk, audience="customer")
    assert message.status == MessageStatus.FAILED
    # when the address is fixed and staff retry
    Message.objects.filter(pk=message.pk).update(address="lia@example.com")
    assert services.message_retry(message_id=message.pk)
    # then
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 1)
    assert not services.message_retry(message_id=message.pk)  # only failed ones


def test_sandbox_reports_delivered_then_read_on_the_timeline(catalog: Any, clock: Any) -> None:
    # given receipts after 3 seconds
    with override_settings(NOTIFY_SANDBOX_RECEIPT_SECONDS=3):
        order = place()
        drain()
        message = Message.objects.get(order_id=order.pk, audience="customer")
        assert message.status == MessageStatus.SENT
        # when
        clock.shift(dt.timedelta(seconds=4))
        drain()
        message.refresh_from_db()
        assert message.status == MessageStatus.DELIVERED
        clock.shift(dt.timedelta(seconds=4))
        drain()
    # then
    message.refresh_from_db()
    assert message.status == MessageStatus.READ
    statuses = list(
        OrderEvent.objects.filter(
            order=order, type="message", params__message_id=message.pk
        ).values_list("params__status", flat=True)
    )
    assert statuses == ["sent", "delivered", "read"]


def test_status_reports_are_deduplicated_and_never_move_backwards(catalog: Any, clock: Any) -> None:
    order = place()
    drain()
    message = Message.objects.get(order_id=order.pk, audience="customer")
    record = services.message_status_record
    pid = message.provider_message_id
    assert record(provider="sandbox", provider_message_id=pid, status="read", event_id="e2")
    assert not record(provider="sandbox", provider_message_id=pid, status="read", event_id="e2")
    # a "delivered" arriving after "read" changes nothing
    assert not record(
        provider="sandbox", provider_message_id=pid, status="delivered", event_id="e1"
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.READ


def test_call_task_is_done_or_not_reached_and_not_reached_falls_back_to_email(
    catalog: Any, clock: Any
) -> None:
    # given two call tasks
    order = place()
    calls = [
        _enqueue(order, "delivered", dedup_key=f"call{n}", channel="phone", allow_fallback=False)
        for n in (1, 2)
    ]
    assert [c.status for c in calls] == [MessageStatus.QUEUED, MessageStatus.QUEUED]
    assert calls[0].body_text.startswith(
        f"Roteiro da ligação — pedido {order.number}, cliente Maria da Silva (+5511987654321)."
    )
    # when
    assert services.call_task_close(message_id=calls[0].pk, outcome="done", staff_label="Ana")
    assert services.call_task_close(
        message_id=calls[1].pk, outcome="not_reached", staff_label="Ana", note="caixa postal"
    )
    # then
    done, missed = (Message.objects.get(pk=c.pk) for c in calls)
    assert (done.status, done.handled_by) == (MessageStatus.DELIVERED, "Ana")
    assert (missed.status, missed.outcome_note) == (MessageStatus.FAILED, "caixa postal")
    fallback = Message.objects.get(fallback_of=missed)
    assert (fallback.channel, fallback.template_key) == ("email", "delivered")
    assert not services.call_task_close(message_id=calls[0].pk, outcome="done", staff_label="Ana")

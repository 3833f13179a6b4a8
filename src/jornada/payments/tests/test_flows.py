"""End to end with the sandbox gateway: every method paid, declined, expired, refunded.

The sandbox confirms through timers and signed webhooks posted to Jornada's own
endpoint (through the test client), exactly as it does in production.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from jornada.brazil.boleto import boleto_line_check
from jornada.brazil.pix import pix_parse
from jornada.core.models import Document, OutboxEvent, Timer
from jornada.orders.models import Order, OrderEvent
from jornada.payments.adapters.sandbox import sandbox_card_token
from jornada.payments.models import Payment, PaymentAttempt, SandboxWebhook, WebhookEvent
from jornada.payments.services import CardInput, payment_card_submit
from jornada.payments.tests.conftest import drain

pytestmark = pytest.mark.django_db

LATER = dt.timedelta(days=30)


def events_of(event_type: str) -> list[dict]:
    return [
        e.payload for e in OutboxEvent.objects.filter(event_type=event_type).order_by("occurred_at")
    ]


def card(number: str = "4111111111111111", **kw) -> CardInput:
    return CardInput(token=sandbox_card_token(number), brand="visa", last4=number[-4:], **kw)


def test_a_card_order_is_paid_after_the_gateways_signed_confirmation(place):
    # given an order in 3 interest-free instalments, waiting for the card token
    order = place("credit_card", instalments=3)
    drain()
    payment = Payment.objects.get(order=order)
    assert payment.status == "pending" and payment.reference == ""
    assert Order.objects.get(pk=order.pk).status == "awaiting_payment"

    # when the checkout sends the token and the gateway confirms
    payment_card_submit(order_id=order.pk, card=card())
    drain()

    # then
    payment.refresh_from_db()
    assert payment.status == "paid"
    assert payment.card_last4 == "1111" and payment.card_brand == "visa"
    assert sum(Decimal(a) for a in payment.instalment_amounts) == payment.amount
    assert payment.amount == order.grand_total  # 3x is interest-free
    assert Order.objects.get(pk=order.pk).status == "paid"
    assert events_of("payments.PaymentConfirmed") == [
        {
            "order_id": order.pk,
            "payment_id": payment.pk,
            "method": "credit_card",
            "amount": str(payment.amount),
            "instalments": 3,
        }
    ]
    # confirmations came as signed webhooks, each applied once
    assert set(WebhookEvent.objects.values_list("event_type", "outcome")) == {
        ("charge.authorized", "applied"),
        ("charge.paid", "applied"),
    }
    assert not Timer.objects.filter(key=f"payments:expire:order:{order.pk}", status="pending")


def test_card_instalments_with_interest_charge_exactly_the_plan_shown(place):
    # given 6 instalments (interest beyond 3)
    order = place("credit_card", instalments=6)
    drain()

    # when
    payment = payment_card_submit(order_id=order.pk, card=card())

    # then the instalments are equal, sum to the amount, and the amount exceeds the total
    amounts = [Decimal(a) for a in payment.instalment_amounts]
    assert len(set(amounts)) == 1 and len(amounts) == 6
    assert sum(amounts) == payment.amount > order.grand_total
    assert payment.principal == order.grand_total
    assert not payment.interest_free


def test_a_declined_card_fails_and_another_card_may_pay(place):
    # given
    order = place("credit_card", instalments=1)
    drain()

    # when a declined test card is used
    first = payment_card_submit(order_id=order.pk, card=card("4000000000000002"))
    drain()

    # then the payment failed, the order still waits
    first.refresh_from_db()
    assert first.status == "failed" and first.failure_reason == "declined"
    assert events_of("payments.PaymentFailed") == [
        {
            "order_id": order.pk,
            "payment_id": first.pk,
            "method": "credit_card",
            "reason": "declined",
        }
    ]
    assert Order.objects.get(pk=order.pk).status == "awaiting_payment"

    # when another card pays
    second = payment_card_submit(order_id=order.pk, card=card("5555555555554444"))
    drain()

    # then
    second.refresh_from_db()
    assert second.pk != first.pk and second.status == "paid"
    assert Order.objects.get(pk=order.pk).status == "paid"


def test_insufficient_funds_is_a_decline_with_its_reason(place):
    order = place("debit_card")
    drain()
    payment = payment_card_submit(order_id=order.pk, card=card("4000000000009995"))
    drain()
    payment.refresh_from_db()
    assert payment.status == "failed"
    assert payment.failure_reason == "insufficient_funds"


def test_a_card_order_never_paid_is_cancelled_at_expiry(place):
    # given
    order = place("credit_card")
    drain()

    # when the payment window passes
    drain(now=timezone.now() + LATER)

    # then
    payment = Payment.objects.get(order=order)
    assert payment.status == "expired"
    order.refresh_from_db()
    assert order.status == "cancelled"
    assert order.cancel_reason == gettext("Payment not received in time.")
    assert events_of("payments.PaymentExpired") == [
        {"order_id": order.pk, "payment_id": payment.pk, "method": "credit_card"}
    ]
    assert (
        OrderEvent.objects.filter(order=order, type="cancelled", actor_kind="system").count() == 1
    )


def test_a_pix_order_gets_a_valid_code_and_is_paid(place):
    # given
    order = place("pix")

    # when the handler opens the payment
    drain()

    # then the customer got a dynamic BR Code for the exact amount, then paid it
    payment = Payment.objects.get(order=order)
    parsed = pix_parse(payment.pix_copy_paste)
    assert parsed.amount == order.grand_total and parsed.is_dynamic
    pending = events_of("payments.PaymentPending")
    assert pending == [
        {
            "order_id": order.pk,
            "payment_id": payment.pk,
            "method": "pix",
            "amount": str(order.grand_total),
            "expires_at": pending[0]["expires_at"],
            "pix_copy_paste": payment.pix_copy_paste,
            "boleto_line": "",
            "boleto_document_id": None,
            "redirect_url": "",
        }
    ]
    assert dt.datetime.fromisoformat(pending[0]["expires_at"]) == payment.expires_at
    assert payment.status == "paid"
    assert Order.objects.get(pk=order.pk).status == "paid"


def test_a_pix_never_paid_expires_and_the_order_is_cancelled(place):
    # given a payer the sandbox never pays for
    order = place("pix", customer=None, document=None)
    Order.objects.filter(pk=order.pk).update(customer_email="maria+expire@example.com.br")
    drain()
    payment = Payment.objects.get(order=order)
    assert payment.status == "pending"

    # when the Pix code's time passes
    drain(now=timezone.now() + LATER)

    # then
    payment.refresh_from_db()
    assert payment.status == "expired"
    assert Order.objects.get(pk=order.pk).status == "cancelled"
    assert len(events_of("payments.PaymentExpired")) == 1


def test_a_boleto_order_gets_line_pdf_and_is_paid(place):
    # given
    order = place("boleto")

    # when
    drain()

    # then
    payment = Payment.objects.get(order=order)
    assert boleto_line_check(payment.boleto_line) == payment.boleto_line
    assert payment.boleto_due_date is not None
    assert payment.boleto_due_date > timezone.localdate()
    assert payment.boleto_document_id is not None
    document = Document.objects.get(pk=payment.boleto_document_id)
    assert bytes(document.content).startswith(b"%PDF") and document.order_id == order.pk
    pending = events_of("payments.PaymentPending")[0]
    assert pending["boleto_line"] == payment.boleto_line
    assert pending["boleto_document_id"] == document.pk
    assert payment.status == "paid"
    assert Order.objects.get(pk=order.pk).status == "paid"


def test_an_overdue_boleto_expires_and_the_order_is_cancelled(place):
    order = place("boleto")
    Order.objects.filter(pk=order.pk).update(customer_email="maria+overdue@example.com.br")
    drain()
    drain(now=timezone.now() + LATER)
    payment = Payment.objects.get(order=order)
    assert payment.status == "expired"
    assert Order.objects.get(pk=order.pk).status == "cancelled"


def test_paypal_redirects_and_is_paid(place):
    order = place("paypal")
    drain()
    payment = Payment.objects.get(order=order)
    assert payment.redirect_url.startswith("https://paypal.sandbox.jornada.dev/checkoutnow?token=")
    assert payment.status == "paid"
    assert Order.objects.get(pk=order.pk).status == "paid"


def test_paypal_declined_fails_and_the_order_waits(place):
    order = place("paypal")
    Order.objects.filter(pk=order.pk).update(customer_email="maria+decline@example.com.br")
    drain()
    payment = Payment.objects.get(order=order)
    assert payment.status == "failed"
    assert Order.objects.get(pk=order.pk).status == "awaiting_payment"
    drain(now=timezone.now() + LATER)
    assert Order.objects.get(pk=order.pk).status == "cancelled"


def test_a_chargeback_is_recorded_and_noted_on_the_timeline(place):
    order = place("credit_card")
    drain()
    payment = payment_card_submit(order_id=order.pk, card=card("4000000000000259"))
    drain()
    payment.refresh_from_db()
    assert payment.status == "paid"

    # when the card holder disputes it, a moment later
    drain(now=timezone.now() + dt.timedelta(days=2))

    # then
    payment.refresh_from_db()
    assert payment.status == "charged_back"
    notes = OrderEvent.objects.filter(order=order, type="note_added")
    assert [n.params["text"][:11] for n in notes] == ["Chargeback:"]


def test_cancelling_an_unpaid_pix_order_voids_the_code(place):
    from jornada.orders.services import order_cancel
    from jornada.orders.types import Actor

    order = place("pix")
    Order.objects.filter(pk=order.pk).update(customer_email="maria+expire@example.com.br")
    drain()
    order_cancel(order_id=order.pk, actor=Actor.customer("Maria"), reason="changed my mind")
    drain()
    payment = Payment.objects.get(order=order)
    assert payment.status == "expired"
    assert PaymentAttempt.objects.filter(payment=payment, operation="void").count() == 1
    assert not SandboxWebhook.objects.filter(body__type="charge.paid").exists()


def test_a_card_token_arriving_before_the_worker_still_opens_the_payment_properly(place):
    # given an order whose OrderPlaced event no worker has handled yet
    order = place("credit_card")

    # when the token comes first, then the worker runs
    payment_card_submit(order_id=order.pk, card=card())
    drain()

    # then one payment, paid, and the order went through awaiting payment to paid
    assert Payment.objects.filter(order=order).count() == 1
    assert Payment.objects.get(order=order).status == "paid"
    statuses = [
        e.params["to"]
        for e in OrderEvent.objects.filter(order=order, type="status_changed").order_by("id")
    ]
    assert statuses == ["awaiting_payment", "paid"]
    assert len(events_of("payments.PaymentPending")) == 1

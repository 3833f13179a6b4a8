"""Refunds: requested by staff, issued only with finance approval, exact to the cent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jornada.core.errors import DomainError
from jornada.core.models import OutboxEvent
from jornada.orders.models import Order, OrderEvent
from jornada.payments.adapters.sandbox import sandbox_card_token
from jornada.payments.models import Payment, Refund, SandboxCharge
from jornada.payments.refunds import (
    RefundForbidden,
    refund_approve,
    refund_reject,
    refund_request,
    store_credit_balance,
    store_credit_use,
)
from jornada.payments.services import CardInput, payment_card_submit
from jornada.payments.tests.conftest import drain

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_card(place):
    order = place("credit_card", instalments=6)
    drain()
    payment_card_submit(
        order_id=order.pk,
        card=CardInput(token=sandbox_card_token("4111111111111111"), brand="visa", last4="1111"),
    )
    drain()
    payment = Payment.objects.get(order=order, status="paid")
    return payment


@pytest.fixture
def paid_pix(place):
    order = place("pix")
    drain()
    return Payment.objects.get(order=order, status="paid")


def test_a_clerk_asks_and_nothing_moves_until_finance_approves(paid_pix, clerk_user, finance_user):
    # when customer service asks
    refund = refund_request(
        payment_id=paid_pix.pk, amount="10.00", reason="damaged", user=clerk_user
    )

    # then it waits, and no money moved
    assert refund.status == "requested"
    assert Payment.objects.get(pk=paid_pix.pk).refunded_amount == 0
    assert SandboxCharge.objects.get().refunded == 0
    assert not OutboxEvent.objects.filter(event_type="payments.RefundIssued").exists()

    # when finance approves
    refund_approve(refund_id=refund.pk, user=finance_user)

    # then the gateway refunded it, the payment shows it, the timeline says it
    refund.refresh_from_db()
    payment = Payment.objects.get(pk=paid_pix.pk)
    assert refund.status == "issued" and refund.approved_by == finance_user
    assert payment.status == "partially_refunded" and payment.refunded_amount == Decimal("10.00")
    assert SandboxCharge.objects.get().refunded == Decimal("10.00")
    note = OrderEvent.objects.get(order_id=payment.order_id, type="note_added")
    assert note.actor_user_id == finance_user.pk
    assert "damaged" in note.params["text"]
    issued = OutboxEvent.objects.get(event_type="payments.RefundIssued").payload
    assert issued == {
        "order_id": payment.order_id,
        "payment_id": payment.pk,
        "refund_id": refund.pk,
        "amount": "10.00",
        "partial": True,
        "method": "pix",
        "reason": "damaged",
    }


def test_someone_without_the_finance_role_cannot_approve(paid_pix, clerk_user):
    refund = refund_request(payment_id=paid_pix.pk, amount=None, reason="damaged", user=clerk_user)
    with pytest.raises(RefundForbidden):
        refund_approve(refund_id=refund.pk, user=clerk_user)
    refund.refresh_from_db()
    assert refund.status == "requested"
    assert Payment.objects.get(pk=paid_pix.pk).refunded_amount == 0


def test_finance_asking_issues_at_once_and_a_full_refund_refunds_the_payment(
    paid_pix, finance_user
):
    refund = refund_request(
        payment_id=paid_pix.pk, amount=None, reason="cancelled", user=finance_user
    )
    assert refund.status == "issued"
    payment = Payment.objects.get(pk=paid_pix.pk)
    assert payment.status == "refunded" and payment.refunded_amount == payment.amount


def test_a_refund_beyond_what_is_left_is_refused_naming_the_field(paid_pix, finance_user):
    refund_request(payment_id=paid_pix.pk, amount="20.00", reason="a", user=finance_user)
    with pytest.raises(DomainError) as error:
        refund_request(
            payment_id=paid_pix.pk, amount=str(paid_pix.amount), reason="", user=finance_user
        )
    assert set(error.value.fields) == {"amount", "reason"}
    assert Refund.objects.count() == 1


def test_a_card_refund_spans_the_instalments_to_the_cent(paid_card, finance_user):
    # when two partial refunds are issued
    first = refund_request(
        payment_id=paid_card.pk, amount="33.33", reason="one item", user=finance_user
    )
    second = refund_request(
        payment_id=paid_card.pk, amount=None, reason="the rest", user=finance_user
    )

    # then each is spread over the 6 instalments, and together they give back each one
    for refund in (first, second):
        assert len(refund.instalment_amounts) == 6
        assert sum(Decimal(v) for v in refund.instalment_amounts) == refund.amount
    per_instalment = [
        Decimal(a) + Decimal(b)
        for a, b in zip(first.instalment_amounts, second.instalment_amounts, strict=True)
    ]
    assert per_instalment == [Decimal(v) for v in paid_card.instalment_amounts]
    payment = Payment.objects.get(pk=paid_card.pk)
    assert payment.status == "refunded" and payment.refunded_amount == payment.amount


def test_store_credit_instead_of_money(paid_pix, finance_user):
    order = Order.objects.get(pk=paid_pix.order_id)
    refund = refund_request(
        payment_id=paid_pix.pk,
        amount="15.00",
        reason="goodwill",
        destination="store_credit",
        user=finance_user,
    )
    assert refund.status == "issued"
    assert SandboxCharge.objects.get().refunded == 0  # no money went back through the gateway
    assert store_credit_balance(customer_id=order.customer_id) == Decimal("15.00")
    store_credit_use(customer_id=order.customer_id, amount=Decimal("5.00"), reason="next order")
    assert store_credit_balance(customer_id=order.customer_id) == Decimal("10.00")
    with pytest.raises(DomainError):
        store_credit_use(customer_id=order.customer_id, amount=Decimal("10.01"), reason="too much")


def test_a_rejected_refund_moves_nothing(paid_pix, clerk_user, finance_user):
    refund = refund_request(payment_id=paid_pix.pk, amount="5.00", reason="asked", user=clerk_user)
    refund_reject(refund_id=refund.pk, user=finance_user)
    refund.refresh_from_db()
    assert refund.status == "rejected"
    with pytest.raises(DomainError):
        refund_approve(refund_id=refund.pk, user=finance_user)
    assert Payment.objects.get(pk=paid_pix.pk).refunded_amount == 0


def test_an_unpaid_payment_cannot_be_refunded(place, finance_user):
    order = place("credit_card")
    drain()
    payment = Payment.objects.get(order=order)
    with pytest.raises(DomainError) as error:
        refund_request(payment_id=payment.pk, amount=None, reason="x", user=finance_user)
    assert error.value.code == "transition_not_allowed"
    assert not Refund.objects.exists()


def test_cancelling_a_paid_order_asks_finance_for_the_refund(paid_pix):
    from jornada.orders.services import order_cancel
    from jornada.orders.types import Actor

    order_cancel(order_id=paid_pix.order_id, actor=Actor.system(), reason="out of stock")
    drain()
    refund = Refund.objects.get()
    assert refund.status == "requested" and refund.amount == paid_pix.amount
    drain()  # a repeated delivery asks nothing more
    assert Refund.objects.count() == 1


def test_a_refund_made_in_the_gateways_dashboard_is_recorded_from_its_webhook(paid_pix):
    from django.utils import timezone

    from jornada.payments.adapters.sandbox import SandboxGateway

    SandboxGateway().refund(
        reference=paid_pix.reference,
        amount=Decimal("7.50"),
        idempotency_key="dash-1",
        now=timezone.now(),
    )
    drain()
    payment = Payment.objects.get(pk=paid_pix.pk)
    assert payment.refunded_amount == Decimal("7.50") and payment.status == "partially_refunded"
    refund = Refund.objects.get()
    assert refund.status == "issued" and refund.requested_by_label == "gateway"

"""Every method through the sandbox: paid then refunded by finance, or never paid and expired."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from jornada.core.models import OutboxEvent
from jornada.orders.models import Order
from jornada.payments.adapters.sandbox import sandbox_card_token
from jornada.payments.models import Payment, SandboxCharge
from jornada.payments.services import CardInput, payment_card_submit
from jornada.payments.tests.conftest import drain

pytestmark = pytest.mark.django_db

METHODS = ["credit_card", "debit_card", "pix", "boleto", "paypal"]


def pay(order) -> None:
    if order.payment_method in ("credit_card", "debit_card"):
        payment_card_submit(
            order_id=order.pk,
            card=CardInput(
                token=sandbox_card_token("5555555555554444"), brand="mastercard", last4="4444"
            ),
        )
        drain()


@pytest.mark.parametrize("method", METHODS)
def test_each_method_is_paid_and_refunded_in_full_by_finance(method, place, finance_user):
    # given a paid order
    order = place(method)
    drain()
    pay(order)
    payment = Payment.objects.get(order=order, status="paid")
    assert Order.objects.get(pk=order.pk).status == "paid"

    # when finance refunds it all through the API
    client = Client()
    client.force_login(finance_user)
    response = client.post(
        f"/api/v1/payments/{payment.pk}/refunds",
        data={"reason": "customer gave up"},
        content_type="application/json",
    )

    # then the money went back through the gateway, to the cent
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "issued"
    assert Decimal(response.json()["amount"]) == payment.amount
    payment.refresh_from_db()
    assert payment.status == "refunded"
    charge = SandboxCharge.objects.get(reference=payment.reference)
    assert charge.refunded == charge.amount == payment.amount
    issued = OutboxEvent.objects.get(event_type="payments.RefundIssued").payload
    assert issued["method"] == method and issued["partial"] is False


@pytest.mark.parametrize("method", METHODS)
def test_each_method_never_paid_expires_and_cancels_the_order(method, place):
    # given a payer who never pays (cards: the token never comes)
    order = place(method)
    Order.objects.filter(pk=order.pk).update(customer_email="maria+expire@example.com.br")
    drain()

    # when the payment's time is over
    drain(now=timezone.now() + dt.timedelta(days=30))

    # then
    payment = Payment.objects.get(order=order)
    assert payment.status == "expired"
    assert Order.objects.get(pk=order.pk).status == "cancelled"
    expired = OutboxEvent.objects.get(event_type="payments.PaymentExpired").payload
    assert expired == {"order_id": order.pk, "payment_id": payment.pk, "method": method}

"""The sandbox gateway on its own: idempotent charges, captures, voids, refund limits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jornada.payments.adapters.base import ChargeRequest, Payer
from jornada.payments.adapters.sandbox import SandboxGateway, sandbox_card_token, sandbox_simulate
from jornada.payments.models import SandboxCharge, SandboxWebhook

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)


def charge(method: str, key: str = "k1", **kw) -> ChargeRequest:
    values = {
        "idempotency_key": key,
        "external_reference": "7",
        "method": method,
        "amount": Decimal("120.50"),
        "currency": "BRL",
        "description": "Pedido 100001",
        "payer": Payer(name="Maria", document="19119119100", email="maria+expire@example.com.br"),
    }
    values.update(kw)
    return ChargeRequest(**values)  # type: ignore[arg-type]


def test_a_retried_charge_is_the_same_charge_with_the_same_boleto():
    gateway = SandboxGateway()
    due = dt.date(2026, 11, 26)
    first = gateway.authorize(charge("boleto", boleto_due_date=due), now=NOW)
    again = gateway.authorize(charge("boleto", boleto_due_date=due), now=NOW)
    assert first == again
    assert first.boleto_due_date == due and len(first.boleto_barcode) == 44
    assert SandboxCharge.objects.count() == 1


def test_a_test_card_token_says_what_happens_and_invalid_numbers_decline():
    assert sandbox_card_token("4111 1111 1111 1111").startswith("tok_sandbox_approved_")
    assert sandbox_card_token("4000000000000002").startswith("tok_sandbox_declined_")
    assert sandbox_card_token("4111111111111112").startswith("tok_sandbox_declined_")


def test_voiding_a_pending_charge_expires_it_without_a_webhook():
    gateway = SandboxGateway()
    result = gateway.authorize(charge("pix"), now=NOW)
    voided = gateway.void(reference=result.reference)
    assert voided.status == "expired"
    assert not SandboxWebhook.objects.exists()


def test_refunds_never_exceed_the_charge():
    gateway = SandboxGateway()
    result = gateway.authorize(charge("pix"), now=NOW)
    assert not gateway.refund(
        reference=result.reference, amount=Decimal("1.00"), idempotency_key="r0", now=NOW
    ).accepted  # not paid yet
    sandbox_simulate(reference=result.reference, to="paid")
    assert gateway.refund(
        reference=result.reference, amount=Decimal("100.00"), idempotency_key="r1", now=NOW
    ).accepted
    refused = gateway.refund(
        reference=result.reference, amount=Decimal("20.51"), idempotency_key="r2", now=NOW
    )
    assert not refused.accepted and refused.reason == "amount_exceeds_balance"
    assert SandboxCharge.objects.get().refunded == Decimal("100.00")
    assert SandboxCharge.objects.get().status == "partially_refunded"


def test_simulating_paid_after_expiry_changes_nothing():
    gateway = SandboxGateway()
    result = gateway.authorize(charge("pix"), now=timezone.now())
    sandbox_simulate(reference=result.reference, to="expired")
    sandbox_simulate(reference=result.reference, to="paid")
    assert SandboxCharge.objects.get().status == "expired"
    assert list(SandboxWebhook.objects.values_list("body__type", flat=True)) == ["charge.expired"]

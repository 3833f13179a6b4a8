"""Reads: an order's payments as the customer and staff see them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from jornada.brazil.instalments import instalment_options
from jornada.brazil.money import Money
from jornada.brazil.qr import pix_qr_svg
from jornada.payments.models import Payment, Refund
from jornada.payments.terms import payment_terms


def payments_of_order(*, order_id: int) -> QuerySet[Payment]:
    return Payment.objects.filter(order_id=order_id).order_by("id")


def payment_get(*, payment_id: int) -> Payment | None:
    return Payment.objects.select_related("order").filter(pk=payment_id).first()


def refunds_of_payment(*, payment_id: int) -> QuerySet[Refund]:
    return Refund.objects.filter(payment_id=payment_id).order_by("id")


def refund_get(*, refund_id: int) -> Refund | None:
    return Refund.objects.filter(pk=refund_id).first()


def pix_qr(payment: Payment) -> str:
    """The Pix QR as SVG text, or "" when the payment has no Pix code."""
    return pix_qr_svg(payment.pix_copy_paste, check=False) if payment.pix_copy_paste else ""


@dataclass(frozen=True, slots=True)
class Option:
    count: int
    instalment: Decimal
    total: Decimal
    interest_free: bool
    label: str


def card_options(*, total: Decimal, currency: str, language: str | None = None) -> list[Option]:
    """The instalment table the checkout shows (the same plans that are charged)."""
    return [
        Option(
            count=o.count,
            instalment=o.instalment.amount,
            total=o.total.amount,
            interest_free=o.interest_free,
            label=o.label,
        )
        for o in instalment_options(
            Money(total, currency), policy=payment_terms().instalment_policy, language=language
        )
    ]

"""Request and response shapes of the payments API (pydantic, via django-ninja)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import ConfigDict, Field

from jornada.brazil.boleto import boleto_line_format
from jornada.payments.models import Payment, Refund
from jornada.payments.selectors import pix_qr
from jornada.payments.states import PaymentStatus, RefundStatus


class Strict(Schema):
    # Unknown fields are refused by name: no card number, CVV or expiry can slip in.
    model_config = ConfigDict(extra="forbid")


class CardIn(Strict):
    card_token: str = Field(
        min_length=1, max_length=200, description="the token from the gateway's card form"
    )
    brand: str = Field(min_length=1, max_length=20, description="visa, mastercard, elo...")
    last4: str = Field(min_length=4, max_length=4)
    instalments: int | None = Field(default=None, ge=1, le=24)


class RefundIn(Strict):
    amount: Decimal | None = Field(
        default=None, max_digits=12, decimal_places=2, description="omit: all that is left"
    )
    reason: str = Field(min_length=1, max_length=300)
    destination: str = Field(default="original", description="original or store_credit")


class PaymentOut(Schema):
    id: int
    order_number: str
    method: str
    status: str
    status_label: str
    gateway: str
    currency: str
    principal: Decimal
    amount: Decimal
    refunded_amount: Decimal
    instalments: int
    instalment_amounts: list[Decimal]
    interest_free: bool
    card_brand: str
    card_last4: str
    pix_copy_paste: str
    pix_qr_svg: str
    boleto_line: str
    boleto_barcode: str
    boleto_due_date: dt.date | None
    boleto_pdf_available: bool
    redirect_url: str
    expires_at: dt.datetime | None
    failure_reason: str
    created_at: dt.datetime
    paid_at: dt.datetime | None


def payment_out(payment: Payment, *, order_number: str) -> PaymentOut:
    return PaymentOut(
        id=payment.pk,
        order_number=order_number,
        method=payment.method,
        status=payment.status,
        status_label=str(PaymentStatus(payment.status).label),
        gateway=payment.gateway,
        currency=payment.currency,
        principal=payment.principal,
        amount=payment.amount,
        refunded_amount=payment.refunded_amount,
        instalments=payment.instalments,
        instalment_amounts=[Decimal(v) for v in payment.instalment_amounts],
        interest_free=payment.interest_free,
        card_brand=payment.card_brand,
        card_last4=payment.card_last4,
        pix_copy_paste=payment.pix_copy_paste,
        pix_qr_svg=pix_qr(payment),
        boleto_line=boleto_line_format(payment.boleto_line) if payment.boleto_line else "",
        boleto_barcode=payment.boleto_barcode,
        boleto_due_date=payment.boleto_due_date,
        boleto_pdf_available=payment.boleto_document_id is not None,
        redirect_url=payment.redirect_url,
        expires_at=payment.expires_at,
        failure_reason=payment.failure_reason,
        created_at=payment.created_at,
        paid_at=payment.paid_at,
    )


class RefundOut(Schema):
    id: int
    payment_id: int
    amount: Decimal
    destination: str
    status: str
    status_label: str
    reason: str
    instalment_amounts: list[Decimal]
    failure_reason: str
    requested_by: str
    created_at: dt.datetime
    decided_at: dt.datetime | None


def refund_out(refund: Refund) -> RefundOut:
    return RefundOut(
        id=refund.pk,
        payment_id=refund.payment_id,
        amount=refund.amount,
        destination=refund.destination,
        status=refund.status,
        status_label=str(RefundStatus(refund.status).label),
        reason=refund.reason,
        instalment_amounts=[Decimal(v) for v in refund.instalment_amounts],
        failure_reason=refund.failure_reason,
        requested_by=refund.requested_by_label,
        created_at=refund.created_at,
        decided_at=refund.decided_at,
    )


class OptionOut(Schema):
    count: int
    instalment: Decimal
    total: Decimal
    interest_free: bool
    label: str


class WebhookAck(Schema):
    received: bool
    duplicate: bool
    outcome: str

"""What happened to a payment: one writer per event type (docs/events.md).

Each writer publishes the domain event to the outbox in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from jornada.core.events import DomainEvent, event_publish
from jornada.payments.models import Payment, Refund


@dataclass(frozen=True, kw_only=True)
class PaymentPending(DomainEvent):
    event_type = "payments.PaymentPending"
    order_id: int
    payment_id: int
    method: str
    amount: str
    expires_at: str | None
    pix_copy_paste: str
    boleto_line: str
    boleto_document_id: int | None
    redirect_url: str


@dataclass(frozen=True, kw_only=True)
class PaymentConfirmed(DomainEvent):
    event_type = "payments.PaymentConfirmed"
    order_id: int
    payment_id: int
    method: str
    amount: str
    instalments: int


@dataclass(frozen=True, kw_only=True)
class PaymentFailed(DomainEvent):
    event_type = "payments.PaymentFailed"
    order_id: int
    payment_id: int
    method: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class PaymentExpired(DomainEvent):
    event_type = "payments.PaymentExpired"
    order_id: int
    payment_id: int
    method: str


@dataclass(frozen=True, kw_only=True)
class RefundIssued(DomainEvent):
    event_type = "payments.RefundIssued"
    order_id: int
    payment_id: int
    refund_id: int
    amount: str
    partial: bool
    method: str
    reason: str


def _aggregate(payment: Payment) -> str:
    return f"order:{payment.order_id}"


def payment_pending_event(*, payment: Payment) -> None:
    event_publish(
        PaymentPending(
            order_id=payment.order_id,
            payment_id=payment.pk,
            method=payment.method,
            amount=str(payment.amount),
            expires_at=payment.expires_at.isoformat() if payment.expires_at else None,
            pix_copy_paste=payment.pix_copy_paste,
            boleto_line=payment.boleto_line,
            boleto_document_id=payment.boleto_document_id,
            redirect_url=payment.redirect_url,
        ),
        aggregate=_aggregate(payment),
    )


def payment_confirmed_event(*, payment: Payment) -> None:
    event_publish(
        PaymentConfirmed(
            order_id=payment.order_id,
            payment_id=payment.pk,
            method=payment.method,
            amount=str(payment.amount),
            instalments=payment.instalments,
        ),
        aggregate=_aggregate(payment),
    )


def payment_failed_event(*, payment: Payment) -> None:
    event_publish(
        PaymentFailed(
            order_id=payment.order_id,
            payment_id=payment.pk,
            method=payment.method,
            reason=payment.failure_reason,
        ),
        aggregate=_aggregate(payment),
    )


def payment_expired_event(*, payment: Payment) -> None:
    event_publish(
        PaymentExpired(order_id=payment.order_id, payment_id=payment.pk, method=payment.method),
        aggregate=_aggregate(payment),
    )


def refund_issued_event(*, refund: Refund, payment: Payment, partial: bool) -> None:
    event_publish(
        RefundIssued(
            order_id=payment.order_id,
            payment_id=payment.pk,
            refund_id=refund.pk,
            amount=str(refund.amount),
            partial=partial,
            method=payment.method if refund.destination == "original" else "store_credit",
            reason=refund.reason,
        ),
        aggregate=_aggregate(payment),
    )

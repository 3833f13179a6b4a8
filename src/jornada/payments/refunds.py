"""Refunds (to the original method or as store credit) and the store credit ledger.

A refund is requested by staff (or by Jornada when a paid order is cancelled) and
issued only when someone with the finance role approves it; the request alone moves
no money. Issuing it calls the gateway (card refunds are spread over the
instalments), moves the payment to partially refunded or refunded, writes the order's
timeline and publishes ``payments.RefundIssued``, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jornada.brazil.money import Money, money_format
from jornada.core.errors import DomainError, NotFound, TransitionNotAllowed
from jornada.core.roles import Role, has_role
from jornada.orders import services as order_services
from jornada.orders.models import Order
from jornada.orders.states import OrderStatus
from jornada.orders.types import Actor
from jornada.payments import events
from jornada.payments.adapters import gateway_for
from jornada.payments.models import Method, Payment, PaymentAttempt, Refund, StoreCreditEntry
from jornada.payments.plans import refund_split
from jornada.payments.services import GATEWAY_ACTOR, PaymentInvalid, _attempt, _locked, _move
from jornada.payments.states import CAPTURED, PaymentStatus, RefundStatus

S = PaymentStatus
CENT = Decimal("0.01")


class RefundForbidden(DomainError):
    code = "refund_approval_forbidden"
    status = 403


def _pending_total(payment: Payment) -> Decimal:
    return Refund.objects.filter(payment=payment, status=RefundStatus.REQUESTED).aggregate(
        total=Sum("amount")
    )["total"] or Decimal("0")


def _amount(raw: object, *, available: Decimal, errors: dict[str, list[Any]]) -> Decimal:
    if raw is None:
        return available
    try:
        amount = Decimal(str(raw))
    except InvalidOperation:
        errors["amount"] = [_("Enter a number.")]
        return Decimal("0")
    if not amount.is_finite() or amount != amount.quantize(CENT) or amount <= 0:
        errors["amount"] = [_("Enter a positive amount with at most two decimal places.")]
    elif amount > available:
        errors["amount"] = [
            _("At most %(amount)s can still be refunded.") % {"amount": f"{available:.2f}"}
        ]
    return amount


def refund_request(
    *,
    payment_id: int,
    amount: Decimal | str | None,
    reason: str,
    destination: str = Refund.Destination.ORIGINAL,
    user: Any = None,
    label: str = "",
    now: dt.datetime | None = None,
) -> Refund:
    """Ask for a refund of ``amount`` (None: all that is left) of a paid payment.

    Anyone on the staff may ask; nothing moves until ``refund_approve``. When ``user``
    holds the finance role, the refund is approved and issued at once.
    """
    now = now or timezone.now()
    reason = (reason or "").strip()
    errors: dict[str, list[Any]] = {}
    if not reason:
        errors["reason"] = [_("Say why the money is given back.")]
    elif len(reason) > 300:
        errors["reason"] = [_("At most %(max)d characters.") % {"max": 300}]
    if destination not in Refund.Destination.values:
        errors["destination"] = [
            _("Choose one of: %(expected)s.") % {"expected": ", ".join(Refund.Destination.values)}
        ]
    with transaction.atomic():
        payment = _locked(payment_id)
        if payment.status not in CAPTURED:
            raise TransitionNotAllowed(
                _("Only a paid payment can be refunded; this one is %(status)s.")
                % {"status": S(payment.status).label},
                fields={"status": [_("Not allowed from the current status.")]},
            )
        available = payment.refundable - _pending_total(payment)
        value = _amount(amount, available=available, errors=errors)
        if errors:
            raise PaymentInvalid(errors)
        refund = Refund.objects.create(
            payment=payment,
            amount=value,
            destination=destination,
            reason=reason,
            requested_by=user if getattr(user, "pk", None) else None,
            requested_by_label=label or (user.get_username() if user is not None else "Jornada"),
            created_at=now,
        )
        if user is not None and has_role(user, Role.FINANCE):
            return refund_approve(refund_id=refund.pk, user=user, now=now)
    return refund


def _locked_refund(refund_id: int) -> Refund:
    query = Refund.objects.filter(pk=refund_id)
    if connection.features.has_select_for_update:
        query = query.select_for_update()
    refund = query.first()
    if refund is None:
        raise NotFound(_("Refund not found."), code="refund_not_found")
    return refund


def _refused(refund: Refund) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        _("This refund is already %(status)s.") % {"status": RefundStatus(refund.status).label},
        fields={"status": [_("Not allowed from the current status.")]},
    )


def refund_approve(*, refund_id: int, user: Any, now: dt.datetime | None = None) -> Refund:
    """Finance approves: the money goes back (gateway or store credit) and it is recorded."""
    now = now or timezone.now()
    if not has_role(user, Role.FINANCE):
        raise RefundForbidden(_("Only the finance team may approve refunds."))
    with transaction.atomic():
        refund = _locked_refund(refund_id)
        if refund.status != RefundStatus.REQUESTED:
            raise _refused(refund)
        payment = _locked(refund.payment_id)
        if payment.status not in CAPTURED or refund.amount > payment.refundable:
            raise TransitionNotAllowed(
                _("The payment no longer has %(amount)s to refund.") % {"amount": refund.amount},
                fields={"amount": [_("More than what is left.")]},
            )
        refund.approved_by = user
        refund.decided_at = now
        if refund.destination == Refund.Destination.ORIGINAL:
            result = gateway_for(payment.gateway).refund(
                reference=payment.reference,
                amount=refund.amount,
                idempotency_key=f"jornada-refund-{refund.pk}",
                now=now,
            )
            _attempt(
                payment,
                PaymentAttempt.Operation.REFUND,
                outcome=PaymentAttempt.Outcome.OK
                if result.accepted
                else PaymentAttempt.Outcome.DECLINED,
                amount=refund.amount,
                reason=result.reason,
                now=now,
            )
            if not result.accepted:
                refund.status = RefundStatus.FAILED
                refund.failure_reason = result.reason[:200]
                refund.save()
                return refund
            refund.reference = result.reference
        else:
            order = Order.objects.get(pk=payment.order_id)
            StoreCreditEntry.objects.create(
                customer_id=order.customer_id,
                amount=refund.amount,
                currency=payment.currency,
                refund=refund,
                order=order,
                reason=refund.reason,
                created_at=now,
            )
        _issue(refund, payment, now=now)
    return refund


def _issue(refund: Refund, payment: Payment, *, now: dt.datetime) -> None:
    """Record an issued refund on a locked payment: split, status, timeline, event."""
    if payment.method == Method.CREDIT_CARD and len(payment.instalment_amounts) > 1:
        earlier = [Decimal("0")] * len(payment.instalment_amounts)
        for other in payment.refunds.filter(status=RefundStatus.ISSUED).exclude(pk=refund.pk):
            for index, value in enumerate(other.instalment_amounts):
                earlier[index] += Decimal(value)
        split = refund_split(
            [Decimal(v) for v in payment.instalment_amounts], earlier, refund.amount
        )
        refund.instalment_amounts = [str(v) for v in split]
    refund.status = RefundStatus.ISSUED
    refund.save()
    payment.refunded_amount += refund.amount
    full = payment.refunded_amount == payment.amount
    _move(payment, S.REFUNDED if full else S.PARTIALLY_REFUNDED, now=now)
    payment.save()
    order = Order.objects.get(pk=payment.order_id)
    payments = Payment.objects.filter(
        order_id=order.pk, status__in=(S.PAID, S.PARTIALLY_REFUNDED, S.REFUNDED)
    )
    order_partial = any(p.refunded_amount < p.amount for p in payments)
    actor = (
        Actor.staff(refund.approved_by.pk, refund.approved_by.get_username())
        if refund.approved_by
        else GATEWAY_ACTOR
    )
    where = (
        _("to the original payment method")
        if refund.destination == Refund.Destination.ORIGINAL
        else _("as store credit")
    )
    order_services.order_add_note(
        order_id=order.pk,
        actor=actor,
        text=_("Refund of %(amount)s issued %(where)s: %(reason)s")
        % {
            "amount": money_format(Money(refund.amount, payment.currency)),
            "where": where,
            "reason": refund.reason,
        },
    )
    if order.status in (OrderStatus.RETURNED, OrderStatus.PARTIALLY_REFUNDED):
        order_services.order_mark_refunded(
            order_id=order.pk, actor=actor, partial=order_partial, reason=refund.reason
        )
    events.refund_issued_event(refund=refund, payment=payment, partial=not full)


def refund_reject(*, refund_id: int, user: Any, now: dt.datetime | None = None) -> Refund:
    now = now or timezone.now()
    if not has_role(user, Role.FINANCE):
        raise RefundForbidden(_("Only the finance team may decide on refunds."))
    with transaction.atomic():
        refund = _locked_refund(refund_id)
        if refund.status != RefundStatus.REQUESTED:
            raise _refused(refund)
        refund.status = RefundStatus.REJECTED
        refund.approved_by = user
        refund.decided_at = now
        refund.save()
    return refund


def refund_record_external(
    *, payment: Payment, total_refunded: Decimal, now: dt.datetime
) -> Refund:
    """The gateway reports a refund Jornada did not issue (made in its dashboard)."""
    refund = Refund.objects.create(
        payment=payment,
        amount=total_refunded - payment.refunded_amount,
        destination=Refund.Destination.ORIGINAL,
        reason=_("Refunded at the payment gateway"),
        requested_by_label="gateway",
        created_at=now,
        decided_at=now,
    )
    _issue(refund, payment, now=now)
    return refund


def refunds_request_for_cancelled_order(
    *, order_id: int, now: dt.datetime | None = None
) -> list[Refund]:
    """A paid order was cancelled: ask finance to give back what was paid."""
    refunds = []
    with transaction.atomic():
        for payment in Payment.objects.filter(order_id=order_id, status__in=CAPTURED):
            if payment.refundable - _pending_total(payment) <= 0:
                continue
            refunds.append(
                refund_request(
                    payment_id=payment.pk,
                    amount=None,
                    reason=_("Order cancelled"),
                    label="Jornada",
                    now=now,
                )
            )
    return refunds


def store_credit_balance(*, customer_id: int, currency: str = "BRL") -> Decimal:
    total = StoreCreditEntry.objects.filter(customer_id=customer_id, currency=currency).aggregate(
        total=Sum("amount")
    )["total"]
    return total or Decimal("0.00")


def store_credit_use(
    *,
    customer_id: int,
    amount: Decimal,
    reason: str,
    order_id: int | None = None,
    currency: str = "BRL",
) -> StoreCreditEntry:
    """Spend store credit (returns and checkout use it); never below zero."""
    if amount <= 0:
        raise PaymentInvalid({"amount": [_("Enter a positive amount.")]})
    with transaction.atomic():
        from jornada.customers.models import Customer

        query = Customer.objects.filter(pk=customer_id)
        if connection.features.has_select_for_update:
            query = query.select_for_update()
        if query.first() is None:
            raise NotFound(_("Customer not found."), code="customer_not_found")
        if store_credit_balance(customer_id=customer_id, currency=currency) < amount:
            raise PaymentInvalid({"amount": [_("More than the customer's store credit.")]})
        return StoreCreditEntry.objects.create(
            customer_id=customer_id,
            amount=-amount,
            currency=currency,
            order_id=order_id,
            reason=reason,
        )

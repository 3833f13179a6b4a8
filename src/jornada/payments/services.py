"""Every write to a payment: starting it, taking the card token, applying what the
gateway says (webhooks), expiring it. Refunds and store credit: ``refunds.py``.

Status changes follow one locked path (``_locked`` + ``_move``): lock the payment,
refuse any move the transition table does not allow (nothing changes), save, publish
the domain event, all in the caller's transaction. The order moves only through the
named progress services of ``jornada.orders.services``.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jornada.brazil.boleto import boleto_barcode_to_line
from jornada.brazil.business_days import business_days_add, local_date
from jornada.brazil.errors import BrazilValueError
from jornada.core.documents import document_store
from jornada.core.errors import Conflict, DomainError, NotFound, TransitionNotAllowed
from jornada.core.models import Document
from jornada.core.scheduler import timer_cancel, timer_schedule
from jornada.orders import services as order_services
from jornada.orders.models import Order
from jornada.orders.states import UNPAID, OrderStatus
from jornada.orders.types import Actor
from jornada.payments import events
from jornada.payments.adapters import gateway_for
from jornada.payments.adapters.base import (
    ChargeRequest,
    ChargeResult,
    Gateway,
    MethodNotSupported,
    Payer,
)
from jornada.payments.boleto_pdf import boleto_pdf
from jornada.payments.models import CARD_METHODS, Method, Payment, PaymentAttempt
from jornada.payments.plans import charge_plan
from jornada.payments.states import OPEN, PaymentStatus, transition_allowed
from jornada.payments.terms import payment_terms

logger = logging.getLogger("jornada.payments")

S = PaymentStatus
EXPIRE_JOB = "payments.expire"
CARD_BRANDS = ("visa", "mastercard", "elo", "amex", "hipercard", "diners", "discover", "jcb")
GATEWAY_ACTOR = Actor.integration("payment gateway")


class PaymentInvalid(DomainError):
    code = "payment_invalid"
    status = 422

    def __init__(self, fields: dict[str, list[Any]]) -> None:
        super().__init__(gettext_lazy("The payment has invalid fields."), fields=fields)


class PaymentNotFound(NotFound):
    code = "payment_not_found"


# --- the locked path ------------------------------------------------------------------


def _locked(payment_id: int) -> Payment:
    """The payment, locked for this transaction (caller must be inside ``atomic``)."""
    query = Payment.objects.filter(pk=payment_id)
    if connection.features.has_select_for_update:
        query = query.select_for_update()
    payment = query.first()
    if payment is None:
        raise PaymentNotFound(_("Payment not found."))
    return payment


def _move(payment: Payment, target: str, *, now: dt.datetime) -> str:
    if not transition_allowed(payment.status, target):
        raise TransitionNotAllowed(
            _("A payment that is %(current)s cannot become %(target)s.")
            % {"current": S(payment.status).label, "target": S(target).label},
            fields={"status": [_("Not allowed from the current status.")]},
            params={"current": payment.status, "target": target},
        )
    previous = payment.status
    payment.status = target
    payment.updated_at = now
    return previous


def _attempt(
    payment: Payment,
    operation: str,
    *,
    outcome: str,
    amount: Decimal | None = None,
    gateway_status: str = "",
    reason: str = "",
    now: dt.datetime,
) -> None:
    PaymentAttempt.objects.create(
        payment=payment,
        operation=operation,
        outcome=outcome,
        amount=amount,
        gateway_status=gateway_status[:40],
        reason=reason[:200],
        created_at=now,
    )


def _expiry_key(order_id: int) -> str:
    return f"payments:expire:order:{order_id}"


# --- starting the payment of an order --------------------------------------------------


def _expires_at(method: str, now: dt.datetime) -> tuple[dt.datetime, dt.date | None]:
    """When an unpaid payment gives up, and a boleto's due date."""
    terms = payment_terms()
    if method == Method.PIX:
        return now + dt.timedelta(minutes=terms.pix_expiry_minutes), None
    if method == Method.BOLETO:
        due = business_days_add(local_date(now), terms.boleto_due_days)
        last = business_days_add(due, terms.boleto_grace_days) if terms.boleto_grace_days else due
        end = dt.datetime.combine(
            last + dt.timedelta(days=1), dt.time(0), tzinfo=timezone.get_current_timezone()
        )
        return end, due
    return now + dt.timedelta(minutes=terms.card_payment_window_minutes), None


def _payer(order: Order) -> Payer:
    return Payer(
        name=order.customer_name, document=order.customer_document, email=order.customer_email
    )


def _new_payment(
    order: Order, *, instalments: int, now: dt.datetime, expires_at: dt.datetime
) -> Payment:
    card = order.payment_method == Method.CREDIT_CARD
    plan = charge_plan(
        total=order.grand_total,
        currency=order.currency,
        count=instalments if card else 1,
        policy=payment_terms().instalment_policy,
        card=card,
    )
    sequence = Payment.objects.filter(order_id=order.pk).count() + 1
    return Payment.objects.create(
        order=order,
        method=order.payment_method,
        gateway=settings.PAYMENT_GATEWAY,
        currency=order.currency,
        principal=plan.principal,
        amount=plan.amount,
        instalments=len(plan.instalments),
        instalment_amounts=[str(i) for i in plan.instalments],
        interest_free=plan.interest_free,
        idempotency_key=f"jornada-order-{order.pk}-payment-{sequence}",
        expires_at=expires_at,
        created_at=now,
        updated_at=now,
    )


def _charge(
    payment: Payment,
    gateway: Gateway,
    *,
    card_token: str = "",
    due: dt.date | None,
    now: dt.datetime,
) -> ChargeResult:
    order = payment.order
    if payment.method not in gateway.methods:
        raise MethodNotSupported(
            _("The payment gateway does not offer this method."),
            fields={"payment.method": [_("Not available.")]},
        )
    request = ChargeRequest(
        idempotency_key=payment.idempotency_key,
        external_reference=str(payment.pk),
        method=payment.method,
        amount=payment.amount,
        currency=payment.currency,
        description=_("Order %(number)s") % {"number": order.number},
        payer=_payer(order),
        instalments=payment.instalments,
        card_token=card_token,
        card_brand=payment.card_brand,
        expires_at=payment.expires_at,
        boleto_due_date=due,
    )
    result = gateway.authorize(request, now=now)
    _attempt(
        payment,
        PaymentAttempt.Operation.AUTHORIZE,
        outcome=PaymentAttempt.Outcome.DECLINED
        if result.status == S.FAILED
        else PaymentAttempt.Outcome.OK,
        amount=payment.amount,
        gateway_status=result.gateway_status,
        reason=result.reason,
        now=now,
    )
    payment.reference = result.reference
    payment.pix_copy_paste = result.pix_copy_paste
    payment.redirect_url = result.redirect_url
    if result.boleto_barcode:
        payment.boleto_barcode = result.boleto_barcode
        payment.boleto_line = boleto_barcode_to_line(result.boleto_barcode)
        payment.boleto_due_date = result.boleto_due_date
    payment.updated_at = now
    payment.save()
    return result


def payment_start(*, order_id: int, now: dt.datetime | None = None) -> Payment | None:
    """Open the payment of a newly placed order (run on ``orders.OrderPlaced``).

    Pix, boleto and PayPal are charged at once (code, line or redirect for the
    customer); cards wait for the token from the checkout. The order then awaits
    payment, and an expiry timer cancels it if the money never comes. Idempotent:
    an order that already has a payment is left as it is.
    """
    now = now or timezone.now()
    with transaction.atomic():
        order = Order.objects.filter(pk=order_id).first()
        if order is None or order.status != OrderStatus.PLACED:
            return None
        if Payment.objects.filter(order_id=order_id).exists():
            return None
        if order.grand_total <= 0:
            order_services.order_mark_paid(
                order_id=order_id, actor=Actor.system(), reason=_("Nothing to pay.")
            )
            return None
        expires_at, due = _expires_at(order.payment_method, now)
        payment = _new_payment(order, instalments=order.instalments, now=now, expires_at=expires_at)
        refused = False
        if payment.method not in CARD_METHODS:
            result = _charge(payment, gateway_for(payment.gateway), due=due, now=now)
            refused = result.status == S.FAILED
            if refused:  # the order still waits: staff may change the method, or it expires
                _apply(payment, status=S.FAILED, reason=result.reason, refunded=None, now=now)
            elif payment.method == Method.BOLETO:
                payment.boleto_document_id = _boleto_pdf(payment).pk
                payment.save(update_fields=["boleto_document_id"])
        order_services.order_await_payment(
            order_id=order_id, actor=Actor.system(), reason=payment.method
        )
        timer_schedule(
            job=EXPIRE_JOB,
            due_at=expires_at,
            key=_expiry_key(order_id),
            payload={"order_id": order_id},
        )
        if not refused:
            events.payment_pending_event(payment=payment)
    return payment


def _boleto_pdf(payment: Payment) -> Document:
    return document_store(
        kind="boleto",
        filename=f"boleto-{payment.order.number}.pdf",
        content=boleto_pdf(payment),
        order_id=payment.order_id,
        reference=f"payment:{payment.pk}",
    )


@dataclass(frozen=True, slots=True)
class CardInput:
    token: str
    brand: str
    last4: str
    instalments: int | None = None


def _card_errors(
    card: CardInput, *, method: str, instalments: int, total: Decimal, currency: str
) -> dict[str, list[Any]]:
    errors: dict[str, list[Any]] = {}
    token = (card.token or "").strip()
    if not token:
        errors["card_token"] = [_("This field is required.")]
    elif len(token) > 200 or not token.isprintable():
        errors["card_token"] = [_("This is not a gateway card token.")]
    if (card.brand or "").lower() not in CARD_BRANDS:
        errors["brand"] = [_("Choose one of: %(expected)s.") % {"expected": ", ".join(CARD_BRANDS)}]
    if not (len(card.last4 or "") == 4 and card.last4.isdigit() and card.last4.isascii()):
        errors["last4"] = [_("Enter the last 4 digits of the card.")]
    if method == Method.DEBIT_CARD and instalments != 1:
        errors["instalments"] = [_("Debit card payments cannot be split.")]
    elif method == Method.CREDIT_CARD:
        try:
            charge_plan(
                total=total,
                currency=currency,
                count=instalments,
                policy=payment_terms().instalment_policy,
                card=True,
            )
        except BrazilValueError as error:
            errors["instalments"] = [str(error)]
    return errors


def payment_card_submit(
    *, order_id: int, card: CardInput, now: dt.datetime | None = None
) -> Payment:
    """Charge the order's card with the gateway token the checkout got for it.

    Refuses (422, nothing written) a missing token, an unknown brand, bad last digits or
    an instalment count the store does not offer. A declined card may be tried again
    with another one while the order still awaits payment.
    """
    now = now or timezone.now()
    with transaction.atomic():
        order = Order.objects.filter(pk=order_id).first()
        if order is None:
            raise NotFound(_("Order not found."), code="order_not_found")
        if order.payment_method not in CARD_METHODS:
            raise TransitionNotAllowed(
                _("This order is not paid by card."),
                fields={"payment.method": [_("Not a card payment.")]},
            )
        instalments = card.instalments or order.instalments
        errors = _card_errors(
            card,
            method=order.payment_method,
            instalments=instalments,
            total=order.grand_total,
            currency=order.currency,
        )
        if errors:
            raise PaymentInvalid(errors)
        if order.status not in UNPAID:
            raise TransitionNotAllowed(
                _("This order no longer awaits payment."),
                fields={"status": [_("Not allowed from the current status.")]},
            )
        if not Payment.objects.filter(order_id=order_id).exists():
            # the token came before the worker handled OrderPlaced: open the payment now
            payment_start(order_id=order_id, now=now)
        latest = Payment.objects.filter(order_id=order_id).order_by("-id").first()
        if latest is not None and latest.reference == "" and latest.status == S.PENDING:
            payment = _locked(latest.pk)
            plan = charge_plan(
                total=order.grand_total,
                currency=order.currency,
                count=instalments,
                policy=payment_terms().instalment_policy,
                card=order.payment_method == Method.CREDIT_CARD,
            )
            payment.amount = plan.amount
            payment.instalments = len(plan.instalments)
            payment.instalment_amounts = [str(i) for i in plan.instalments]
            payment.interest_free = plan.interest_free
        elif latest is None or latest.status in (S.FAILED,):
            expires_at = (
                latest.expires_at
                if latest and latest.expires_at
                else _expires_at(order.payment_method, now)[0]
            )
            payment = _new_payment(order, instalments=instalments, now=now, expires_at=expires_at)
        else:
            raise Conflict(
                _("This order's card payment is already being processed."),
                code="payment_in_progress",
            )
        payment.card_brand = card.brand.lower()
        payment.card_last4 = card.last4
        result = _charge(
            payment, gateway_for(payment.gateway), card_token=card.token.strip(), due=None, now=now
        )
        if result.status != S.PENDING:
            _apply(payment, status=result.status, reason=result.reason, refunded=None, now=now)
    return payment


# --- what the gateway says ------------------------------------------------------------


def _covered(order: Order, *, paying: Payment | None = None) -> bool:
    """True when what was paid covers the order's total."""
    if paying is not None and paying.principal >= order.grand_total:
        return True  # the usual case: one payment for the whole order
    paid = Payment.objects.filter(
        order_id=order.pk, status__in=(S.PAID, S.PARTIALLY_REFUNDED, S.REFUNDED)
    ).aggregate(total=Sum("principal"))["total"] or Decimal("0")
    return paid >= order.grand_total


def _apply(
    payment: Payment,
    *,
    status: str,
    reason: str,
    refunded: Decimal | None,
    now: dt.datetime,
) -> bool:
    """Move a locked payment to what the gateway reports; False when nothing changes."""
    if status in (S.REFUNDED, S.PARTIALLY_REFUNDED):
        if refunded is None or refunded <= payment.refunded_amount:
            return False  # Jornada issued it already (or an older message)
        from jornada.payments.refunds import refund_record_external

        refund_record_external(payment=payment, total_refunded=refunded, now=now)
        return True
    if status == payment.status or not transition_allowed(payment.status, status):
        return False
    _move(payment, status, now=now)
    if status == S.PAID:
        payment.paid_at = now
        payment.save()
        events.payment_confirmed_event(payment=payment)
        order = Order.objects.get(pk=payment.order_id)
        if order.status in UNPAID and _covered(order, paying=payment):
            timer_cancel(key=_expiry_key(payment.order_id))
            order_services.order_mark_paid(
                order_id=payment.order_id, actor=GATEWAY_ACTOR, reason=payment.method
            )
        elif order.status not in UNPAID:
            order_services.order_add_note(
                order_id=payment.order_id,
                actor=GATEWAY_ACTOR,
                text=_(
                    "Payment %(id)s of %(amount)s arrived while the order is %(status)s: refund it."
                )
                % {
                    "id": payment.pk,
                    "amount": payment.amount,
                    "status": OrderStatus(order.status).label,
                },
            )
    elif status == S.FAILED:
        payment.failure_reason = (reason or "declined")[:200]
        payment.save()
        events.payment_failed_event(payment=payment)
    elif status == S.EXPIRED:
        payment.save()
        events.payment_expired_event(payment=payment)
    elif status == S.CHARGED_BACK:
        payment.save()
        order_services.order_add_note(
            order_id=payment.order_id,
            actor=GATEWAY_ACTOR,
            text=_("Chargeback: the card holder disputed payment %(id)s of %(amount)s.")
            % {"id": payment.pk, "amount": payment.amount},
        )
    else:
        payment.save()
    return True


# --- expiry and cancellation -----------------------------------------------------------


def _void_open(order_id: int, *, now: dt.datetime) -> list[Payment]:
    """Expire every open payment of the order (voiding it at the gateway)."""
    expired = []
    for pk in Payment.objects.filter(order_id=order_id, status__in=OPEN).values_list(
        "pk", flat=True
    ):
        payment = _locked(pk)
        if payment.reference:
            result = gateway_for(payment.gateway).void(reference=payment.reference)
            _attempt(
                payment,
                PaymentAttempt.Operation.VOID,
                outcome=PaymentAttempt.Outcome.OK,
                gateway_status=result.gateway_status,
                now=now,
            )
            if result.status == S.PAID:  # paid at the last moment: keep it
                _apply(payment, status=S.PAID, reason="", refunded=None, now=now)
                continue
        if _apply(payment, status=S.EXPIRED, reason="", refunded=None, now=now):
            expired.append(payment)
    return expired


def payment_expire_order(*, order_id: int, now: dt.datetime | None = None) -> bool:
    """Timer job body: the money did not come in time. Expire what is open and cancel
    the order (which releases its stock); True when the order was cancelled."""
    now = now or timezone.now()
    with transaction.atomic():
        order = Order.objects.filter(pk=order_id).first()
        if order is None or order.status not in UNPAID:
            return False
        _void_open(order_id, now=now)
        order.refresh_from_db()
        if order.status not in UNPAID or _covered(order):
            return False
        order_services.order_cancel(
            order_id=order_id, actor=Actor.system(), reason=_("Payment not received in time.")
        )
    return True


def payment_order_cancelled(*, order_id: int, now: dt.datetime | None = None) -> None:
    """The order was cancelled: nothing more may be paid for it."""
    now = now or timezone.now()
    with transaction.atomic():
        timer_cancel(key=_expiry_key(order_id))
        _void_open(order_id, now=now)

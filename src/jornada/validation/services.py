"""Validating paid orders: checks, score, the hold queue, and the order report.

A clean order validates itself: the delivery promise is fixed, the order report is
printed and the order moves to validated (``validation.OrderValidated``). Any other
goes on hold (``validation.OrderHeld``) until customer service approves it (the same
path as a clean order) or rejects it with a reason: the order is cancelled, and the
payments and inventory apps refund and release stock on ``orders.OrderCancelled``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jornada.brazil.business_days import local_date
from jornada.brazil.cep import cep_format
from jornada.brazil.documents import tax_id_mask
from jornada.brazil.errors import DocumentError
from jornada.brazil.money import Money, money_format
from jornada.core.documents import document_store
from jornada.core.errors import DomainError, NotFound, TransitionNotAllowed
from jornada.core.store import store_profile
from jornada.customers.models import CustomerAddress
from jornada.orders import services as orders
from jornada.orders.models import Order, PaymentMethod
from jornada.orders.states import OrderStatus
from jornada.orders.types import Actor
from jornada.shipping.models import DeliveryPromise
from jornada.shipping.services import NoCarrier, ShippingInvalid, delivery_promise_for_order
from jornada.validation import events
from jornada.validation.models import Decision, ValidationResult
from jornada.validation.report import ReportData, ReportLine, order_report_pdf
from jornada.validation.risk import Assessment, RiskFacts, RiskRules, risk_assess


def _declined_attempts(order_id: int) -> int:
    if not apps.is_installed("jornada.payments"):
        return 0
    try:
        attempt = apps.get_model("payments", "PaymentAttempt")
    except LookupError:
        return 0
    return int(
        attempt.objects.filter(
            payment__order_id=order_id, operation="authorize", outcome="declined"
        ).count()
    )


def risk_facts(order: Order, *, carrier_available: bool) -> RiskFacts:
    window = order.placed_at - dt.timedelta(hours=settings.VALIDATION_VELOCITY_HOURS)
    others = Order.objects.exclude(pk=order.pk)
    billing = (
        CustomerAddress.objects.filter(customer_id=order.customer_id)
        .order_by("created_at", "id")
        .values_list("uf", flat=True)
        .first()
    )
    return RiskFacts(
        document=order.customer_document,
        name=order.customer_name,
        email=order.customer_email,
        phone=order.customer_phone,
        ship_uf=order.ship_uf,
        ship_cep=order.ship_cep,
        grand_total=order.grand_total,
        earlier_orders=others.filter(customer_id=order.customer_id, placed_at__lte=order.placed_at)
        .exclude(status=OrderStatus.CANCELLED)
        .count(),
        earlier_names=tuple(
            others.filter(customer_document=order.customer_document)
            .values_list("customer_name", flat=True)
            .distinct()
        ),
        orders_to_address=others.filter(
            ship_cep=order.ship_cep, ship_numero=order.ship_numero, placed_at__gte=window
        ).count(),
        orders_from_document=others.filter(
            customer_document=order.customer_document, placed_at__gte=window
        ).count(),
        billing_uf=billing or "",
        declined_attempts=_declined_attempts(order.pk),
        carrier_available=carrier_available,
    )


def _rules() -> RiskRules:
    return RiskRules(
        high_value=Decimal(settings.VALIDATION_HIGH_VALUE),
        velocity_max=settings.VALIDATION_VELOCITY_MAX,
    )


def order_validation_run(
    *, order_id: int, now: dt.datetime | None = None
) -> ValidationResult | None:
    """Check a paid order once: validate it, or put it on hold with the reasons.

    Returns None when the order is not paid any more or was already checked (a
    repeated event changes nothing).
    """
    now = now or timezone.now()
    with transaction.atomic():
        order = orders._locked(order_id)
        if (
            order.status != OrderStatus.PAID
            or ValidationResult.objects.filter(order=order).exists()
        ):
            return None
        try:
            promise: DeliveryPromise | None = delivery_promise_for_order(order_id=order.pk, now=now)
        except (NoCarrier, ShippingInvalid):
            # no service takes the items there (or an item fits no box): staff decide
            promise = None
        assessment = risk_assess(risk_facts(order, carrier_available=promise is not None), _rules())
        hold = assessment.score >= settings.VALIDATION_HOLD_SCORE or promise is None
        result = ValidationResult.objects.create(
            order=order,
            score=assessment.score,
            reasons=[
                {"code": r.code, "points": r.points, "detail": r.detail} for r in assessment.reasons
            ],
            decision=Decision.HELD if hold else Decision.VALIDATED,
            checked_at=now,
            decided_by="" if hold else "Jornada",
            decided_at=None if hold else now,
        )
        if hold:
            orders.order_hold(
                order_id=order.pk, actor=Actor.system(), reason=_reason_text(assessment)
            )
            events.order_held_event(
                order=order, score=assessment.score, reasons=[r.code for r in assessment.reasons]
            )
        else:
            assert promise is not None
            _validate(order, result, promise, actor=Actor.system(), reason="")
    return result


def _reason_text(assessment: Assessment) -> str:
    codes = ", ".join(r.code for r in assessment.reasons)
    return f"score {assessment.score}: {codes}"[:300]


def _validate(
    order: Order, result: ValidationResult, promise: DeliveryPromise, *, actor: Actor, reason: str
) -> None:
    orders.order_validate(order_id=order.pk, actor=actor, reason=reason)
    content = order_report_pdf(report_data(order, promise))
    document = document_store(
        kind="order_report",
        filename=f"pedido-{order.number}.pdf",
        content=content,
        order_id=order.pk,
        reference=order.number,
    )
    result.report_document_id = document.pk
    result.save(update_fields=["report_document_id"])
    events.order_validated_event(
        order=order,
        promised_date=promise.promised_date.isoformat(),
        report_document_id=document.pk,
    )


def _held(order_id: int) -> tuple[Order, ValidationResult]:
    order = orders._locked(order_id)
    result = ValidationResult.objects.filter(order=order).first()
    if result is None or result.decision != Decision.HELD or order.status != OrderStatus.ON_HOLD:
        raise TransitionNotAllowed(
            _("This order is not waiting for review."),
            fields={"status": [_("Not allowed from the current status.")]},
        )
    return order, result


def _note(note: str, *, required: bool) -> str:
    note = (note or "").strip()
    if (required and not note) or len(note) > 300:
        raise DomainError(
            _("Say why (1 to 300 characters)."),
            fields={"reason": [_("Write 1 to 300 characters.")]},
        )
    return note


def order_hold_approve(
    *, order_id: int, actor: Actor, note: str = "", now: dt.datetime | None = None
) -> ValidationResult:
    """Customer service clears a held order: validated, report printed, promise fixed."""
    note = _note(note, required=False)
    now = now or timezone.now()
    with transaction.atomic():
        order, result = _held(order_id)
        try:
            promise = delivery_promise_for_order(order_id=order.pk, now=now)
        except (NoCarrier, ShippingInvalid) as error:
            raise DomainError(error.message, code=error.code, fields=error.fields) from None
        result.decision = Decision.APPROVED
        result.decided_by = actor.label
        result.decision_note = note
        result.decided_at = now
        result.save(update_fields=["decision", "decided_by", "decision_note", "decided_at"])
        _validate(order, result, promise, actor=actor, reason=note)
    return result


def order_hold_reject(
    *, order_id: int, actor: Actor, reason: str, now: dt.datetime | None = None
) -> ValidationResult:
    """Customer service refuses a held order: it is cancelled with the reason (refund and
    stock release follow ``orders.OrderCancelled``)."""
    reason = _note(reason, required=True)
    now = now or timezone.now()
    with transaction.atomic():
        order, result = _held(order_id)
        result.decision = Decision.REJECTED
        result.decided_by = actor.label
        result.decision_note = reason
        result.decided_at = now
        result.save(update_fields=["decision", "decided_by", "decision_note", "decided_at"])
        orders.order_cancel(order_id=order.pk, actor=actor, reason=reason)
        events.order_rejected_event(order=order, reason=reason)
    return result


def report_data(order: Order, promise: DeliveryPromise) -> ReportData:
    store = store_profile()

    def money(value: Decimal) -> str:
        return money_format(Money(value, order.currency), language="pt-br")

    try:
        masked = tax_id_mask(order.customer_document)
    except DocumentError:
        masked = "***"
    street = f"{order.ship_logradouro}, {order.ship_numero}"
    if order.ship_complemento:
        street += f", {order.ship_complemento}"
    payment = str(PaymentMethod(order.payment_method).label)
    if order.instalments > 1:
        payment += f" em {order.instalments}x"
    totals = [("Subtotal", money(order.subtotal)), ("Frete", money(order.shipping_total))]
    if order.gift_wrap_total:
        totals.append(("Embrulho para presente", money(order.gift_wrap_total)))
    if order.discount_total:
        totals.append(("Desconto", "-" + money(order.discount_total)))
    totals.append(("Total", money(order.grand_total)))
    return ReportData(
        store_name=store.name,
        store_contacts=" · ".join(c for c in (store.email, store.phone, store.website) if c),
        order_number=order.number,
        placed_on=local_date(order.placed_at).strftime("%d/%m/%Y"),
        buyer=order.customer_name,
        document_masked=masked,
        email=order.customer_email,
        phone=order.customer_phone,
        address=(
            order.recipient_name,
            street,
            f"{order.ship_bairro} · {order.ship_cidade}/{order.ship_uf}",
            f"CEP {cep_format(order.ship_cep)}",
        ),
        payment=payment,
        lines=tuple(
            ReportLine(
                line.sku,
                line.product_name + (f" ({line.variant_label})" if line.variant_label else ""),
                line.quantity,
                money(line.unit_price),
                money(line.line_total),
            )
            for line in order.lines.order_by("position")
        ),
        totals=tuple(totals),
        promised_date=promise.promised_date.strftime("%d/%m/%Y"),
        carrier=str(promise.service),
    )


def validation_get(*, order_id: int) -> ValidationResult:
    result = ValidationResult.objects.filter(order_id=order_id).first()
    if result is None:
        raise NotFound(_("This order was not validated yet."), code="validation_not_found")
    return result

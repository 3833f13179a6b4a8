"""Reads for the customer's own pages: one order as its customer sees it.

Everything here is what the customer may read about their order: no staff notes, no
risk scores, no internal reasons. Each read is bounded (a handful of queries per page,
whatever the order's size).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from jornada.brazil.documents import tax_id_mask_or
from jornada.brazil.money import Money, money_format
from jornada.core.models import Document
from jornada.orders.models import Order, OrderEvent, OrderEventType, OrderLine
from jornada.orders.selectors import order_id_from_token
from jornada.orders.states import OrderStatus
from jornada.payments import selectors as payment_selectors
from jornada.payments.models import Method, Payment
from jornada.payments.states import PaymentStatus
from jornada.shipping.models import DeliveryPromise, ProofOfDelivery, Shipment
from jornada.shipping.states import ShipmentStatus

#: documents the customer may download from their page (never labels, slips or manifests)
CUSTOMER_DOCUMENT_KINDS: dict[str, Any] = {
    "order_report": _("Order summary (PDF)"),
    "boleto": _("Boleto (PDF)"),
}

S = OrderStatus

#: the steps drawn on the page, and the statuses that have reached each
STEPS: tuple[tuple[Any, frozenset[OrderStatus]], ...] = (
    (_("Order received"), frozenset(S)),
    (
        _("Payment confirmed"),
        frozenset(
            {
                S.PAID,
                S.ON_HOLD,
                S.VALIDATED,
                S.IN_FULFILMENT,
                S.PARTIALLY_SHIPPED,
                S.SHIPPED,
                S.DELIVERED,
                S.COMPLETED,
            }
        ),
    ),
    (
        _("Being prepared"),
        frozenset(
            {S.VALIDATED, S.IN_FULFILMENT, S.PARTIALLY_SHIPPED, S.SHIPPED, S.DELIVERED, S.COMPLETED}
        ),
    ),
    (_("Shipped"), frozenset({S.PARTIALLY_SHIPPED, S.SHIPPED, S.DELIVERED, S.COMPLETED})),
    (_("Delivered"), frozenset({S.DELIVERED, S.COMPLETED})),
)

#: what each status means to the customer: a headline and one sentence
STATUS_TEXT: dict[OrderStatus, tuple[Any, Any]] = {
    S.PLACED: (
        _("Order received"),
        _("We have your order and are waiting for the payment to be confirmed."),
    ),
    S.AWAITING_PAYMENT: (
        _("Waiting for payment"),
        _("As soon as the payment is confirmed we start preparing your order."),
    ),
    S.PAID: (
        _("Payment confirmed"),
        _("Your payment is confirmed. We are checking the order before preparing it."),
    ),
    S.ON_HOLD: (
        _("Payment confirmed"),
        _(
            "Your payment is confirmed. We are checking a few details of the order; "
            "if we need anything, we will contact you."
        ),
    ),
    S.VALIDATED: (
        _("Being prepared"),
        _("Your order is confirmed and is being separated in our warehouse."),
    ),
    S.IN_FULFILMENT: (
        _("Being prepared"),
        _("Your order is being packed and will soon be handed to the carrier."),
    ),
    S.PARTIALLY_SHIPPED: (
        _("Partly shipped"),
        _("Part of your order is on its way; the rest follows soon."),
    ),
    S.SHIPPED: (_("On its way"), _("Your order is with the carrier. Follow it below.")),
    S.DELIVERED: (_("Delivered"), _("Your order was delivered. We hope you enjoy it!")),
    S.COMPLETED: (_("Delivered"), _("Your order was delivered. We hope you enjoy it!")),
    S.CANCELLED: (
        _("Cancelled"),
        _("This order was cancelled. If you paid, the refund follows the store's policy."),
    ),
    S.RETURN_REQUESTED: (
        _("Return requested"),
        _("We received your return request and will send the instructions."),
    ),
    S.RETURNED: (
        _("Returned"),
        _("We received the items back. The refund is being processed."),
    ),
    S.PARTIALLY_REFUNDED: (_("Partly refunded"), _("Part of the amount was refunded.")),
    S.REFUNDED: (_("Refunded"), _("The amount was refunded.")),
}

#: timeline entries the customer sees (staff notes and internal messages are left out)
_EVENT_TEXT: dict[str, Any] = {
    OrderEventType.PLACED: _("Order received"),
    OrderEventType.CANCELLED: _("Order cancelled"),
    OrderEventType.ADDRESS_CHANGED: _("Delivery address changed"),
    OrderEventType.LINES_CHANGED: _("Items of the order changed"),
}


@dataclass(frozen=True, slots=True)
class Step:
    label: Any
    done: bool
    current: bool


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    text: Any
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class PaymentView:
    method: Any
    status: Any
    status_code: str
    amount: str
    instalments: int
    instalment_amount: str
    card: str
    pix_copy_paste: str
    pix_qr_svg: str
    boleto_line: str
    boleto_due_date: dt.date | None
    boleto_document_id: int | None
    expires_at: dt.datetime | None
    waiting: bool


@dataclass(frozen=True, slots=True)
class ShipmentView:
    carrier: str
    service: str
    tracking_code: str
    status: Any
    delivered: bool
    promised_date: dt.date | None
    delivered_at: dt.datetime | None
    received_by: str


@dataclass(frozen=True, slots=True)
class LineView:
    name: str
    variant: str
    sku: str
    quantity: int
    unit_price: str
    total: str


@dataclass(slots=True)
class CustomerOrderView:
    order: Order
    headline: Any
    explanation: Any
    steps: list[Step]
    stopped: bool
    document_masked: str
    lines: list[LineView]
    totals: dict[str, str]
    payments: list[PaymentView]
    shipments: list[ShipmentView]
    promised_date: dt.date | None
    documents: list[tuple[int, Any]]
    timeline: list[TimelineEntry] = field(default_factory=list)


def customer_order_from_token(*, number: str, token: str) -> Order | None:
    """The order this signed link opens, or None (a link for another order opens nothing)."""
    if not token or len(token) > 500:
        return None
    order_id = order_id_from_token(token)
    if order_id is None:
        return None
    return Order.objects.filter(pk=order_id, number=number).first()


def _money(amount: Any, currency: str, language: str) -> str:
    return money_format(Money(amount, currency), language=language)


def _steps(status: OrderStatus) -> tuple[list[Step], bool]:
    stopped = status in {S.CANCELLED, S.RETURN_REQUESTED, S.RETURNED, S.REFUNDED}
    reached = [status in statuses for _label, statuses in STEPS]
    last = max((i for i, done in enumerate(reached) if done), default=0)
    steps = [
        Step(label=label, done=done, current=(i == last and not stopped))
        for i, ((label, _statuses), done) in enumerate(zip(STEPS, reached, strict=True))
    ]
    return steps, stopped


def _timeline(events: list[OrderEvent]) -> list[TimelineEntry]:
    entries = []
    for event in events:
        if event.type == OrderEventType.STATUS_CHANGED:
            target = event.params.get("to", "")
            if target not in S.values or target == S.ON_HOLD:
                continue  # a hold is an internal check, not news for the customer
            entries.append(TimelineEntry(text=STATUS_TEXT[S(target)][0], at=event.created_at))
        elif event.type in _EVENT_TEXT:
            entries.append(TimelineEntry(text=_EVENT_TEXT[event.type], at=event.created_at))
    return list(reversed(entries))


def _payment(payment: Payment, language: str) -> PaymentView:
    amounts = payment.instalment_amounts or []
    waiting = payment.status in {PaymentStatus.PENDING, PaymentStatus.AUTHORIZED}
    card = ""
    if payment.card_last4:
        card = f"{payment.card_brand.title()} •••• {payment.card_last4}".strip()
    return PaymentView(
        method=Method(payment.method).label if payment.method in Method.values else payment.method,
        status=(
            PaymentStatus(payment.status).label
            if payment.status in PaymentStatus.values
            else payment.status
        ),
        status_code=payment.status,
        amount=_money(payment.amount, payment.currency, language),
        instalments=payment.instalments,
        instalment_amount=_money(amounts[0], payment.currency, language) if amounts else "",
        card=card,
        pix_copy_paste=payment.pix_copy_paste if waiting else "",
        pix_qr_svg=payment_selectors.pix_qr(payment) if waiting else "",
        boleto_line=payment.boleto_line if waiting else "",
        boleto_due_date=payment.boleto_due_date,
        boleto_document_id=payment.boleto_document_id if waiting else None,
        expires_at=payment.expires_at if waiting else None,
        waiting=waiting,
    )


def _shipment(shipment: Shipment, proof: ProofOfDelivery | None) -> ShipmentView:
    status = shipment.status
    return ShipmentView(
        carrier=shipment.service.carrier.name,
        service=shipment.service.name,
        tracking_code=shipment.tracking_code,
        status=ShipmentStatus(status).label if status in ShipmentStatus.values else status,
        delivered=status == ShipmentStatus.DELIVERED,
        promised_date=shipment.promised_date,
        delivered_at=proof.delivered_at if proof else shipment.delivered_at,
        received_by=proof.received_by if proof else "",
    )


def customer_order_view(order: Order) -> CustomerOrderView:
    """Everything the customer's order page shows, in a fixed number of queries."""
    language = order.language
    currency = order.currency
    status = S(order.status)
    headline, explanation = STATUS_TEXT[status]
    steps, stopped = _steps(status)
    lines = list(OrderLine.objects.filter(order_id=order.pk).order_by("position"))
    events = list(
        OrderEvent.objects.filter(order_id=order.pk)
        .only("type", "params", "created_at")
        .order_by("id")
    )
    payments = list(payment_selectors.payments_of_order(order_id=order.pk))
    shipments = list(
        Shipment.objects.filter(order_id=order.pk).select_related("service__carrier").order_by("id")
    )
    proofs = {
        proof.shipment_id: proof
        for proof in ProofOfDelivery.objects.filter(shipment__order_id=order.pk)
    }
    promise = DeliveryPromise.objects.filter(order_id=order.pk).only("promised_date").first()
    documents = list(
        Document.objects.filter(order_id=order.pk, kind__in=list(CUSTOMER_DOCUMENT_KINDS))
        .only("id", "kind")
        .order_by("-id")
    )
    seen: set[str] = set()
    latest = []
    for document in documents:  # the newest of each kind
        if document.kind not in seen:
            seen.add(document.kind)
            latest.append((document.pk, CUSTOMER_DOCUMENT_KINDS[document.kind]))
    totals = {
        "subtotal": _money(order.subtotal, currency, language),
        "shipping": _money(order.shipping_total, currency, language),
        "grand_total": _money(order.grand_total, currency, language),
    }
    if order.gift_wrap_total:
        totals["gift_wrap"] = _money(order.gift_wrap_total, currency, language)
    if order.discount_total:
        totals["discount"] = _money(order.discount_total, currency, language)
    return CustomerOrderView(
        order=order,
        headline=headline,
        explanation=explanation,
        steps=steps,
        stopped=stopped,
        document_masked=tax_id_mask_or(order.customer_document, ""),
        lines=[
            LineView(
                name=line.product_name,
                variant=line.variant_label,
                sku=line.sku,
                quantity=line.quantity,
                unit_price=_money(line.unit_price, currency, language),
                total=_money(line.line_total, currency, language),
            )
            for line in lines
        ],
        totals=totals,
        payments=[_payment(payment, language) for payment in payments],
        shipments=[_shipment(s, proofs.get(s.pk)) for s in shipments],
        promised_date=promise.promised_date if promise else None,
        documents=latest,
        timeline=_timeline(events),
    )


def customer_document(*, order: Order, document_id: int) -> Document | None:
    """One of the order's customer documents (a boleto, its summary), or None."""
    return Document.objects.filter(
        pk=document_id, order_id=order.pk, kind__in=list(CUSTOMER_DOCUMENT_KINDS)
    ).first()

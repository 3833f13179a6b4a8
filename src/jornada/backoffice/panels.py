"""The order panels the back office draws itself from what already exists."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jornada.backoffice.sections import OrderPanel
from jornada.core.models import Document
from jornada.notifications import selectors as notification_selectors
from jornada.orders.models import Order
from jornada.payments import selectors as payment_selectors
from jornada.payments.models import Refund
from jornada.payments.states import CAPTURED
from jornada.shipping.models import Shipment
from jornada.shipping.shipments import tracking_url

DOCUMENTS_SHOWN = 20


def _documents(order: Order) -> dict[str, Any] | None:
    documents = list(
        Document.objects.filter(order_id=order.pk)
        .defer("content")
        .order_by("-created_at", "-id")[:DOCUMENTS_SHOWN]
    )
    return {"documents": documents} if documents else None


documents_panel = OrderPanel(
    key="documents",
    title=_("Documents"),
    template="backoffice/orders/panel_documents.html",
    capability="documents.view",
    context=_documents,
)


def _payments(order: Order) -> dict[str, Any] | None:
    payments = list(payment_selectors.payments_of_order(order_id=order.pk))
    if not payments:
        return None
    refunds: dict[int, list[Refund]] = {}
    for refund in Refund.objects.filter(payment__order_id=order.pk).order_by("id"):
        refunds.setdefault(refund.payment_id, []).append(refund)
    return {
        "payments": [
            {
                "payment": payment,
                "refunds": refunds.get(payment.pk, []),
                "refundable": payment.status in CAPTURED and payment.refundable > 0,
            }
            for payment in payments
        ]
    }


payment_panel = OrderPanel(
    key="payment",
    title=_("Payment"),
    template="backoffice/orders/panel_payment.html",
    capability="payments.view",
    context=_payments,
)


def _shipments(order: Order) -> dict[str, Any] | None:
    shipments = list(
        Shipment.objects.filter(order_id=order.pk).select_related("service__carrier").order_by("id")
    )
    if not shipments:
        return None
    return {
        "shipments": [
            {
                "shipment": shipment,
                "carrier": shipment.service.carrier.name,
                "service": shipment.service.name,
                "tracking_url": tracking_url(shipment.service.carrier, shipment.tracking_code),
            }
            for shipment in shipments
        ]
    }


shipments_panel = OrderPanel(
    key="shipments",
    title=_("Shipments"),
    template="backoffice/orders/panel_shipments.html",
    capability="orders.view",
    context=_shipments,
)


def _messages(order: Order) -> dict[str, Any] | None:
    sent = notification_selectors.order_messages(order_id=order.pk)
    return {"messages": sent} if sent else None


messages_panel = OrderPanel(
    key="messages",
    title=_("Messages sent"),
    template="backoffice/orders/panel_messages.html",
    capability="orders.view",
    context=_messages,
)

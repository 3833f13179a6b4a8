"""``/api/v1/payments`` (staff and integrations), ``/api/v1/my/orders/{id}/payments``
(the customer, through the order's signed token) and the gateways' webhook receiver.

HTTP wiring only: each operation parses, authorises, calls one service or selector
and shapes the answer.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from jornada.api.auth import require_scope
from jornada.api.errors import ApiError
from jornada.api.idempotency import idempotent
from jornada.api.schemas import ErrorOut
from jornada.core.documents import document_latest
from jornada.core.errors import NotFound
from jornada.orders import selectors as order_selectors
from jornada.orders.models import Order
from jornada.payments import refunds, selectors, services, webhooks
from jornada.payments.adapters import gateway_for, gateway_names
from jornada.payments.adapters.base import WebhookRejected
from jornada.payments.schemas import (
    CardIn,
    OptionOut,
    PaymentOut,
    RefundIn,
    RefundOut,
    WebhookAck,
    payment_out,
    refund_out,
)

logger = logging.getLogger("jornada.payments.webhooks")

router = Router(tags=["payments"])
customer_router = Router(tags=["payments (customer)"], auth=None)
webhook_router = Router(tags=["payments (webhooks)"], auth=None)

ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
# Only the headers a signature check needs are kept with the raw body.
KEPT_HEADERS = ("webhook-id", "webhook-timestamp", "x-request-id", "content-type")


def _order(number: str) -> Order:
    order = order_selectors.order_get_by_number(number=number)
    if order is None:
        raise NotFound("order not found", code="order_not_found")
    return order


def _payments(order: Order) -> list[PaymentOut]:
    return [
        payment_out(p, order_number=order.number)
        for p in selectors.payments_of_order(order_id=order.pk)
    ]


def _card(payload: CardIn) -> services.CardInput:
    return services.CardInput(
        token=payload.card_token,
        brand=payload.brand,
        last4=payload.last4,
        instalments=payload.instalments,
    )


def _boleto_pdf(order: Order, payment_id: int) -> HttpResponse:
    payment = selectors.payment_get(payment_id=payment_id)
    if payment is None or payment.order_id != order.pk or payment.boleto_document_id is None:
        raise HttpError(404, "no boleto")
    document = document_latest(kind="boleto", order_id=order.pk, reference=f"payment:{payment.pk}")
    if document is None:
        raise HttpError(404, "no boleto")
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return response


# --- staff and integrations -----------------------------------------------------------


@router.get(
    "/orders/{number}", response={200: list[PaymentOut], **ERRORS}, summary="An order's payments"
)
@require_scope("payments:read")
def order_payments(request: HttpRequest, number: str) -> list[PaymentOut]:
    return _payments(_order(number))


@router.post(
    "/orders/{number}/card", response={201: PaymentOut, **ERRORS}, summary="Pay by card (token)"
)
@require_scope("payments:write")
@idempotent(required=False)
def order_pay_by_card(request: HttpRequest, number: str, payload: CardIn) -> Status[PaymentOut]:
    """Takes the gateway's card token, the brand and the last 4 digits; never the number."""
    order = _order(number)
    payment = services.payment_card_submit(order_id=order.pk, card=_card(payload))
    return Status(201, payment_out(payment, order_number=order.number))


@router.get("/orders/{number}/payments/{payment_id}/boleto.pdf", summary="The boleto (PDF)")
@require_scope("payments:read")
def boleto_pdf(request: HttpRequest, number: str, payment_id: int) -> HttpResponse:
    return _boleto_pdf(_order(number), payment_id)


@router.get("/{payment_id}/refunds", response={200: list[RefundOut], **ERRORS}, summary="Refunds")
@require_scope("payments:read")
def payment_refunds(request: HttpRequest, payment_id: int) -> list[RefundOut]:
    return [refund_out(r) for r in selectors.refunds_of_payment(payment_id=payment_id)]


@router.post(
    "/{payment_id}/refunds", response={201: RefundOut, **ERRORS}, summary="Ask for a refund"
)
@require_scope("payments:write")
@idempotent(required=False)
def refund_create(request: HttpRequest, payment_id: int, payload: RefundIn) -> Status[RefundOut]:
    """Staff with the finance role: issued at once. Anyone else: awaits finance approval."""
    auth = getattr(request, "auth", None)
    user = auth if isinstance(auth, AbstractBaseUser) else None
    refund = refunds.refund_request(
        payment_id=payment_id,
        amount=payload.amount,
        reason=payload.reason,
        destination=payload.destination,
        user=user,
        label="" if user else f"API key {getattr(auth, 'prefix', '')}",
    )
    return Status(201, refund_out(refund))


def _finance_user(request: HttpRequest) -> AbstractBaseUser:
    auth = getattr(request, "auth", None)
    if not isinstance(auth, AbstractBaseUser):
        raise ApiError("permission_denied", "Only a signed-in finance user may decide.", status=403)
    return auth


@router.post("/refunds/{refund_id}/approve", response={200: RefundOut, **ERRORS})
@require_scope("payments:write")
@idempotent(required=False)
def refund_approve(request: HttpRequest, refund_id: int) -> RefundOut:
    return refund_out(refunds.refund_approve(refund_id=refund_id, user=_finance_user(request)))


@router.post("/refunds/{refund_id}/reject", response={200: RefundOut, **ERRORS})
@require_scope("payments:write")
@idempotent(required=False)
def refund_reject(request: HttpRequest, refund_id: int) -> RefundOut:
    return refund_out(refunds.refund_reject(refund_id=refund_id, user=_finance_user(request)))


# --- the customer, through the order's signed token ------------------------------------


def _customer_order(id: str, token: str) -> Order:
    order_id = order_selectors.order_id_from_token(token)
    order = order_selectors.order_get_by_number(number=id)
    if order is None or order_id != order.pk:
        raise HttpError(404, "order not found")  # the same for "absent" and "not yours"
    return order


@customer_router.get("/{id}/payments", response={200: list[PaymentOut], **ERRORS})
def my_payments(request: HttpRequest, id: str, token: str) -> list[PaymentOut]:
    """Pix copy-and-paste and QR, boleto line, PayPal link, card status."""
    return _payments(_customer_order(id, token))


@customer_router.get("/{id}/payments/options", response={200: list[OptionOut], **ERRORS})
def my_instalment_options(request: HttpRequest, id: str, token: str) -> list[OptionOut]:
    """The card instalments on offer for this order, exactly as they would be charged."""
    order = _customer_order(id, token)
    return [
        OptionOut(
            count=o.count,
            instalment=o.instalment,
            total=o.total,
            interest_free=o.interest_free,
            label=o.label,
        )
        for o in selectors.card_options(
            total=order.grand_total, currency=order.currency, language=get_language()
        )
    ]


@customer_router.post("/{id}/payments/card", response={201: PaymentOut, **ERRORS})
@idempotent(required=False)
def my_pay_by_card(
    request: HttpRequest, id: str, token: str, payload: CardIn
) -> Status[PaymentOut]:
    order = _customer_order(id, token)
    payment = services.payment_card_submit(order_id=order.pk, card=_card(payload))
    return Status(201, payment_out(payment, order_number=order.number))


@customer_router.get("/{id}/payments/{payment_id}/boleto.pdf")
def my_boleto_pdf(request: HttpRequest, id: str, token: str, payment_id: int) -> HttpResponse:
    return _boleto_pdf(_customer_order(id, token), payment_id)


# --- the gateways ------------------------------------------------------------------------


@webhook_router.post("/{gateway}", response={200: WebhookAck, **ERRORS})
def webhook(request: HttpRequest, gateway: str) -> WebhookAck:
    """Signed gateway notifications: checked, stored raw, applied once per event id."""
    if gateway not in gateway_names():
        raise HttpError(404, "unknown gateway")
    body = request.body
    headers = {k: v for k, v in request.headers.items()}
    now = timezone.now()
    try:
        message = gateway_for(gateway).parse_webhook(
            body=body, headers=headers, query=request.GET.dict(), now=now
        )
    except WebhookRejected as error:
        # the body is not logged: it is not authentic and may carry anything
        logger.warning("%s webhook refused: %s", gateway, error.reason)
        raise ApiError("webhook_rejected", error.reason, status=401) from None
    kept = {k.lower(): v for k, v in headers.items() if k.lower() in KEPT_HEADERS}
    outcome = webhooks.webhook_receive(
        gateway_name=gateway, message=message, body=body, headers=kept, now=now
    )
    return WebhookAck(received=True, duplicate=outcome.duplicate, outcome=outcome.outcome)

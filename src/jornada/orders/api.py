"""``/api/v1/orders``: HTTP wiring only. Each operation parses, authorises, calls one
service or selector and shapes the answer. ``{id}`` is the order number (``100042``)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from jornada.api.auth import require_scope
from jornada.api.idempotency import (
    idempotency_key_of,
    idempotency_key_parameter,
    idempotency_scope,
    idempotent,
    request_fingerprint,
)
from jornada.api.models import ApiKey
from jornada.api.schemas import ErrorOut
from jornada.core.errors import NotFound
from jornada.orders import intake, selectors, services
from jornada.orders.models import Order
from jornada.orders.schemas import (
    AddressIn,
    CancelIn,
    LinesIn,
    NoteIn,
    OrderIn,
    OrderListOut,
    OrderOut,
    TimelineEntryOut,
    order_out,
    timeline_out,
)
from jornada.orders.types import Actor, LineInput

router = Router(tags=["orders"])
customer_router = Router(tags=["orders (customer)"], auth=None)

ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


def actor_of(request: HttpRequest) -> Actor:
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiKey):
        return Actor.integration(label=f"{auth.name} ({auth.prefix})")
    if isinstance(auth, AbstractBaseUser):
        return Actor.staff(user_id=auth.pk, label=auth.get_username())
    return Actor.customer()


def _order(number: str) -> Order:
    order = selectors.order_get_by_number(number=number)
    if order is None:
        raise NotFound("order not found", code="order_not_found")
    return order


def _out(order: Order, *, token: bool = False) -> OrderOut:
    lines = list(order.lines.order_by("position"))
    return order_out(
        order, lines, access_token=selectors.order_access_token(order) if token else None
    )


@router.post(
    "",
    response={201: OrderOut, **ERRORS},
    summary="Place an order",
    openapi_extra={"parameters": [idempotency_key_parameter(required=True)]},
)
@require_scope("orders:write")
def order_create(request: HttpRequest, payload: OrderIn) -> HttpResponse:
    """Prices, shipping and totals are computed by Jornada; requires `Idempotency-Key`.
    The answer carries `access_token`, the signed token of the customer's own links."""
    auth = getattr(request, "auth", None)
    key = idempotency_key_of(request, required=True)
    assert key is not None
    return intake.order_intake(
        scope=idempotency_scope(request),
        key=key,
        fingerprint=request_fingerprint(request),
        data=payload.to_input(),
        actor=actor_of(request),
        placed_by_user_id=auth.pk if isinstance(auth, AbstractBaseUser) else None,
    )


class ListFilters(Schema):
    number: str = ""
    q: str = Field(default="", description="part of the customer's name or email")
    document: str = Field(default="", description="CPF/CNPJ, digits")
    status: list[str] = Field(default_factory=list)
    channel: str = ""
    placed_from: dt.datetime | None = None
    placed_to: dt.datetime | None = None
    limit: int = Field(default=50, ge=1, le=100)
    cursor: str | None = None


@router.get("", response={200: OrderListOut, **ERRORS}, summary="List and search orders")
@require_scope("orders:read")
def order_list(request: HttpRequest, filters: Query[ListFilters]) -> OrderListOut:
    """Newest first. Pass `next_cursor` back as `cursor` for the next page."""
    document = "".join(ch for ch in filters.document if ch.isalnum()).upper()
    page = selectors.order_list(
        filters=selectors.OrderFilters(
            number=filters.number,
            q=filters.q,
            document=document,
            status=tuple(filters.status),
            channel=filters.channel,
            placed_from=filters.placed_from,
            placed_to=filters.placed_to,
        ),
        limit=filters.limit,
        cursor=filters.cursor,
    )
    lines = selectors.lines_by_order([order.pk for order in page.orders])
    return OrderListOut(
        orders=[order_out(order, lines.get(order.pk, [])) for order in page.orders],
        next_cursor=page.next_cursor,
    )


@router.get("/{id}", response={200: OrderOut, **ERRORS}, summary="One order")
@require_scope("orders:read")
def order_detail(request: HttpRequest, id: str) -> OrderOut:
    return _out(_order(id), token=True)


@router.get("/{id}/timeline", response={200: list[TimelineEntryOut], **ERRORS}, summary="Timeline")
@require_scope("orders:read")
def order_timeline(request: HttpRequest, id: str) -> list[TimelineEntryOut]:
    order = _order(id)
    return [timeline_out(event) for event in selectors.order_timeline(order_id=order.pk)]


@router.post("/{id}/cancel", response={200: OrderOut, **ERRORS}, summary="Cancel (staff)")
@require_scope("orders:write")
@idempotent(required=False)
def order_cancel(request: HttpRequest, id: str, payload: CancelIn) -> OrderOut:
    order = services.order_cancel(
        order_id=_order(id).pk, actor=actor_of(request), reason=payload.reason
    )
    return _out(order)


@router.post("/{id}/address", response={200: OrderOut, **ERRORS}, summary="Change the address")
@require_scope("orders:write")
@idempotent(required=False)
def order_change_address(request: HttpRequest, id: str, payload: AddressIn) -> OrderOut:
    order = services.order_change_address(
        order_id=_order(id).pk, address=payload.to_input(), actor=actor_of(request)
    )
    return _out(order)


@router.post("/{id}/lines", response={200: OrderOut, **ERRORS}, summary="Change the items")
@require_scope("orders:write")
@idempotent(required=False)
def order_change_lines(request: HttpRequest, id: str, payload: LinesIn) -> OrderOut:
    order = services.order_change_lines(
        order_id=_order(id).pk,
        lines=[LineInput(sku=line.sku, quantity=line.quantity) for line in payload.lines],
        actor=actor_of(request),
    )
    return _out(order)


@router.post("/{id}/notes", response={200: OrderOut, **ERRORS}, summary="Add a note")
@require_scope("orders:write")
@idempotent(required=False)
def order_add_note(request: HttpRequest, id: str, payload: NoteIn) -> OrderOut:
    order = services.order_add_note(
        order_id=_order(id).pk, text=payload.text, actor=actor_of(request)
    )
    return _out(order)


# --- the customer's own order, through the signed link ------------------------------


def _customer_order(id: str, token: str) -> Order:
    order_id = selectors.order_id_from_token(token)
    order = selectors.order_get_by_number(number=id)
    if order is None or order_id != order.pk:
        # The same answer for "no such order" and "not yours": nothing leaks.
        raise HttpError(404, "order not found")
    return order


@customer_router.get("/{id}", response={200: OrderOut, **ERRORS}, summary="My order")
def my_order(request: HttpRequest, id: str, token: str) -> OrderOut:
    """The customer's view of their order; `token` comes from the order's links."""
    return _out(_customer_order(id, token))


@customer_router.get("/{id}/timeline", response={200: list[TimelineEntryOut], **ERRORS})
def my_order_timeline(request: HttpRequest, id: str, token: str) -> list[TimelineEntryOut]:
    order = _customer_order(id, token)
    return [
        timeline_out(e)
        for e in selectors.order_timeline(order_id=order.pk)
        if e.type != "note_added"
    ]


@customer_router.post("/{id}/cancel", response={200: OrderOut, **ERRORS}, summary="Cancel my order")
def my_order_cancel(request: HttpRequest, id: str, token: str, payload: CancelIn) -> OrderOut:
    order = _customer_order(id, token)
    order = services.order_cancel(
        order_id=order.pk, actor=Actor.customer(order.customer_name), reason=payload.reason
    )
    return _out(order)


@customer_router.post(
    "/{id}/address", response={200: OrderOut, **ERRORS}, summary="Change my address"
)
def my_order_change_address(
    request: HttpRequest, id: str, token: str, payload: AddressIn
) -> OrderOut:
    order = _customer_order(id, token)
    order = services.order_change_address(
        order_id=order.pk, address=payload.to_input(), actor=Actor.customer(order.customer_name)
    )
    return _out(order)

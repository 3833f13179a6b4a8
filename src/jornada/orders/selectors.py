"""Reads of orders: one order, its timeline, and the staff list with filters."""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass

from django.core import signing
from django.db.models import Q, QuerySet

from jornada.core.errors import DomainError
from jornada.orders.models import Order, OrderEvent, OrderLine

ACCESS_SALT = "jornada.orders.access"


@dataclass(frozen=True, slots=True)
class OrderFilters:
    number: str = ""
    q: str = ""  # name or email, contains
    document: str = ""
    status: tuple[str, ...] = ()
    channel: str = ""
    customer_id: int | None = None
    placed_from: dt.datetime | None = None
    placed_to: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class OrderPage:
    orders: list[Order]
    next_cursor: str | None


def order_get(*, order_id: int) -> Order | None:
    return Order.objects.filter(pk=order_id).first()


def order_get_by_number(*, number: str) -> Order | None:
    return Order.objects.filter(number=number).first()


def order_timeline(*, order_id: int) -> QuerySet[OrderEvent]:
    return OrderEvent.objects.filter(order_id=order_id).select_related("actor_user").order_by("id")


def _encode_cursor(order: Order) -> str:
    raw = json.dumps([order.placed_at.isoformat(), order.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        placed_at, pk = json.loads(raw)
        return dt.datetime.fromisoformat(placed_at), int(pk)
    except (ValueError, TypeError) as error:
        raise DomainError(
            "invalid cursor", code="invalid_cursor", fields={"cursor": ["invalid"]}
        ) from error


def order_list(*, filters: OrderFilters, limit: int = 50, cursor: str | None = None) -> OrderPage:
    """Newest first; ``cursor`` continues after the last order of the previous page."""
    query = Order.objects.all()
    if filters.number:
        query = query.filter(number=filters.number.lstrip("#"))
    if filters.document:
        query = query.filter(customer_document=filters.document)
    if filters.q:
        query = query.filter(
            Q(customer_name__icontains=filters.q) | Q(customer_email__icontains=filters.q)
        )
    if filters.status:
        query = query.filter(status__in=filters.status)
    if filters.channel:
        query = query.filter(channel=filters.channel)
    if filters.customer_id is not None:
        query = query.filter(customer_id=filters.customer_id)
    if filters.placed_from:
        query = query.filter(placed_at__gte=filters.placed_from)
    if filters.placed_to:
        query = query.filter(placed_at__lt=filters.placed_to)
    if cursor:
        placed_at, pk = _decode_cursor(cursor)
        query = query.filter(Q(placed_at__lt=placed_at) | Q(placed_at=placed_at, pk__lt=pk))
    rows = list(query.order_by("-placed_at", "-id")[: limit + 1])
    next_cursor = _encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return OrderPage(orders=rows[:limit], next_cursor=next_cursor)


def order_access_token(order: Order) -> str:
    """A signed token the customer's links carry: it opens this order and nothing else."""
    return signing.dumps({"o": order.pk}, salt=ACCESS_SALT, compress=True)


def order_id_from_token(token: str, *, max_age: dt.timedelta | None = None) -> int | None:
    try:
        data = signing.loads(token, salt=ACCESS_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return int(data["o"]) if isinstance(data, dict) and "o" in data else None


def lines_by_order(order_ids: list[int]) -> dict[int, list[OrderLine]]:
    """The lines of several orders with one query."""
    grouped: dict[int, list[OrderLine]] = {order_id: [] for order_id in order_ids}
    for line in OrderLine.objects.filter(order_id__in=order_ids).order_by("order_id", "position"):
        grouped[line.order_id].append(line)
    return grouped

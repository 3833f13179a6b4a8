"""Reads for the back office: the order board, one order's page, staff and the log."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Exists, F, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Lower

from jornada.backoffice.models import StaffAction
from jornada.backoffice.stages import (
    BOARD_ORDER,
    STAGE_DEADLINES,
    STAGE_STATUSES,
    WORK_STAGES,
    Stage,
)
from jornada.brazil.cep import UF
from jornada.core.roles import Role
from jornada.customers.models import Customer
from jornada.orders.models import Order, OrderEvent, OrderLine
from jornada.shipping.models import Carrier, CarrierService, Shipment

_SEPARATORS = str.maketrans("", "", ".-/ #")
_WHOLE_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# Tracking codes mix letters and digits (S10 ``AA123456789BR``, a carrier's own
# ``RAP0000000001``); a name has no digits and an order number or CPF no letters.
_TRACKING_CODE = re.compile(r"(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9-]{8,40}")
# A name matching more customers than this is too vague to list every order of.
NAME_MATCHES = 500
PAGE_SIZE = 50
HISTORY_SHOWN = 10


@dataclass(frozen=True, slots=True)
class BoardFilters:
    stage: str = ""  # "" = every stage
    q: str = ""
    uf: str = ""
    payment_method: str = ""
    channel: str = ""
    carrier: str = ""  # a carrier's code: orders with a shipment of that carrier


def _tracking_orders(code: str) -> list[int]:
    """The orders of the shipment with this tracking code (exact, by its unique index)."""
    return list(
        Shipment.objects.filter(tracking_code=code.upper()).values_list("order_id", flat=True)
    )


def search_condition(text: str) -> Q | None:
    """What a search box entry means: an order number, a CPF/CNPJ typed with or without
    punctuation, an email (whole: exact and indexed; part of one: among customers), a shipment's
    tracking code (exact, by the shipments' unique index, read first so the orders are
    then fetched by primary key), or part of the customer's name (looked up among
    customers, a table ten times smaller than orders, then their orders by the customer
    index)."""
    text = " ".join(text.split())
    if not text:
        return None
    compact = text.translate(_SEPARATORS)
    if _TRACKING_CODE.fullmatch(text):
        shipped = _tracking_orders(text)
        if shipped:
            condition = Q(pk__in=shipped)
            if len(compact) == 14 and compact[-2:].isdigit():
                condition |= Q(customer_document=compact.upper())  # an alphanumeric CNPJ too
            return condition
    if compact.isdigit():
        condition = Q(number=compact)
        if len(compact) in (11, 14):
            condition |= Q(customer_document=compact)
        return condition
    if "@" in text:
        if _WHOLE_EMAIL.fullmatch(text):
            return Q(customer_email=text.lower())
        # Part of an email: looked up among customers, like a name (the order keeps the
        # customer's email as it was when placed, which is the customer's email then).
        matching = Customer.objects.filter(email__icontains=text.lower()).values("pk")
        return Q(customer_id__in=matching[:NAME_MATCHES])
    if compact.isalnum() and len(compact) == 14 and compact[-2:].isdigit():
        # alphanumeric CNPJ (from July 2026)
        return Q(customer_document=compact.upper())
    customers = Customer.objects.filter(name__icontains=text).values("pk")[:NAME_MATCHES]
    return Q(customer_id__in=customers)


def _late_condition(now: dt.datetime) -> Q:
    condition = Q(pk__in=[])
    for stage, deadline in STAGE_DEADLINES.items():
        since = now - deadline
        # placed_at <= updated_at, so the first bound (in the status index) is implied by
        # the second; it lets the database skip the recent orders without reading them.
        condition |= Q(status__in=STAGE_STATUSES[stage], placed_at__lt=since, updated_at__lt=since)
    return condition


def stage_condition(stage: str, *, now: dt.datetime) -> Q:
    if stage == Stage.LATE:
        return _late_condition(now)
    return Q(status__in=STAGE_STATUSES[Stage(stage)])


def _filtered(filters: BoardFilters, *, carrier_as_list: bool = False) -> QuerySet[Order]:
    """The orders the filters keep. A carrier keeps the orders with one of its shipments:
    by default a per-order check (``EXISTS``) so a page walks its ordering index and stops
    after a page of matches; with ``carrier_as_list`` the carrier's orders are read once
    from the shipments' (service, order) index and each looked up by key, which is faster
    when every matching order must be read anyway (the counts)."""
    query = Order.objects.all()
    condition = search_condition(filters.q)
    if condition is not None:
        query = query.filter(condition)
    if filters.uf:
        query = query.filter(ship_uf=filters.uf.upper())
    if filters.payment_method:
        query = query.filter(payment_method=filters.payment_method)
    if filters.channel:
        query = query.filter(channel=filters.channel)
    if filters.carrier:
        # By the carrier's services (a handful of rows), so the shipments are read
        # through their service index, without joining the carriers.
        services = CarrierService.objects.filter(carrier__code=filters.carrier).values("pk")
        shipments = Shipment.objects.filter(service_id__in=services)
        if carrier_as_list:
            query = query.filter(pk__in=shipments.values("order_id"))
        else:
            query = query.filter(Exists(shipments.filter(order_id=OuterRef("pk"))))
    return query


def board_counts(*, filters: BoardFilters, now: dt.datetime) -> dict[str, int]:
    """The number of orders in every stage and how many are late, in one statement: the
    orders grouped by status (reading only the status index when nothing is filtered)
    with the late count as a scalar subquery, computed once."""
    # Late orders are few and in the status index: checked one by one from it.
    # COUNT as a plain function, so Django adds no GROUP BY to the subquery.
    late = (
        _filtered(filters)
        .filter(_late_condition(now))
        .order_by()
        .annotate(late_count=Func(F("pk"), function="COUNT"))
    )
    # Unfiltered, grouping by the column reads only the status index. Filtered on columns
    # without an index, grouping by an expression makes SQLite scan the table once
    # instead of walking the status index and fetching every row from it (10x slower).
    # A carrier's orders are fetched by key from its list, so the column is read as is.
    narrowed = any((filters.q, filters.uf, filters.payment_method, filters.channel))
    key = Lower("status") if narrowed and not filters.carrier else F("status")
    rows = (
        _filtered(filters, carrier_as_list=True)
        .order_by()
        .values(key=key)
        .annotate(n=Count("pk"), late=Subquery(late.values("late_count")))
    )
    per_status: dict[str, int] = {}
    late_total = 0
    for row in rows:
        per_status[row["key"]] = int(row["n"])
        late_total = int(row["late"] or 0)
    counts = {
        stage.value: sum(per_status.get(status, 0) for status in statuses)
        for stage, statuses in STAGE_STATUSES.items()
    }
    counts[Stage.LATE.value] = late_total
    return {stage.value: counts[stage.value] for stage in BOARD_ORDER}


@dataclass(frozen=True, slots=True)
class BoardPage:
    orders: list[Order]
    next_cursor: str | None
    oldest_first: bool


def _encode_cursor(order: Order) -> str:
    raw = json.dumps([order.placed_at.isoformat(), order.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[dt.datetime, int] | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        placed_at, pk = json.loads(raw)
        return dt.datetime.fromisoformat(placed_at), int(pk)
    except (ValueError, TypeError):
        return None  # a mangled link starts again from the first page


def board_page(
    *, filters: BoardFilters, now: dt.datetime, cursor: str = "", limit: int = PAGE_SIZE
) -> BoardPage:
    """One page of the board: working stages oldest first (the longest wait on top), the
    rest newest first; ``cursor`` continues after the previous page's last order."""
    query = _filtered(filters)
    stage = filters.stage if filters.stage in Stage.values else ""
    if stage:
        query = query.filter(stage_condition(stage, now=now))
    oldest_first = bool(stage) and Stage(stage) in WORK_STAGES
    position = _decode_cursor(cursor) if cursor else None
    if position is not None:
        placed_at, pk = position
        if oldest_first:
            query = query.filter(Q(placed_at__gt=placed_at) | Q(placed_at=placed_at, pk__gt=pk))
        else:
            query = query.filter(Q(placed_at__lt=placed_at) | Q(placed_at=placed_at, pk__lt=pk))
    ordering = ("placed_at", "id") if oldest_first else ("-placed_at", "-id")
    rows = list(
        query.order_by(*ordering).only(
            "number",
            "status",
            "channel",
            "customer_name",
            "customer_email",
            "payment_method",
            "instalments",
            "grand_total",
            "currency",
            "ship_uf",
            "ship_cidade",
            "placed_at",
            "updated_at",
        )[: limit + 1]
    )
    next_cursor = _encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return BoardPage(orders=rows[:limit], next_cursor=next_cursor, oldest_first=oldest_first)


def board_filter_choices() -> dict[str, Any]:
    """The UFs for the filter: all 27, without a query (a DISTINCT over every order
    would read the whole table on each page view); the carriers (a handful of rows)."""
    return {
        "ufs": sorted(UF.values),
        "carriers": list(Carrier.objects.order_by("name").values_list("code", "name")),
    }


# --- one order ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CustomerHistory:
    customer: Customer | None
    orders: list[Order]
    total_orders: int


def order_for_page(number: str) -> Order | None:
    return Order.objects.filter(number=number.lstrip("#").strip()).first()


def order_lines(order: Order) -> list[OrderLine]:
    return list(order.lines.order_by("position"))


def customer_history(order: Order) -> CustomerHistory:
    """The customer's other orders, newest first (the last few), and how many in all."""
    customer = Customer.objects.filter(pk=order.customer_id).first()
    others = Order.objects.filter(customer_id=order.customer_id).exclude(pk=order.pk)
    shown = list(
        others.order_by("-placed_at", "-id").only(
            "number", "status", "grand_total", "currency", "placed_at"
        )[:HISTORY_SHOWN]
    )
    total = len(shown) if len(shown) < HISTORY_SHOWN else others.count()
    return CustomerHistory(customer=customer, orders=shown, total_orders=total)


def order_events(order: Order) -> list[OrderEvent]:
    return list(OrderEvent.objects.filter(order_id=order.pk).order_by("id"))


# --- staff and the log -----------------------------------------------------------------


def staff_members() -> list[Any]:
    """Everyone who holds a role (or is a superuser), with their roles, by name."""
    user_model = get_user_model()
    users = (
        user_model.objects.filter(Q(groups__name__in=Role.values) | Q(is_superuser=True))
        .distinct()
        .prefetch_related("groups")
        .order_by("username")
    )
    return list(users)


def staff_roles(user: AbstractBaseUser) -> set[str]:
    return {group.name for group in user.groups.all()} & set(Role.values)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class ActionFilters:
    user_id: int | None = None
    kind: str = ""
    order_number: str = ""


@dataclass(frozen=True, slots=True)
class ActionPage:
    actions: list[StaffAction]
    next_before: int | None


def staff_actions(
    *, filters: ActionFilters, before: int | None = None, limit: int = 100
) -> ActionPage:
    """The log, newest first; ``before`` continues after the previous page's last row."""
    query = StaffAction.objects.all()
    if filters.user_id is not None:
        query = query.filter(user_id=filters.user_id)
    if filters.kind:
        query = query.filter(kind=filters.kind)
    if filters.order_number:
        query = query.filter(order_number=filters.order_number.lstrip("#").strip())
    if before is not None:
        query = query.filter(pk__lt=before)
    rows = list(query.order_by("-id")[: limit + 1])
    next_before = rows[limit - 1].pk if len(rows) > limit else None
    return ActionPage(actions=rows[:limit], next_before=next_before)

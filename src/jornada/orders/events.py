"""What happened to an order: one writer per event type.

Each writer appends the timeline row (``OrderEvent``) and publishes the domain event to
the outbox, in the caller's transaction, so both exist exactly when the change does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from jornada.core.db import insert_rows
from jornada.core.events import DomainEvent, event_publish, events_publish
from jornada.orders.models import Order, OrderEvent, OrderEventType
from jornada.orders.types import Actor

# --- domain events (what other apps react to) -------------------------------------


@dataclass(frozen=True, kw_only=True)
class OrderPlaced(DomainEvent):
    event_type = "orders.OrderPlaced"
    order_id: int
    number: str
    customer_id: int
    channel: str
    payment_method: str
    grand_total: str
    currency: str


@dataclass(frozen=True, kw_only=True)
class OrderStatusChanged(DomainEvent):
    event_type = "orders.OrderStatusChanged"
    order_id: int
    number: str
    previous: str
    status: str


@dataclass(frozen=True, kw_only=True)
class OrderCancelled(DomainEvent):
    event_type = "orders.OrderCancelled"
    order_id: int
    number: str
    previous: str
    reason: str
    by: str


@dataclass(frozen=True, kw_only=True)
class OrderAddressChanged(DomainEvent):
    event_type = "orders.OrderAddressChanged"
    order_id: int
    number: str


@dataclass(frozen=True, kw_only=True)
class OrderLinesChanged(DomainEvent):
    event_type = "orders.OrderLinesChanged"
    order_id: int
    number: str
    grand_total: str


# --- timeline ---------------------------------------------------------------------

_TIMELINE_FIELDS = (
    "order",
    "type",
    "actor_kind",
    "actor_user",
    "actor_label",
    "params",
    "created_at",
)


def _timeline(
    *, order_id: int, type: str, actor: Actor, params: dict[str, Any], at: dt.datetime | None = None
) -> None:
    insert_rows(
        OrderEvent,
        _TIMELINE_FIELDS,
        [(order_id, type, actor.kind, actor.user_id, actor.label, params, at or timezone.now())],
    )


def _aggregate(order_id: int) -> str:
    return f"order:{order_id}"


def order_placed_event(*, order: Order, actor: Actor) -> None:
    orders_placed_events([(order, actor)])


def orders_placed_events(placed: Sequence[tuple[Order, Actor]]) -> None:
    """The timeline entry and the ``OrderPlaced`` event of new orders: three statements
    (timeline, outbox, deliveries) however many orders."""
    insert_rows(
        OrderEvent,
        _TIMELINE_FIELDS,
        [
            (
                order.pk, OrderEventType.PLACED, actor.kind, actor.user_id, actor.label,
                {
                    "number": order.number,
                    "channel": order.channel,
                    "status": order.status,
                    "grand_total": str(order.grand_total),
                    "currency": order.currency,
                    "payment_method": order.payment_method,
                    "instalments": order.instalments,
                    "items": order.item_count,
                },
                order.placed_at,
            )
            for order, actor in placed
        ],
    )  # fmt: skip
    events_publish(
        [
            OrderPlaced(
                order_id=order.pk,
                number=order.number,
                customer_id=order.customer_id,
                channel=order.channel,
                payment_method=order.payment_method,
                grand_total=str(order.grand_total),
                currency=order.currency,
            )
            for order, _actor in placed
        ],
        aggregates=[_aggregate(order.pk) for order, _actor in placed],
    )


def order_status_changed_event(
    *, order: Order, previous: str, actor: Actor, reason: str = ""
) -> None:
    params: dict[str, Any] = {"from": previous, "to": order.status}
    if reason:
        params["reason"] = reason
    _timeline(order_id=order.pk, type=OrderEventType.STATUS_CHANGED, actor=actor, params=params)
    event_publish(
        OrderStatusChanged(
            order_id=order.pk, number=order.number, previous=previous, status=order.status
        ),
        aggregate=_aggregate(order.pk),
    )


def order_cancelled_event(*, order: Order, previous: str, actor: Actor, reason: str) -> None:
    _timeline(
        order_id=order.pk,
        type=OrderEventType.CANCELLED,
        actor=actor,
        params={"from": previous, "reason": reason},
    )
    event_publish(
        OrderCancelled(
            order_id=order.pk,
            number=order.number,
            previous=previous,
            reason=reason,
            by=actor.kind,
        ),
        aggregate=_aggregate(order.pk),
    )


def order_address_changed_event(
    *, order: Order, before: dict[str, str], after: dict[str, str], actor: Actor
) -> None:
    _timeline(
        order_id=order.pk,
        type=OrderEventType.ADDRESS_CHANGED,
        actor=actor,
        params={"before": before, "after": after},
    )
    event_publish(
        OrderAddressChanged(order_id=order.pk, number=order.number),
        aggregate=_aggregate(order.pk),
    )


def order_lines_changed_event(
    *, order: Order, before: dict[str, Any], after: dict[str, Any], actor: Actor
) -> None:
    _timeline(
        order_id=order.pk,
        type=OrderEventType.LINES_CHANGED,
        actor=actor,
        params={"before": before, "after": after},
    )
    event_publish(
        OrderLinesChanged(
            order_id=order.pk, number=order.number, grand_total=str(order.grand_total)
        ),
        aggregate=_aggregate(order.pk),
    )


def order_note_added_event(*, order: Order, text: str, actor: Actor) -> None:
    _timeline(order_id=order.pk, type=OrderEventType.NOTE_ADDED, actor=actor, params={"text": text})

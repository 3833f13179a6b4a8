"""Reads for staff pages and the API: the local outbox, call tasks, one order's messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from jornada.notifications.models import Message, MessageStatus, WebhookDelivery


@dataclass(frozen=True, slots=True)
class OutboxFilters:
    channel: str = ""
    status: str = ""
    order_number: str = ""
    audience: str = ""


def _outbox_query(filters: OutboxFilters) -> QuerySet[Message]:
    query: QuerySet[Message] = Message.objects.order_by("-created_at", "-id")
    if filters.channel:
        query = query.filter(channel=filters.channel)
    if filters.status:
        query = query.filter(status=filters.status)
    if filters.audience:
        query = query.filter(audience=filters.audience)
    if filters.order_number:
        from jornada.orders.selectors import order_get_by_number

        order = order_get_by_number(number=filters.order_number.strip())
        query = query.filter(order_id=order.pk if order else -1)
    return query


def outbox_messages(*, filters: OutboxFilters, limit: int = 100) -> list[Message]:
    """Newest first; what the mail-catcher page lists."""
    return list(_outbox_query(filters).defer("body_html")[:limit])


@dataclass(frozen=True, slots=True)
class OutboxPage:
    messages: list[Message]
    #: where the next page starts (the last message's time and id), None on the last page
    next_after: tuple[dt.datetime, int] | None
    #: order id -> number, for the page's messages
    order_numbers: dict[int, str]


def outbox_page(
    *, filters: OutboxFilters, after: tuple[dt.datetime, int] | None = None, limit: int = 50
) -> OutboxPage:
    """One page of the outbox, newest first, continuing after ``after`` (keyset paging
    on the recent-messages index: no COUNT, no OFFSET, however long the outbox)."""
    query = _outbox_query(filters)
    if after is not None:
        created_at, pk = after
        query = query.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=pk))
    rows = list(
        query.only(
            "id",
            "order_id",
            "audience",
            "channel",
            "address",
            "template_key",
            "subject",
            "status",
            "skip_reason",
            "created_at",
        )[: limit + 1]
    )
    from jornada.orders.models import Order

    last = rows[limit - 1] if len(rows) > limit else None
    rows = rows[:limit]
    order_ids = {m.order_id for m in rows if m.order_id is not None}
    numbers = (
        dict(Order.objects.filter(pk__in=order_ids).values_list("pk", "number"))
        if order_ids
        else {}
    )
    return OutboxPage(rows, (last.created_at, last.pk) if last is not None else None, numbers)


def message_get(*, message_id: int) -> Message | None:
    return Message.objects.filter(pk=message_id).first()


def call_tasks_open() -> list[Message]:
    return list(
        Message.objects.filter(channel="phone", status=MessageStatus.QUEUED).order_by(
            "due_at", "id"
        )
    )


def order_messages(*, order_id: int) -> list[Message]:
    return list(Message.objects.filter(order_id=order_id).order_by("id").defer("body_html"))


def webhook_deliveries(*, limit: int = 100) -> list[WebhookDelivery]:
    return list(WebhookDelivery.objects.order_by("-created_at", "-id")[:limit])

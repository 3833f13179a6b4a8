"""Reads for staff pages and the API: the local outbox, call tasks, one order's messages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from jornada.notifications.models import Message, MessageStatus, WebhookDelivery


@dataclass(frozen=True, slots=True)
class OutboxFilters:
    channel: str = ""
    status: str = ""
    order_number: str = ""
    audience: str = ""


def outbox_messages(*, filters: OutboxFilters, limit: int = 100) -> list[Message]:
    """Newest first; what the mail-catcher page lists."""
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
    return list(query.defer("body_html")[:limit])


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

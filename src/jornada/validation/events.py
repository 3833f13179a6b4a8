"""Validation's domain events (docs/events.md): one writer per event type."""

from __future__ import annotations

from dataclasses import dataclass

from jornada.core.events import DomainEvent, event_publish
from jornada.orders.models import Order


@dataclass(frozen=True, kw_only=True)
class OrderValidated(DomainEvent):
    event_type = "validation.OrderValidated"
    order_id: int
    number: str
    promised_date: str
    report_document_id: int


@dataclass(frozen=True, kw_only=True)
class OrderHeld(DomainEvent):
    event_type = "validation.OrderHeld"
    order_id: int
    number: str
    score: int
    reasons: list[str]


@dataclass(frozen=True, kw_only=True)
class OrderRejected(DomainEvent):
    event_type = "validation.OrderRejected"
    order_id: int
    number: str
    reason: str


def _aggregate(order: Order) -> str:
    return f"order:{order.pk}"


def order_validated_event(*, order: Order, promised_date: str, report_document_id: int) -> None:
    event_publish(
        OrderValidated(
            order_id=order.pk,
            number=order.number,
            promised_date=promised_date,
            report_document_id=report_document_id,
        ),
        aggregate=_aggregate(order),
    )


def order_held_event(*, order: Order, score: int, reasons: list[str]) -> None:
    event_publish(
        OrderHeld(order_id=order.pk, number=order.number, score=score, reasons=reasons),
        aggregate=_aggregate(order),
    )


def order_rejected_event(*, order: Order, reason: str) -> None:
    event_publish(
        OrderRejected(order_id=order.pk, number=order.number, reason=reason),
        aggregate=_aggregate(order),
    )

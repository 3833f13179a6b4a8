"""Reads of shipping: shipments with their history, late and at-risk lists, on-time rates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from jornada.shipping.models import Shipment, TrackingEvent
from jornada.shipping.states import OPEN, ShipmentStatus


def shipment_by_code(code: str) -> Shipment | None:
    return (
        Shipment.objects.select_related("service__carrier", "order")
        .filter(tracking_code=code.strip().upper())
        .first()
    )


def tracking_history(shipment: Shipment) -> QuerySet[TrackingEvent]:
    return shipment.events.order_by("occurred_at", "id")


def shipments_late() -> QuerySet[Shipment]:
    """Open shipments past their promise, oldest promise first."""
    return (
        Shipment.objects.filter(status__in=list(OPEN), late=True)
        .select_related("service__carrier", "order")
        .order_by("promised_date", "id")
    )


def shipments_at_risk() -> QuerySet[Shipment]:
    return (
        Shipment.objects.filter(status__in=list(OPEN), at_risk=True, late=False)
        .select_related("service__carrier", "order")
        .order_by("promised_date", "id")
    )


@dataclass(frozen=True, slots=True)
class OnTime:
    carrier: str
    delivered: int
    on_time: int

    @property
    def rate(self) -> float:
        return self.on_time / self.delivered if self.delivered else 0.0


def on_time_by_carrier(*, since: dt.datetime | None = None) -> list[OnTime]:
    """Delivered shipments and how many arrived by the promised date, per carrier."""
    query = Shipment.objects.filter(status=ShipmentStatus.DELIVERED)
    if since is not None:
        query = query.filter(delivered_at__gte=since)
    rows = (
        query.values("service__carrier__code")
        .annotate(delivered=Count("id"), on_time=Count("id", filter=Q(late=False)))
        .order_by("service__carrier__code")
    )
    return [OnTime(r["service__carrier__code"], r["delivered"], r["on_time"]) for r in rows]


@dataclass(frozen=True, slots=True)
class UnshippedAtRisk:
    order_id: int
    number: str
    status: str
    promised_date: dt.date
    ship_by: dt.date  # the last day it can leave and still arrive as promised


def orders_at_risk_before_shipping(
    *, today: dt.date, limit: int | None = None
) -> list[UnshippedAtRisk]:
    """Orders not handed to a carrier yet that can no longer leave in time: the promised
    date minus the carrier's business days is today or past. Earliest promise first;
    ``limit`` stops at that many (a page's list), reading plain values, not models."""
    from jornada.brazil.business_days import business_days_add
    from jornada.orders.states import OrderStatus
    from jornada.shipping.models import DeliveryPromise

    waiting = (
        OrderStatus.PAID,
        OrderStatus.ON_HOLD,
        OrderStatus.VALIDATED,
        OrderStatus.IN_FULFILMENT,
    )
    found = []
    promises = (
        DeliveryPromise.objects.filter(
            order__status__in=waiting, promised_date__lte=today + dt.timedelta(days=60)
        )
        .order_by("promised_date", "order_id")
        .values_list(
            "order_id",
            "order__number",
            "order__status",
            "order__ship_uf",
            "promised_date",
            "carrier_days",
        )
    )
    for order_id, number, status, uf, promised_date, carrier_days in promises:
        ship_by = business_days_add(promised_date, -carrier_days, uf=uf)
        if ship_by <= today:
            found.append(UnshippedAtRisk(order_id, number, status, promised_date, ship_by))
            if limit is not None and len(found) >= limit:
                break
    return found

"""Shipping's domain events (docs/events.md): one writer per event type."""

from __future__ import annotations

from dataclasses import dataclass

from jornada.core.events import DomainEvent, event_publish
from jornada.shipping.models import Shipment


@dataclass(frozen=True, kw_only=True)
class ShipmentDispatched(DomainEvent):
    event_type = "shipping.ShipmentDispatched"
    order_id: int
    shipment_id: int
    carrier: str
    service: str
    tracking_code: str
    tracking_url: str
    promised_date: str | None
    label_document_id: int | None


@dataclass(frozen=True, kw_only=True)
class TrackingUpdated(DomainEvent):
    event_type = "shipping.TrackingUpdated"
    order_id: int
    shipment_id: int
    tracking_code: str
    status: str
    description: str
    location: str
    occurred_at: str


@dataclass(frozen=True, kw_only=True)
class ShipmentDelivered(DomainEvent):
    event_type = "shipping.ShipmentDelivered"
    order_id: int
    shipment_id: int
    tracking_code: str
    received_by: str
    delivered_at: str
    on_time: bool


@dataclass(frozen=True, kw_only=True)
class DeliveryLate(DomainEvent):
    event_type = "shipping.DeliveryLate"
    order_id: int
    shipment_id: int
    tracking_code: str
    promised_date: str | None


def _aggregate(shipment: Shipment) -> str:
    return f"order:{shipment.order_id}"


def shipment_dispatched_event(*, shipment: Shipment, tracking_url: str) -> None:
    service = shipment.service
    event_publish(
        ShipmentDispatched(
            order_id=shipment.order_id,
            shipment_id=shipment.pk,
            carrier=service.carrier.code,
            service=service.code,
            tracking_code=shipment.tracking_code,
            tracking_url=tracking_url,
            promised_date=shipment.promised_date.isoformat() if shipment.promised_date else None,
            label_document_id=shipment.label_document_id,
        ),
        aggregate=_aggregate(shipment),
    )


def tracking_updated_event(
    *, shipment: Shipment, status: str, description: str, location: str, occurred_at: str
) -> None:
    event_publish(
        TrackingUpdated(
            order_id=shipment.order_id,
            shipment_id=shipment.pk,
            tracking_code=shipment.tracking_code,
            status=status,
            description=description,
            location=location,
            occurred_at=occurred_at,
        ),
        aggregate=_aggregate(shipment),
    )


def shipment_delivered_event(
    *, shipment: Shipment, received_by: str, delivered_at: str, on_time: bool
) -> None:
    event_publish(
        ShipmentDelivered(
            order_id=shipment.order_id,
            shipment_id=shipment.pk,
            tracking_code=shipment.tracking_code,
            received_by=received_by,
            delivered_at=delivered_at,
            on_time=on_time,
        ),
        aggregate=_aggregate(shipment),
    )


def delivery_late_event(*, shipment: Shipment) -> None:
    event_publish(
        DeliveryLate(
            order_id=shipment.order_id,
            shipment_id=shipment.pk,
            tracking_code=shipment.tracking_code,
            promised_date=shipment.promised_date.isoformat() if shipment.promised_date else None,
        ),
        aggregate=_aggregate(shipment),
    )

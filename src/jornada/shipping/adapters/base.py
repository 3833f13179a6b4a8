"""The carrier adapter protocol: what Jornada asks of any carrier, real or sandbox."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class ShipmentRequest:
    """What a carrier needs to accept a package (plain values, no models)."""

    carrier_code: str
    carrier_kind: str
    service_code: str
    s10_prefix: str
    order_number: str
    recipient_name: str
    recipient_document: str
    recipient_cep: str
    recipient_uf: str
    weight_grams: int
    declared_value: str
    business_days: int
    dispatched_at: dt.datetime
    # What platforms that buy the label for us need besides (sandbox: unused).
    external_service: str = ""
    recipient_street: str = ""
    recipient_number: str = ""
    recipient_complement: str = ""
    recipient_district: str = ""
    recipient_city: str = ""
    recipient_email: str = ""
    recipient_phone: str = ""
    dimensions_mm: tuple[int, int, int] = (0, 0, 0)
    sender: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CarrierEvent:
    """One tracking event, already in Jornada's status set (``ShipmentStatus`` values)."""

    external_id: str
    status: str
    description: str
    occurred_at: dt.datetime
    location: str = ""
    received_by: str = ""
    receiver_document: str = ""
    raw: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CreatedShipment:
    tracking_code: str
    label_pdf: bytes | None = None  # None: Jornada renders its own label
    estimated_date: dt.date | None = None
    external_id: str = ""  # the carrier's own id of the shipment, when not the code


class CarrierAdapter(Protocol):
    def create_shipment(self, request: ShipmentRequest) -> CreatedShipment: ...

    def track(self, tracking_code: str, external_id: str = "") -> list[CarrierEvent]: ...

    def cancel(self, tracking_code: str, external_id: str = "") -> bool: ...

    def verify_webhook(self, *, secret: str, headers: dict[str, str], body: bytes) -> str | None:
        """The webhook's id when its signature is good, else None."""
        ...

    def parse_webhook(self, payload: dict[str, object]) -> tuple[str, list[CarrierEvent]]:
        """The tracking code and the events of one webhook body."""
        ...

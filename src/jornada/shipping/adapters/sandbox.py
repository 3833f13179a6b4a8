"""The sandbox carrier: the embedded default, behaving like a real one.

It hands out tracking codes (S10 for Correios-style services), and moves each parcel
through realistic events over time: posted, in transit, out for delivery, delivered,
with a share of late deliveries, failed attempts, returns to sender and losses. Each
event is a timer; when it is due, the sandbox posts it to Jornada as a signed webhook,
exactly as a carrier platform would. ``track`` answers polling with the events due so far.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from jornada.brazil.business_days import SAO_PAULO, business_days_add
from jornada.brazil.tracking import s10_build
from jornada.shipping.adapters.base import CarrierEvent, CreatedShipment, ShipmentRequest
from jornada.shipping.models import CarrierKind, SandboxParcel, TrackingSerial
from jornada.shipping.webhooks import webhook_verify

PUSH_JOB = "shipping.sandbox_push"

ON_TIME, LATE, FAILED_ATTEMPT, RETURNED, LOST = (
    "on_time",
    "late",
    "failed_attempt",
    "returned",
    "lost",
)
PICKUP = "pickup"


def scenario_for(tracking_code: str) -> str:
    """A stable draw per parcel, with the shares set in settings."""
    digest = hashlib.sha256(tracking_code.encode()).digest()
    draw = int.from_bytes(digest[:8], "big") / 2**64
    edges = (
        (settings.SHIPPING_SANDBOX_LATE_SHARE, LATE),
        (settings.SHIPPING_SANDBOX_FAILED_SHARE, FAILED_ATTEMPT),
        (settings.SHIPPING_SANDBOX_RETURNED_SHARE, RETURNED),
        (settings.SHIPPING_SANDBOX_LOST_SHARE, LOST),
    )
    edge = 0.0
    for share, name in edges:
        edge += share
        if draw < edge:
            return name
    return ON_TIME


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SAO_PAULO)


def sandbox_plan(
    *, scenario: str, dispatched_at: dt.datetime, business_days: int, uf: str, recipient: str
) -> list[dict[str, Any]]:
    """The events a parcel will go through (pure; times in the store's zone)."""
    days = max(business_days, 1)
    posted = dispatched_at + dt.timedelta(hours=3)
    transit = _at(business_days_add(dispatched_at, 1), 9)
    events: list[tuple[dt.datetime, str, str, str, str]] = []
    if scenario == PICKUP:
        return [
            _event(
                dispatched_at + dt.timedelta(hours=1),
                "ready_for_pickup",
                "Pedido pronto para retirada na loja",
                "Loja",
                "",
            )
        ]
    events.append((posted, "posted", "Objeto postado", "Agência de origem", ""))
    events.append((transit, "in_transit", "Objeto em trânsito", "Centro de distribuição", ""))
    if scenario == LOST:
        lost = _at(business_days_add(dispatched_at, days + 10), 10)
        events.append((lost, "lost", "Objeto extraviado", "Centro de distribuição", ""))
        return [_event(*e) for e in events]
    delivery_day = business_days_add(dispatched_at, days + (2 if scenario == LATE else 0), uf=uf)
    if delivery_day <= transit.date():
        delivery_day = business_days_add(transit, 1, uf=uf)
    out = _at(delivery_day, 8)
    events.append(
        (out, "out_for_delivery", "Objeto saiu para entrega", f"Unidade de entrega {uf}", "")
    )
    if scenario in (FAILED_ATTEMPT, RETURNED):
        events.append(
            (
                _at(delivery_day, 14),
                "failed_attempt",
                "Entrega não realizada: destinatário ausente",
                f"Unidade de entrega {uf}",
                "",
            )
        )
        second = business_days_add(delivery_day, 1, uf=uf)
        if scenario == RETURNED:
            events.append(
                (
                    _at(second, 14),
                    "failed_attempt",
                    "Entrega não realizada: destinatário ausente",
                    f"Unidade de entrega {uf}",
                    "",
                )
            )
            back = business_days_add(second, 3, uf=uf)
            events.append(
                (
                    _at(back, 10),
                    "returned",
                    "Objeto devolvido ao remetente",
                    "Agência de origem",
                    "",
                )
            )
            return [_event(*e) for e in events]
        events.append(
            (
                _at(second, 8),
                "out_for_delivery",
                "Objeto saiu para entrega",
                f"Unidade de entrega {uf}",
                "",
            )
        )
        delivery_day = second
    events.append(
        (
            _at(delivery_day, 13, 30),
            "delivered",
            "Objeto entregue ao destinatário",
            f"Unidade de entrega {uf}",
            recipient,
        )
    )
    return [_event(*e) for e in events]


def _event(
    at: dt.datetime, status: str, description: str, location: str, received_by: str
) -> dict[str, Any]:
    return {
        "status": status,
        "description": description,
        "location": location,
        "occurred_at": at.isoformat(),
        "received_by": received_by,
    }


def _next_serial(prefix: str) -> int:
    table = TrackingSerial._meta.db_table
    TrackingSerial.objects.get_or_create(prefix=prefix)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_value = last_value + 1 WHERE prefix = %s RETURNING last_value",  # noqa: S608
            [prefix],
        )
        row = cursor.fetchone()
    assert row is not None
    return int(row[0])


class SandboxCarrier:
    """Stateful in the database (``SandboxParcel``, timers), so it survives restarts."""

    def create_shipment(self, request: ShipmentRequest) -> CreatedShipment:
        from jornada.core.scheduler import timer_schedule

        if request.carrier_kind == CarrierKind.CORREIOS:
            prefix = (request.s10_prefix or "SB").upper()
            code = s10_build(prefix, _next_serial(prefix))
        else:
            prefix = request.carrier_code[:2].upper()
            code = f"{request.carrier_code[:3].upper()}{_next_serial(prefix):010d}"
        scenario = PICKUP if request.carrier_kind == CarrierKind.PICKUP else scenario_for(code)
        plan = sandbox_plan(
            scenario=scenario,
            dispatched_at=request.dispatched_at,
            business_days=request.business_days,
            uf=request.recipient_uf,
            recipient=request.recipient_name,
        )
        for index, event in enumerate(plan):
            event["id"] = f"{code}-{index + 1}"
        SandboxParcel.objects.create(
            tracking_code=code, carrier_code=request.carrier_code, scenario=scenario, plan=plan
        )
        for index, event in enumerate(plan):
            timer_schedule(
                job=PUSH_JOB,
                due_at=dt.datetime.fromisoformat(event["occurred_at"]),
                key=f"{PUSH_JOB}:{code}:{index}",
                payload={"tracking_code": code, "index": index},
            )
        estimated = None
        delivered = [e for e in plan if e["status"] == "delivered"]
        if delivered and scenario != LATE:
            estimated = dt.datetime.fromisoformat(delivered[-1]["occurred_at"]).date()
        return CreatedShipment(tracking_code=code, estimated_date=estimated)

    def track(self, tracking_code: str, external_id: str = "") -> list[CarrierEvent]:
        parcel = SandboxParcel.objects.filter(tracking_code=tracking_code).first()
        if parcel is None or parcel.cancelled:
            return []
        now = timezone.now()
        return [
            carrier_event(event)
            for event in parcel.plan
            if dt.datetime.fromisoformat(event["occurred_at"]) <= now
        ]

    def cancel(self, tracking_code: str, external_id: str = "") -> bool:
        from jornada.core.scheduler import timer_cancel

        parcel = SandboxParcel.objects.filter(tracking_code=tracking_code).first()
        if parcel is None or parcel.cancelled:
            return False
        posted = [e for e in self.track(tracking_code) if e.status != "ready_for_pickup"]
        if posted:
            return False  # already in the carrier's hands
        parcel.cancelled = True
        parcel.save(update_fields=["cancelled"])
        for index in range(len(parcel.plan)):
            timer_cancel(key=f"{PUSH_JOB}:{tracking_code}:{index}")
        return True

    def verify_webhook(self, *, secret: str, headers: dict[str, str], body: bytes) -> str | None:
        """Standard Webhooks, as the sandbox signs them."""
        return (
            headers.get("webhook-id")
            if webhook_verify(secret=secret, headers=headers, body=body)
            else None
        )

    def parse_webhook(self, payload: dict[str, Any]) -> tuple[str, list[CarrierEvent]]:
        code = str(payload.get("tracking_code", ""))
        events = payload.get("events") or []
        if not code or not isinstance(events, list):
            raise ValueError("a sandbox webhook has tracking_code and events")
        return code, [carrier_event(e) for e in events]


def carrier_event(event: dict[str, Any]) -> CarrierEvent:
    return CarrierEvent(
        external_id=str(event["id"]),
        status=str(event["status"]),
        description=str(event.get("description", "")),
        location=str(event.get("location", "")),
        occurred_at=dt.datetime.fromisoformat(str(event["occurred_at"])),
        received_by=str(event.get("received_by", "")),
        receiver_document=str(event.get("receiver_document", "")),
        raw=dict(event),
    )

"""Timer jobs of shipping (named in ``jornada.wiring``)."""

from __future__ import annotations

import json
from typing import Any

from jornada.shipping.models import Carrier, SandboxParcel, Shipment
from jornada.shipping.shipments import carrier_secret, shipment_poll, webhook_receive
from jornada.shipping.sla import shipments_sla_check
from jornada.shipping.states import OPEN
from jornada.shipping.webhooks import webhook_headers


def sandbox_push(payload: dict[str, Any]) -> None:
    """The sandbox carrier posts one due event to Jornada as a signed webhook."""
    parcel = SandboxParcel.objects.filter(tracking_code=payload["tracking_code"]).first()
    if parcel is None or parcel.cancelled:
        return
    event = parcel.plan[int(payload["index"])]
    carrier = Carrier.objects.get(code=parcel.carrier_code)
    body = json.dumps({"tracking_code": parcel.tracking_code, "events": [event]}).encode()
    headers = webhook_headers(
        secret=carrier_secret(carrier), webhook_id=f"sandbox-{event['id']}", body=body
    )
    webhook_receive(carrier_code=carrier.code, headers=headers, body=body)


def sla_check(payload: dict[str, Any]) -> None:
    shipments_sla_check()


def tracking_poll(payload: dict[str, Any]) -> None:
    """Catch up open shipments whose carrier pushes nothing (or missed a webhook)."""
    limit = int(payload.get("limit", 200))
    ids = (
        Shipment.objects.filter(status__in=list(OPEN))
        .order_by("last_event_at")
        .values_list("id", flat=True)[:limit]
    )
    for shipment_id in ids:
        shipment_poll(shipment_id=shipment_id)

"""The pickup: the carrier's driver signs the day's manifest and takes its parcels.

A shipment is made (tracking code and label) when its packages are packed, and that is
when the order is shipped and the customer told (``ShipmentDispatched``). What the
carrier has not seen yet is the parcel itself: at pickup, every shipment of the manifest
still at "label created" becomes "posted". The move is recorded like a carrier's event,
through ``tracking_apply``: one ``TrackingEvent`` per shipment (its id says it came from
the hand-off, so a repeat is harmless), ``TrackingUpdated`` published, and a later
"posted" from the carrier kept in the history without changing anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jornada.core.errors import Conflict, DomainError
from jornada.shipping.adapters.base import CarrierEvent
from jornada.shipping.models import Carrier, CarrierKind, Manifest, Shipment
from jornada.shipping.shipments import tracking_apply
from jornada.shipping.sla import carrier_by_code
from jornada.shipping.states import ShipmentStatus


@dataclass(frozen=True, slots=True)
class HandOff:
    manifest: Manifest
    #: tracking codes handed to the carrier by this call (empty: all were already)
    posted: list[str]
    #: the carrier's shipments of the day made after the manifest (not handed over)
    not_on_manifest: int


def handoff_carrier(carrier_code: str) -> Carrier:
    """The carrier named, refused when unknown or when it is the store's own pickup."""
    carrier = carrier_by_code(carrier_code)
    if carrier.kind == CarrierKind.PICKUP:
        raise DomainError(
            _("Store pickup has no carrier to hand parcels to."),
            code="carrier_invalid",
            fields={"carrier": [_("Store pickup has no manifest.")]},
        )
    return carrier


def _day(date: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(date, dt.time.min, tzinfo=timezone.get_current_timezone())
    return start, start + dt.timedelta(days=1)


def shipments_off_manifest(*, carrier: Carrier, date: dt.date) -> int:
    """The carrier's shipments made on ``date`` that no manifest lists yet."""
    start, end = _day(date)
    return (
        Shipment.objects.filter(
            service__carrier=carrier,
            manifest__isnull=True,
            created_at__gte=start,
            created_at__lt=end,
        )
        .exclude(status=ShipmentStatus.CANCELLED)
        .count()
    )


def manifest_hand_off(
    *, carrier_code: str, date: dt.date, handed_by: str, now: dt.datetime | None = None
) -> HandOff:
    """Record the carrier's pickup of the manifest of ``date``: its shipments still at
    "label created" become "posted" (see the module docstring). A second call finds
    nothing left to hand over and changes nothing.

    Refused (``Conflict``, nothing written) when the day's manifest was not made yet:
    the driver signs the manifest, so there is no pickup without one.
    """
    now = now or timezone.now()
    carrier = handoff_carrier(carrier_code)
    with transaction.atomic():
        query = Manifest.objects.filter(carrier=carrier, date=date)
        if connection.features.has_select_for_update:
            # Two hand-offs at once: the second waits and then finds nothing left.
            query = query.select_for_update()
        manifest = query.first()
        if manifest is None:
            raise Conflict(
                _("Generate the manifest first: the driver signs it at pickup."),
                code="manifest_missing",
                fields={"manifest": [_("Not generated yet.")]},
            )
        waiting = list(
            manifest.shipments.filter(status=ShipmentStatus.CREATED).order_by("tracking_code")
        )
        posted: list[str] = []
        description = _("Handed to %(carrier)s at pickup") % {"carrier": carrier.name}
        for shipment in waiting:
            moved = tracking_apply(
                shipment_id=shipment.pk,
                carrier_events=[
                    CarrierEvent(
                        external_id=f"handoff-{shipment.pk}",
                        status=ShipmentStatus.POSTED,
                        description=description,
                        occurred_at=now,
                        raw={"manifest": manifest.pk, "handed_by": handed_by},
                    )
                ],
                now=now,
            )
            if moved.status == ShipmentStatus.POSTED:
                posted.append(moved.tracking_code)
    return HandOff(
        manifest=manifest,
        posted=posted,
        not_on_manifest=shipments_off_manifest(carrier=carrier, date=date),
    )

"""The SLA watch and the daily manifests.

``shipments_sla_check`` runs on the scheduler: a shipment past its promised date is
late (``DeliveryLate``, once), one without movement for too long or whose carrier
estimate is past the promise is at risk. Staff see both lists (``selectors``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jornada.brazil.business_days import local_date
from jornada.brazil.cep import cep_format
from jornada.core.documents import document_store
from jornada.core.errors import DomainError
from jornada.core.store import store_profile
from jornada.shipping import events
from jornada.shipping.labels import ManifestLine, manifest_pdf
from jornada.shipping.models import Carrier, Manifest, Shipment
from jornada.shipping.states import OPEN, ShipmentStatus


@dataclass(frozen=True, slots=True)
class SlaOutcome:
    late: int
    at_risk: int


def shipments_sla_check(*, now: dt.datetime | None = None) -> SlaOutcome:
    now = now or timezone.now()
    today = local_date(now)
    stale = now - dt.timedelta(hours=settings.SHIPPING_AT_RISK_HOURS)
    late = at_risk = 0
    with transaction.atomic():
        overdue = Shipment.objects.filter(
            status__in=list(OPEN), promised_date__lt=today, late=False
        ).select_for_update()
        for shipment in overdue:
            shipment.late = True
            shipment.save(update_fields=["late"])
            events.delivery_late_event(shipment=shipment)
            late += 1
        candidates = Shipment.objects.filter(status__in=list(OPEN), at_risk=False).exclude(
            status=ShipmentStatus.READY_FOR_PICKUP
        )
        for shipment in candidates:
            quiet = shipment.last_event_at is not None and shipment.last_event_at < stale
            beyond = (
                shipment.estimated_date is not None
                and shipment.promised_date is not None
                and shipment.estimated_date > shipment.promised_date
            )
            if quiet or beyond:
                Shipment.objects.filter(pk=shipment.pk).update(at_risk=True)
                at_risk += 1
    return SlaOutcome(late=late, at_risk=at_risk)


def carrier_by_code(carrier_code: str) -> Carrier:
    """The carrier with this code, or a clear error naming the field."""
    carrier = Carrier.objects.filter(code=carrier_code).first()
    if carrier is None:
        raise DomainError(
            _("Unknown carrier."),
            code="carrier_invalid",
            fields={"carrier": [_("Unknown carrier.")]},
        )
    return carrier


def manifest_create(*, carrier_code: str, date: dt.date) -> Manifest:
    """The carrier's hand-off list for ``date``: every shipment created that day and not
    yet on a manifest. A second call the same day adds the later shipments."""
    carrier = carrier_by_code(carrier_code)
    with transaction.atomic():
        manifest, _created = Manifest.objects.get_or_create(carrier=carrier, date=date)
        start = dt.datetime.combine(date, dt.time.min, tzinfo=timezone.get_current_timezone())
        Shipment.objects.filter(
            service__carrier=carrier,
            manifest__isnull=True,
            created_at__gte=start,
            created_at__lt=start + dt.timedelta(days=1),
        ).exclude(status=ShipmentStatus.CANCELLED).update(manifest=manifest)
        shipments = list(
            manifest.shipments.select_related("order", "service").order_by("tracking_code")
        )
        lines = [
            ManifestLine(
                tracking_code=s.tracking_code,
                order_number=s.order.number,
                recipient=s.order.recipient_name,
                cep=cep_format(s.order.ship_cep),
                weight_grams=s.weight_grams,
                service=s.service.name,
            )
            for s in shipments
        ]
        content = manifest_pdf(
            store=store_profile().name,
            carrier=carrier.name,
            date=date.strftime("%d/%m/%Y"),
            lines=lines,
        )
        document = document_store(
            kind="shipping_manifest",
            filename=f"manifesto-{carrier.code}-{date.isoformat()}.pdf",
            content=content,
            reference=f"{carrier.code}:{date.isoformat()}",
        )
        manifest.document_id = document.pk
        manifest.save(update_fields=["document_id"])
    return manifest

"""The shipping page: today's shipments per carrier, manifests, late and at-risk lists."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jornada.backoffice.access import capability_required
from jornada.brazil.business_days import local_date
from jornada.shipping import selectors as shipping_selectors
from jornada.shipping.models import Manifest, Shipment

LIST_LIMIT = 200


@require_GET
@capability_required("shipping.view")
def shipping_today(request: HttpRequest) -> HttpResponse:
    today = local_date(timezone.now())
    shipments = (
        Shipment.objects.filter(created_at__date=today)
        .select_related("service__carrier", "order")
        .order_by("service__carrier__name", "id")[:LIST_LIMIT]
    )
    carriers: dict[str, dict[str, Any]] = {}
    for shipment in shipments:
        carrier = shipment.service.carrier
        group = carriers.setdefault(
            carrier.code, {"name": carrier.name, "shipments": [], "manifest": None}
        )
        group["shipments"].append(shipment)
    for manifest in Manifest.objects.filter(date=today).select_related("carrier"):
        group = carriers.setdefault(
            manifest.carrier.code,
            {"name": manifest.carrier.name, "shipments": [], "manifest": None},
        )
        group["manifest"] = manifest
    context = {
        "today": today,
        "carriers": list(carriers.values()),
        "late": list(shipping_selectors.shipments_late()[:LIST_LIMIT]),
        "at_risk": list(shipping_selectors.shipments_at_risk()[:LIST_LIMIT]),
        "unshipped": shipping_selectors.orders_at_risk_before_shipping(today=today)[:LIST_LIMIT],
    }
    return render(request, "backoffice/shipping/today.html", context)

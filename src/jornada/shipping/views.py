"""The public tracking page, reachable from the customer's messages (``/rastreio/<code>``).

Shows the status, the history and the promised date; no name, document or street.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jornada.core.store import store_profile
from jornada.shipping import selectors
from jornada.shipping.states import ShipmentStatus


@require_GET
def tracking_page(request: HttpRequest, code: str) -> HttpResponse:
    shipment = selectors.shipment_by_code(code)
    if shipment is None:
        raise Http404
    history = [
        {
            "label": ShipmentStatus(e.status).label,
            "description": e.description,
            "location": e.location,
            "at": e.occurred_at,
        }
        for e in selectors.tracking_history(shipment)
        if e.applied
    ]
    return render(
        request,
        "shipping/tracking.html",
        {
            "store": store_profile(),
            "code": shipment.tracking_code,
            "carrier": shipment.service.carrier.name,
            "service": shipment.service.name,
            "status": ShipmentStatus(shipment.status).label,
            "delivered": shipment.status == ShipmentStatus.DELIVERED,
            "promised_date": shipment.promised_date,
            "city": f"{shipment.order.ship_cidade}/{shipment.order.ship_uf}",
            "history": list(reversed(history)),
        },
    )

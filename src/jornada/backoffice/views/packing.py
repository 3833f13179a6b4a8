"""The packing station: find an order by its number, open its packages, scan every unit,
close them (packing slip) and hand them to the carrier (label).

A barcode scanner is a keyboard that types and presses Enter, so every step is a form
with one focused field or button. With htmx a scan swaps only the package's block (the
scan field stays put and keeps the focus); without JavaScript every form posts and comes
back to the station.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jornada.backoffice import packing
from jornada.backoffice.access import capability_required
from jornada.backoffice.views.common import client_ip
from jornada.core.errors import DomainError
from jornada.orders.models import Order

CODE_MAX = 64


def _error_text(error: DomainError) -> str:
    details = [str(m) for values in (error.fields or {}).values() for m in values]
    return " ".join([str(error.message), *details])


def _lookup_page(
    request: HttpRequest, *, typed: str = "", error: str = "", status: int = 200
) -> HttpResponse:
    context = {"typed": typed, "error": error, "waiting": packing.orders_to_pack()}
    return render(request, "backoffice/packing/lookup.html", context, status=status)


@require_GET
@capability_required("packing.use")
def packing_lookup(request: HttpRequest) -> HttpResponse:
    """The station's first screen: scan or type an order number."""
    if "order" not in request.GET:
        return _lookup_page(request)
    number = packing.order_number_clean(request.GET.get("order", ""))
    if not number:
        return _lookup_page(request, error=_("Scan or type an order number."), status=422)
    order = Order.objects.filter(number=number).first()
    if order is None:
        return _lookup_page(
            request,
            typed=number,
            error=_("No order has the number %(number)s.") % {"number": number},
            status=404,
        )
    refusal = packing.station_refusal(order)
    if refusal:
        return _lookup_page(request, typed=number, error=refusal, status=409)
    return redirect("backoffice:packing_station", number=order.number)


def _order_or_404(number: str) -> Order:
    order = Order.objects.filter(number=packing.order_number_clean(number)).first()
    if order is None:
        raise Http404(_("Order not found."))
    return order


def _context(
    station: packing.Station, *, message: str = "", error: str = "", field: str = ""
) -> dict[str, Any]:
    return {
        "station": station,
        "order": station.order,
        "message": message or error,
        "error": error,
        "error_field": field,
    }


@require_GET
@capability_required("packing.use")
def packing_station(request: HttpRequest, number: str) -> HttpResponse:
    """One order at the station. An order not ready that was never packed here goes back
    to the first screen with the reason; one packed earlier shows its documents."""
    order = _order_or_404(number)
    station = packing.station_for(order)
    if station.refusal and station.fulfillment is None:
        return _lookup_page(request, typed=order.number, error=station.refusal, status=409)
    return render(request, "backoffice/packing/station.html", _context(station))


def _answer(
    request: HttpRequest,
    order: Order,
    *,
    template: str,
    message: str = "",
    error: DomainError | None = None,
    field: str = "",
) -> HttpResponse:
    """htmx: the station's block (or the package's block) with the message announced;
    without JavaScript: back to the station with the message."""
    error_text = _error_text(error) if error is not None else ""
    if request.htmx:  # type: ignore[attr-defined]
        station = packing.station_for(Order.objects.get(pk=order.pk))
        status = error.status if error is not None else 200
        context = _context(station, message=message, error=error_text, field=field)
        context["standalone"] = template == PACKAGE
        return render(request, template, context, status=status)
    if error is not None:
        messages.error(request, error_text)
    else:
        messages.success(request, message)
    return redirect("backoffice:packing_station", number=order.number)


STATION = "backoffice/packing/station_live.html"
PACKAGE = "backoffice/packing/package_live.html"


@require_POST
@capability_required("packing.use")
def packing_open(request: HttpRequest, number: str) -> HttpResponse:
    order = _order_or_404(number)
    box = request.POST.get("box", "").strip()[:40]
    try:
        opened = packing.packing_open_by_staff(
            order=order, user=request.user, box_code=box, ip_address=client_ip(request)
        )
    except DomainError as error:
        return _answer(request, order, template=STATION, error=error, field="box")
    message = (
        _("Package opened: scan each item.")
        if len(opened) == 1
        else _("%(count)d packages opened: scan the items of the first one.")
        % {"count": len(opened)}
    )
    return _answer(request, order, template=STATION, message=message)


@require_POST
@capability_required("packing.use")
def packing_scan(request: HttpRequest, number: str, package_id: int) -> HttpResponse:
    order = _order_or_404(number)
    code = request.POST.get("code", "").strip()[:CODE_MAX]
    if not code:
        error = DomainError(
            _("Scan or type the item's barcode or SKU."), fields={"code": [_("Required.")]}
        )
        return _answer(request, order, template=PACKAGE, error=error, field="code")
    try:
        item = packing.package_scan_at_station(order=order, package_id=package_id, code=code)
    except DomainError as error:
        return _answer(request, order, template=PACKAGE, error=error, field="code")
    message = _("%(sku)s (%(name)s): %(scanned)d of %(quantity)d scanned.") % {
        "sku": item.sku,
        "name": item.product_name,
        "scanned": item.scanned,
        "quantity": item.quantity,
    }
    return _answer(request, order, template=PACKAGE, message=message)


def _weight(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise DomainError(
            _("The weight is not valid."),
            fields={"weight_grams": [_("Write the weight in whole grams, or leave it empty.")]},
        )
    return int(text)


@require_POST
@capability_required("packing.use")
def packing_close(request: HttpRequest, number: str, package_id: int) -> HttpResponse:
    order = _order_or_404(number)
    try:
        closed = packing.package_close_by_staff(
            order=order,
            package_id=package_id,
            user=request.user,
            weight_grams=_weight(request.POST.get("weight_grams", "")[:12]),
            ip_address=client_ip(request),
        )
    except DomainError as error:
        return _answer(request, order, template=STATION, error=error, field="weight_grams")
    message = _("Package %(number)d closed: print its packing slip.") % {"number": closed.number}
    return _answer(request, order, template=STATION, message=message)


@require_POST
@capability_required("packing.use")
def packing_ship(request: HttpRequest, number: str) -> HttpResponse:
    order = _order_or_404(number)
    try:
        shipment = packing.shipment_create_by_staff(
            order=order, user=request.user, ip_address=client_ip(request)
        )
    except DomainError as error:
        return _answer(request, order, template=STATION, error=error)
    message = _("Handed to %(carrier)s, tracking code %(code)s: print the label.") % {
        "carrier": shipment.service.carrier.name,
        "code": shipment.tracking_code,
    }
    return _answer(request, order, template=STATION, message=message)

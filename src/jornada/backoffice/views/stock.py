"""The stock page: levels per location, a count adjustment, purchase orders."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jornada.backoffice.access import allowed, capability_required
from jornada.backoffice.services import stock_adjust_by_staff
from jornada.backoffice.views.common import client_ip
from jornada.core.errors import DomainError
from jornada.inventory import selectors as inventory_selectors
from jornada.inventory.models import Location, PurchaseOrder

PURCHASE_ORDERS_SHOWN = 50


@require_GET
@capability_required("stock.view")
def stock_page(request: HttpRequest) -> HttpResponse:
    sku = request.GET.get("sku", "").strip().upper()[:64]
    location = request.GET.get("location", "")[:40]
    context = {
        "sku": sku,
        "location": location,
        "locations": list(Location.objects.filter(is_active=True).order_by("priority", "code")),
        "levels": inventory_selectors.levels_list(sku=sku, location_code=location),
        "purchase_orders": list(
            PurchaseOrder.objects.select_related("supplier", "location").order_by("-id")[
                :PURCHASE_ORDERS_SHOWN
            ]
        ),
        "can_adjust": allowed(request.user, "stock.adjust"),
    }
    return render(request, "backoffice/stock/stock.html", context)


@require_POST
@capability_required("stock.adjust")
def stock_adjust(request: HttpRequest) -> HttpResponse:
    post = request.POST
    try:
        delta = int(post.get("delta", "").strip())
    except ValueError:
        delta = 0
    try:
        level = stock_adjust_by_staff(
            location_code=post.get("location", ""),
            sku=post.get("sku", ""),
            delta=delta,
            reason=post.get("reason", ""),
            user=request.user,
            ip_address=client_ip(request),
        )
    except DomainError as error:
        details = [str(m) for found in (error.fields or {}).values() for m in found]
        messages.error(request, " ".join([str(error.message), *details]))
    else:
        messages.success(
            request,
            _("%(sku)s at %(location)s: %(on_hand)s on hand.")
            % {"sku": level.sku, "location": level.location.code, "on_hand": level.on_hand},
        )
    return redirect("backoffice:stock")

"""A purchase order's page on the stock section: its lines and what was received, and its
life (send and the supplier's confirmation by finance, receiving by the warehouse)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from jornada.backoffice.access import allowed, capability_required
from jornada.backoffice.logistics import (
    purchase_order_confirm_by_staff,
    purchase_order_receive_by_staff,
    purchase_order_send_by_staff,
)
from jornada.backoffice.views.common import client_ip
from jornada.core.errors import DomainError
from jornada.inventory.models import PurchaseOrder, PurchaseOrderStatus

RECEIVED_PREFIX = "received."
RECEIVABLE = (PurchaseOrderStatus.SENT, PurchaseOrderStatus.CONFIRMED, PurchaseOrderStatus.SHIPPED)


def _purchase_order_or_404(purchase_order_id: int) -> PurchaseOrder:
    found = (
        PurchaseOrder.objects.select_related("supplier", "location")
        .filter(pk=purchase_order_id)
        .first()
    )
    if found is None:
        raise Http404(_("Purchase order not found."))
    return found


def _live_context(
    request: HttpRequest,
    purchase_order: PurchaseOrder,
    *,
    field_errors: Mapping[str, list[Any]] | None = None,
    values: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The live block's context; after a refused form, each field keeps what was typed
    and shows its own error."""
    lines = list(purchase_order.lines.order_by("sku"))
    field_errors = field_errors or {}
    values = values or {}
    rows: list[dict[str, Any]] = []
    for line in lines:
        field = f"{RECEIVED_PREFIX}{line.sku}"
        left = line.quantity - line.quantity_received
        rows.append(
            {
                "line": line,
                "left": left,
                "field": field,
                "value": values.get(field, str(left))[:10],
                "errors": [str(m) for m in field_errors.get(field, [])],
                "subtotal": line.unit_cost * line.quantity,
            }
        )
    status = purchase_order.status
    user = request.user
    return {
        "po": purchase_order,
        "expected_value": values.get("expected_date", "")[:20],
        "expected_errors": [str(m) for m in field_errors.get("expected_date", [])],
        "received_errors": [str(m) for m in field_errors.get("received", [])],
        "rows": rows,
        "total": sum((line.unit_cost * line.quantity for line in lines), Decimal("0.00")),
        "received_so_far": sum(line.quantity_received for line in lines),
        "can_send": allowed(user, "purchase_orders.send") and status == PurchaseOrderStatus.DRAFT,
        "can_confirm": allowed(user, "purchase_orders.confirm")
        and status == PurchaseOrderStatus.SENT,
        "can_receive": allowed(user, "purchase_orders.receive")
        and status in RECEIVABLE
        and not purchase_order.dropship,
    }


@require_GET
@capability_required("stock.view")
def purchase_order_detail(request: HttpRequest, purchase_order_id: int) -> HttpResponse:
    purchase_order = _purchase_order_or_404(purchase_order_id)
    return render(
        request,
        "backoffice/stock/purchase_order.html",
        _live_context(request, purchase_order),
    )


def _answer(
    request: HttpRequest,
    purchase_order_id: int,
    *,
    message: str = "",
    error: DomainError | None = None,
    values: Mapping[str, str] | None = None,
) -> HttpResponse:
    """htmx: the order's live block (status, actions, lines) and the message in the live
    region; without JavaScript: back to the page with the message."""
    if error is not None:
        details = [
            f"{field}: {message_}" if field.startswith(RECEIVED_PREFIX) else str(message_)
            for field, found in (error.fields or {}).items()
            for message_ in found
        ]
        message = " ".join([str(error.message), *details])
    if request.htmx:  # type: ignore[attr-defined]
        purchase_order = _purchase_order_or_404(purchase_order_id)
        context = _live_context(
            request,
            purchase_order,
            field_errors=dict(error.fields or {}) if error is not None else None,
            # After a change by someone else the fields start again from what is left.
            values=values if error is not None and error.code != "purchase_order_changed" else None,
        )
        context.update({"message": message, "error": error is not None})
        status = error.status if error is not None else 200
        return render(request, "backoffice/stock/purchase_order_live.html", context, status=status)
    if error is not None:
        messages.error(request, message)
    else:
        messages.success(request, message)
    return redirect("backoffice:purchase_order", purchase_order_id=purchase_order_id)


@require_POST
@capability_required("purchase_orders.send")
def purchase_order_send(request: HttpRequest, purchase_order_id: int) -> HttpResponse:
    _purchase_order_or_404(purchase_order_id)
    try:
        sent = purchase_order_send_by_staff(
            purchase_order_id=purchase_order_id, user=request.user, ip_address=client_ip(request)
        )
    except DomainError as error:
        return _answer(request, purchase_order_id, error=error)
    text = _("%(number)s sent to %(supplier)s.") % {
        "number": sent.number,
        "supplier": sent.supplier.name,
    }
    return _answer(request, purchase_order_id, message=text)


def parse_date(text: str) -> dt.date | None:
    """``2026-12-01`` (the date field) or ``01/12/2026`` (typed); empty is None."""
    text = text.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise DomainError(
        _("The expected date is not a date."),
        code="expected_date_invalid",
        fields={"expected_date": [_("Write a date like 31/12/2026.")]},
    )


@require_POST
@capability_required("purchase_orders.confirm")
def purchase_order_confirm(request: HttpRequest, purchase_order_id: int) -> HttpResponse:
    _purchase_order_or_404(purchase_order_id)
    try:
        confirmed = purchase_order_confirm_by_staff(
            purchase_order_id=purchase_order_id,
            expected=parse_date(request.POST.get("expected_date", "")[:20]),
            user=request.user,
            ip_address=client_ip(request),
        )
    except DomainError as error:
        return _answer(request, purchase_order_id, error=error, values=request.POST)
    return _answer(
        request,
        purchase_order_id,
        message=_("%(number)s confirmed by the supplier.") % {"number": confirmed.number},
    )


def parse_received(post: Mapping[str, str]) -> tuple[dict[str, int], int | None]:
    """The units typed per SKU (``received.<SKU>``; empty is 0) and the units the form
    showed as received before. Anything but a whole number is refused, naming the field."""
    counts: dict[str, int] = {}
    errors: dict[str, list[Any]] = {}
    for key, value in post.items():
        if not key.startswith(RECEIVED_PREFIX):
            continue
        text = value.strip()
        try:
            counts[key.removeprefix(RECEIVED_PREFIX)] = int(text) if text else 0
        except ValueError:
            errors[key] = [_("Write a whole number.")]
    before_text = post.get("received_before", "").strip()
    before: int | None = None
    if before_text:
        try:
            before = int(before_text)
        except ValueError:
            errors["received_before"] = [_("Write a whole number.")]
    if errors:
        raise DomainError(_("Check the quantities received."), fields=errors)
    return counts, before


@require_POST
@capability_required("purchase_orders.receive")
def purchase_order_receive(request: HttpRequest, purchase_order_id: int) -> HttpResponse:
    _purchase_order_or_404(purchase_order_id)
    try:
        counts, before = parse_received(request.POST)
        received = purchase_order_receive_by_staff(
            purchase_order_id=purchase_order_id,
            received=counts,
            received_before=before,
            user=request.user,
            ip_address=client_ip(request),
        )
    except DomainError as error:
        return _answer(request, purchase_order_id, error=error, values=request.POST)
    if received.status == PurchaseOrderStatus.RECEIVED:
        text = _("%(number)s received in full; the units are in stock.") % {
            "number": received.number
        }
    else:
        units = sum(counts.values())
        text = ngettext(
            "Received %(units)d unit of %(number)s; the rest is still expected.",
            "Received %(units)d units of %(number)s; the rest is still expected.",
            units,
        ) % {"units": units, "number": received.number}
    return _answer(request, purchase_order_id, message=text)

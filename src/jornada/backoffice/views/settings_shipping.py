"""Owner settings: carriers with their services and rate tables, and the store's boxes."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jornada.backoffice.access import capability_required
from jornada.backoffice.settings_forms import BoxForm, RatesImportForm
from jornada.backoffice.settings_services import (
    box_add_by_staff,
    box_change_by_staff,
    box_switch_by_staff,
    carrier_service_switch_by_staff,
    rates_import_by_staff,
)
from jornada.backoffice.views.common import client_ip, switch_answer
from jornada.core.errors import DomainError
from jornada.fulfillment.boxes import boxes_list
from jornada.fulfillment.models import Box
from jornada.shipping.carriers import carrier_services

#: rate-table errors shown at most (a wholly wrong file would list thousands)
RATE_ERRORS_SHOWN = 50
_ROW_ERROR = re.compile(r"^rows\.(\d+)\.(\w+)$")


def _service_choices(services: list[Any]) -> list[tuple[str, str]]:
    return [(s.code, f"{s.carrier.name} · {s.name}") for s in services]


def _carriers_page(
    request: HttpRequest,
    *,
    form: RatesImportForm | None = None,
    rate_errors: list[dict[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    services = carrier_services()
    context = {
        "services": services,
        "form": form or RatesImportForm(services=_service_choices(services)),
        "rate_errors": (rate_errors or [])[:RATE_ERRORS_SHOWN],
        "rate_errors_more": max(0, len(rate_errors or []) - RATE_ERRORS_SHOWN),
    }
    return render(request, "backoffice/settings/carriers.html", context, status=status)


@require_GET
@capability_required("settings.carriers")
def carrier_settings(request: HttpRequest) -> HttpResponse:
    return _carriers_page(request)


@require_POST
@capability_required("settings.carriers")
def carrier_service_switch(request: HttpRequest, service_code: str) -> HttpResponse:
    """Switch a service on or off (``active`` = 1 or 0): htmx gets the service's row back,
    without JavaScript the page again."""
    text, status, error = switch_answer(
        request,
        field="active",
        switch=lambda on: carrier_service_switch_by_staff(
            service_code=service_code, active=on, user=request.user, ip_address=client_ip(request)
        ),
        describe=lambda service: (
            (_("%(service)s switched on.") if service.is_active else _("%(service)s switched off."))
            % {"service": f"{service.carrier.name} {service.name}"}
        ),
    )
    if request.htmx:  # type: ignore[attr-defined]
        row = next((s for s in carrier_services() if s.code == service_code), None)
        if row is not None:
            context = {"service": row, "message": text, "error": error}
            return render(request, "backoffice/settings/carrier_row.html", context, status=status)
    if error:
        messages.error(request, text)
    else:
        messages.success(request, text)
    return redirect("backoffice:carrier_settings")


def _rate_errors(fields: dict[str, list[Any]]) -> list[dict[str, str]]:
    """``rows.3.price`` -> row 3, column price; file-wide problems first."""
    found: list[tuple[int, dict[str, str]]] = []
    for key, problems in fields.items():
        match = _ROW_ERROR.match(key)
        row, column = (int(match[1]), match[2]) if match else (0, "")
        for problem in problems:
            found.append(
                (row, {"row": str(row) if row else "", "column": column, "text": str(problem)})
            )
    return [entry for _row, entry in sorted(found, key=lambda pair: pair[0])]


@require_POST
@capability_required("settings.carriers")
def rates_upload(request: HttpRequest) -> HttpResponse:
    services = carrier_services()
    form = RatesImportForm(request.POST, request.FILES, services=_service_choices(services))
    if not form.is_valid():
        return _carriers_page(request, form=form, status=422)
    filename = str(getattr(request.FILES.get("rates"), "name", "") or "")
    try:
        count = rates_import_by_staff(
            service_code=form.cleaned_data["service"],
            csv_text=form.cleaned_data["rates"],
            filename=filename,
            user=request.user,
            ip_address=client_ip(request),
        )
    except DomainError as error:
        form.add_error(None, str(error.message))
        return _carriers_page(
            request, form=form, rate_errors=_rate_errors(dict(error.fields)), status=error.status
        )
    messages.success(
        request,
        _("Rate table imported: %(count)d rows for %(service)s.")
        % {
            "count": count,
            "service": dict(_service_choices(services))[form.cleaned_data["service"]],
        },
    )
    return redirect("backoffice:carrier_settings")


# --- boxes -------------------------------------------------------------------------------


def _add_errors(form: BoxForm, error: DomainError) -> None:
    for name, problems in error.fields.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, str(problem))
    if not error.fields:
        form.add_error(None, str(error.message))


def _boxes_page(
    request: HttpRequest, *, form: BoxForm | None = None, status: int = 200
) -> HttpResponse:
    context = {"boxes": boxes_list(), "form": form or BoxForm(prefix="new")}
    return render(request, "backoffice/settings/boxes.html", context, status=status)


@require_GET
@capability_required("settings.boxes")
def box_settings(request: HttpRequest) -> HttpResponse:
    return _boxes_page(request)


@require_POST
@capability_required("settings.boxes")
def box_add(request: HttpRequest) -> HttpResponse:
    form = BoxForm(request.POST, prefix="new")
    if not form.is_valid():
        return _boxes_page(request, form=form, status=422)
    try:
        box = box_add_by_staff(
            data=form.box_input(), user=request.user, ip_address=client_ip(request)
        )
    except DomainError as error:
        _add_errors(form, error)
        return _boxes_page(request, form=form, status=error.status)
    messages.success(request, _("Box %(name)s added.") % {"name": box.name})
    return redirect("backoffice:box_settings")


def _box_or_404(box_id: int) -> Box:
    box = Box.objects.filter(pk=box_id).first()
    if box is None:
        raise Http404(_("Box not found."))
    return box


@require_http_methods(["GET", "POST"])
@capability_required("settings.boxes")
def box_edit(request: HttpRequest, box_id: int) -> HttpResponse:
    box = _box_or_404(box_id)
    status = 200
    if request.method == "POST":
        form = BoxForm(request.POST)
        if form.is_valid():
            try:
                box_change_by_staff(
                    box_id=box.pk,
                    data=form.box_input(code=box.code),
                    user=request.user,
                    ip_address=client_ip(request),
                )
            except DomainError as error:
                _add_errors(form, error)
                status = error.status
            else:
                messages.success(request, _("Box %(name)s saved.") % {"name": box.code})
                return redirect("backoffice:box_settings")
        else:
            status = 422
    else:
        form = BoxForm(
            initial={
                "name": box.name,
                "length_mm": box.length_mm,
                "width_mm": box.width_mm,
                "height_mm": box.height_mm,
                "max_weight_grams": box.max_weight_grams,
                "tare_grams": box.tare_grams,
                "insulated": box.insulated,
            }
        )
    return render(
        request, "backoffice/settings/box_edit.html", {"box": box, "form": form}, status=status
    )


@require_POST
@capability_required("settings.boxes")
def box_switch(request: HttpRequest, box_id: int) -> HttpResponse:
    """Take a box out of use or put it back (``active`` = 0 or 1): htmx gets the box's row
    back, without JavaScript the page again."""
    text, status, error = switch_answer(
        request,
        field="active",
        switch=lambda on: box_switch_by_staff(
            box_id=box_id, active=on, user=request.user, ip_address=client_ip(request)
        ),
        describe=lambda box: (
            (
                _("Box %(name)s is in use again.")
                if box.is_active
                else _("Box %(name)s taken out of use.")
            )
            % {"name": box.name}
        ),
    )
    if request.htmx:  # type: ignore[attr-defined]
        found = Box.objects.filter(pk=box_id).first()
        if found is not None:
            context = {"box": found, "message": text, "error": error}
            return render(request, "backoffice/settings/box_row.html", context, status=status)
    if error:
        messages.error(request, text)
    else:
        messages.success(request, text)
    return redirect("backoffice:box_settings")

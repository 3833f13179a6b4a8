"""The staff action log (owners only)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jornada.backoffice import selectors
from jornada.backoffice.access import capability_required
from jornada.backoffice.models import StaffActionKind


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@require_GET
@capability_required("log.view")
def action_log(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    filters = selectors.ActionFilters(
        user_id=_int(request.GET.get("user")),
        kind=kind if kind in StaffActionKind.values else "",
        order_number=request.GET.get("order", "")[:20],
    )
    page = selectors.staff_actions(filters=filters, before=_int(request.GET.get("before")))
    base = {
        "user": filters.user_id or "",
        "kind": filters.kind,
        "order": filters.order_number,
    }
    next_query = (
        urlencode({**{k: v for k, v in base.items() if v}, "before": page.next_before})
        if page.next_before
        else ""
    )
    context = {
        "actions": page.actions,
        "filters": filters,
        "kinds": StaffActionKind.choices,
        "members": selectors.staff_members(),
        "next_query": next_query,
    }
    return render(request, "backoffice/log/list.html", context)

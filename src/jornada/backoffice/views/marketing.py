"""Messages and journeys: the local outbox with its filters, the journeys with their figures
and their on/off switch. Templates have their own module (``message_templates``)."""

from __future__ import annotations

import base64
import datetime as dt
import json
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jornada.backoffice.access import allowed, capability_required
from jornada.backoffice.marketing_forms import OutboxFilterForm
from jornada.backoffice.marketing_services import journey_switch_by_staff
from jornada.backoffice.views.common import client_ip, switch_answer
from jornada.journeys import selectors as journey_selectors
from jornada.notifications import selectors as notification_selectors

OUTBOX_PAGE = 50


def _encode_after(after: tuple[dt.datetime, int]) -> str:
    raw = json.dumps([after[0].isoformat(), after[1]]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_after(cursor: str) -> tuple[dt.datetime, int] | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created_at, pk = json.loads(raw)
        return dt.datetime.fromisoformat(created_at), int(pk)
    except (ValueError, TypeError):
        return None  # a mangled link starts again from the newest messages


@require_GET
@capability_required("messages.view")
def messages_page(request: HttpRequest) -> HttpResponse:
    form = OutboxFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    filters = notification_selectors.OutboxFilters(
        channel=data.get("channel", ""),
        status=data.get("status", ""),
        order_number=data.get("order", "").strip().lstrip("#"),
    )
    after = _decode_after(data.get("after", "")) if data.get("after") else None
    page = notification_selectors.outbox_page(filters=filters, after=after, limit=OUTBOX_PAGE)
    query = {"channel": filters.channel, "status": filters.status, "order": filters.order_number}
    context = {
        "form": form if form.is_bound and request.GET else OutboxFilterForm(),
        "page": page,
        "rows": [(m, page.order_numbers.get(m.order_id or 0, "")) for m in page.messages],
        "filtered": any(query.values()),
        "first_query": urlencode({k: v for k, v in query.items() if v}),
        "next_query": (
            urlencode({**{k: v for k, v in query.items() if v}, "after": _encode_after(after_)})
            if (after_ := page.next_after) is not None
            else ""
        ),
        "is_continuation": after is not None,
        "can_edit_templates": allowed(request.user, "templates.edit"),
    }
    if request.htmx and request.htmx.target == "outbox-area":  # type: ignore[attr-defined]
        return render(request, "backoffice/marketing/outbox_area.html", context)
    return render(request, "backoffice/marketing/messages.html", context)


@require_GET
@capability_required("journeys.view")
def journeys_page(request: HttpRequest) -> HttpResponse:
    context = {
        "figures": journey_selectors.journey_figures(),
        "can_manage": allowed(request.user, "journeys.manage"),
    }
    return render(request, "backoffice/marketing/journeys.html", context)


@require_POST
@capability_required("journeys.manage")
def journey_switch(request: HttpRequest, journey_id: int) -> HttpResponse:
    """Switch a journey on or off (``enabled`` = 1 or 0): htmx gets the journey's row back,
    without JavaScript the page again."""
    text, status, error = switch_answer(
        request,
        field="enabled",
        switch=lambda on: journey_switch_by_staff(
            journey_id=journey_id, enabled=on, user=request.user, ip_address=client_ip(request)
        ),
        describe=lambda journey: (
            (
                _("Journey “%(name)s” switched on.")
                if journey.is_enabled
                else _("Journey “%(name)s” switched off.")
            )
            % {"name": journey.name}
        ),
    )
    found = journey_selectors.journey_figures(journey_ids=[journey_id])
    if request.htmx and found:  # type: ignore[attr-defined]
        context = {"row": found[0], "can_manage": True, "message": text, "error": error}
        return render(request, "backoffice/marketing/journey_row.html", context, status=status)
    if error:
        messages.error(request, text)
    else:
        messages.success(request, text)
    return redirect("backoffice:journeys")

"""Messages and journeys: the local outbox, the message templates, the journeys' figures.

Reads only; the full pages (message detail, retry, template preview, call tasks) belong to
notifications and journeys and are linked from here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jornada.backoffice.access import allowed, capability_required
from jornada.journeys import selectors as journey_selectors
from jornada.notifications import selectors as notification_selectors
from jornada.notifications.models import MessageTemplate

MESSAGES_SHOWN = 100


@require_GET
@capability_required("messages.view")
def messages_page(request: HttpRequest) -> HttpResponse:
    context = {
        "outbox": notification_selectors.outbox_messages(
            filters=notification_selectors.OutboxFilters(), limit=MESSAGES_SHOWN
        ),
        "templates": list(MessageTemplate.objects.order_by("key", "channel", "language"))
        if allowed(request.user, "journeys.view")
        else [],
        "can_preview": allowed(request.user, "journeys.view"),
    }
    return render(request, "backoffice/marketing/messages.html", context)


@require_GET
@capability_required("journeys.view")
def journeys_page(request: HttpRequest) -> HttpResponse:
    context = {"figures": journey_selectors.journey_figures()}
    return render(request, "backoffice/marketing/journeys.html", context)

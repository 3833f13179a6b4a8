"""Staff page: the journeys, their figures, and switching them on and off (marketing)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jornada.core.roles import Role
from jornada.journeys import selectors, services
from jornada.journeys.models import Journey
from jornada.notifications.views import staff_role


@staff_role(Role.MARKETING)
def journey_list(request: HttpRequest) -> HttpResponse:
    return render(request, "journeys/list.html", {"figures": selectors.journey_figures()})


@staff_role(Role.MARKETING)
@require_POST
def journey_toggle(request: HttpRequest, journey_id: int) -> HttpResponse:
    journey = get_object_or_404(Journey, pk=journey_id)
    services.journey_set_enabled(journey_id=journey.pk, enabled=not journey.is_enabled)
    if request.htmx:  # type: ignore[attr-defined]
        figures = selectors.journey_figures(journey_ids=[journey.pk])[0]
        return render(request, "journeys/row.html", {"f": figures})
    return redirect("journeys:list")

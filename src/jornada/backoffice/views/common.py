"""Helpers every back-office view uses."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jornada.backoffice.access import is_staff_member
from jornada.backoffice.sections import nav_for


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def home(request: HttpRequest) -> HttpResponse:
    """The first section this staff member may use (the order board for most)."""
    if not request.user.is_authenticated:
        return redirect("backoffice:login")
    items = nav_for(request.user)
    if items:
        return redirect(items[0].url_name)
    status = 200 if is_staff_member(request.user) else 403
    return render(request, "backoffice/no_sections.html", status=status)

"""Helpers every back-office view uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jornada.backoffice.access import is_staff_member
from jornada.backoffice.sections import nav_for
from jornada.core.errors import DomainError

T = TypeVar("T")


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


def switch_answer(
    request: HttpRequest,
    *,
    field: str,
    switch: Callable[[bool], T],
    describe: Callable[[T], str],
) -> tuple[str, int, bool]:
    """Run an on/off switch posted as ``field`` = 1 or 0: ``(message, status, error)``.

    Anything but 1 or 0 is refused (422) and nothing runs; a refused switch answers the
    service's own message and status.
    """
    wanted = request.POST.get(field, "")
    if wanted not in {"0", "1"}:
        return _("Choose on or off."), 422, True
    try:
        switched = switch(wanted == "1")
    except DomainError as refused:
        return str(refused.message), refused.status, True
    return describe(switched), 200, False

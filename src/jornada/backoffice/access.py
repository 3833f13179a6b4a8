"""Who may do what in the back office: capabilities mapped to roles, and the view guard.

Every page and action names one capability; ``CAPABILITIES`` says which roles hold it.
Owners (and superusers) hold every role, so an empty tuple means "owners only".
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from jornada.core.roles import Role, has_role, roles_of

CS = Role.CUSTOMER_SERVICE
FINANCE = Role.FINANCE
WAREHOUSE = Role.WAREHOUSE
MARKETING = Role.MARKETING

CAPABILITIES: dict[str, tuple[str, ...]] = {
    "orders.view": (CS, FINANCE, WAREHOUSE),
    "orders.note": (CS, FINANCE, WAREHOUSE),
    "orders.cancel": (CS,),
    "orders.validate": (CS,),
    "payments.view": (CS, FINANCE),
    "payments.refund": (FINANCE,),
    "messages.resend": (CS,),
    "shipping.view": (WAREHOUSE, CS),
    "shipping.handoff": (WAREHOUSE,),
    "stock.view": (WAREHOUSE, FINANCE),
    "stock.adjust": (WAREHOUSE,),
    "purchase_orders.send": (FINANCE,),
    "purchase_orders.confirm": (FINANCE,),
    "purchase_orders.receive": (WAREHOUSE,),
    "packing.use": (WAREHOUSE,),
    "messages.view": (CS, MARKETING),
    "journeys.view": (MARKETING,),
    "journeys.manage": (MARKETING,),
    "templates.edit": (MARKETING,),
    "documents.view": (CS, FINANCE, WAREHOUSE),
    "settings.store": (),
    "settings.staff": (),
    "settings.payments": (),
    "settings.carriers": (),
    "settings.boxes": (),
    "log.view": (),
}

# Shown in the staff settings; the same names as ``Role`` (translated in this app).
ROLE_LABELS: dict[str, Any] = {
    Role.OWNER: _("owner / admin"),
    Role.CUSTOMER_SERVICE: _("customer service"),
    Role.FINANCE: _("finance"),
    Role.WAREHOUSE: _("warehouse"),
    Role.MARKETING: _("marketing"),
}


def allowed(user: Any, capability: str) -> bool:
    """Whether ``user`` holds ``capability`` (unknown capabilities are refused)."""
    roles = CAPABILITIES.get(capability)
    if roles is None:
        return False
    return has_role(user, *roles)


def is_staff_member(user: Any) -> bool:
    return bool(roles_of(user))


View = TypeVar("View", bound=Callable[..., HttpResponse])


def forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "backoffice/403.html", status=403)


def capability_required(capability: str) -> Callable[[View], View]:
    """Guard a view: anonymous users go to the login page, others without the
    capability get a 403 page (and nothing runs)."""
    if capability not in CAPABILITIES:
        raise ValueError(f"unknown capability {capability!r}")

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user, capability):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


def staff_required(view: View) -> View:
    """Any back-office role at all (pages every staff member may see)."""

    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_member(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return guarded  # type: ignore[return-value]

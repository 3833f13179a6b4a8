"""Template helpers: the menu, money in the active language, labels of codes."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from jornada.backoffice.sections import nav_for
from jornada.backoffice.timeline import money as money_text
from jornada.backoffice.timeline import status_label
from jornada.core.store import store_profile

register = template.Library()


@register.inclusion_tag("backoffice/includes/nav.html", takes_context=True)
def backoffice_nav(context: dict[str, Any]) -> dict[str, Any]:
    request: HttpRequest = context["request"]
    items = [
        {"item": item, "current": request.path.startswith(item.path_prefix)}
        for item in nav_for(request.user)
    ]
    return {"items": items}


@register.simple_tag(takes_context=True)
def store_name(context: dict[str, Any]) -> str:
    """The store's name, read once per request however often the page shows it."""
    request = context.get("request")
    cached = getattr(request, "_jornada_store_name", None)
    if cached is None:
        cached = store_profile().name
        if request is not None:
            request._jornada_store_name = cached
    return cached


@register.filter
def money(amount: Any, currency: str = "BRL") -> str:
    return money_text(amount, currency or "BRL")


@register.filter
def status_text(value: Any) -> str:
    return status_label(value)


@register.filter
def join_if_list(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)

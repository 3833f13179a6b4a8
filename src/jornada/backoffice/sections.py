"""Extension points: the navigation and the order page's panels.

The back office sits downstream of every app, so the apps' pages plug in here, in one
place, the way handlers plug into ``jornada/wiring.py``:

- ``NAV``: one entry per section of the menu (packing station, shipping, stock, messages,
  journeys ... add theirs), each shown only to the roles holding its capability.
- ``ORDER_PANEL_PROVIDERS``: dotted paths to ``OrderPanel`` objects drawn on the order page
  between the totals and the timeline. Payments, shipments and messages add one line each.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from jornada.backoffice.access import allowed
from jornada.orders.models import Order


@dataclass(frozen=True, slots=True)
class NavItem:
    label: Any  # a lazy translation
    url_name: str
    capability: str
    #: the item is marked current when the request path starts with this
    path_prefix: str


NAV: tuple[NavItem, ...] = (
    NavItem(_("Orders"), "backoffice:order_board", "orders.view", "/backoffice/orders/"),
    NavItem(_("Shipping"), "backoffice:shipping_today", "shipping.view", "/backoffice/shipping/"),
    NavItem(_("Stock"), "backoffice:stock", "stock.view", "/backoffice/stock/"),
    NavItem(_("Messages"), "backoffice:messages", "messages.view", "/backoffice/messages/"),
    NavItem(_("Journeys"), "backoffice:journeys", "journeys.view", "/backoffice/journeys/"),
    NavItem(_("Packing station"), "backoffice:packing", "packing.use", "/backoffice/packing/"),
    NavItem(
        _("Store"), "backoffice:store_settings", "settings.store", "/backoffice/settings/store"
    ),
    NavItem(
        _("Payments"),
        "backoffice:payment_settings",
        "settings.payments",
        "/backoffice/settings/payments",
    ),
    NavItem(
        _("Carriers"),
        "backoffice:carrier_settings",
        "settings.carriers",
        "/backoffice/settings/carriers",
    ),
    NavItem(_("Boxes"), "backoffice:box_settings", "settings.boxes", "/backoffice/settings/boxes"),
    NavItem(_("Staff"), "backoffice:staff_list", "settings.staff", "/backoffice/settings/staff"),
    NavItem(_("Activity log"), "backoffice:action_log", "log.view", "/backoffice/log/"),
)


def nav_for(user: Any) -> list[NavItem]:
    return [item for item in NAV if allowed(user, item.capability)]


@dataclass(frozen=True, slots=True)
class OrderPanel:
    """A section of the order page owned by another app.

    ``context`` returns the template's context for one order, or None when the app has
    nothing to show for it (the panel is then left out). It runs once per page view, so
    it must read with a bounded number of queries.
    """

    key: str
    title: Any
    template: str
    capability: str
    context: Callable[[Order], dict[str, Any] | None]


ORDER_PANEL_PROVIDERS: list[str] = [
    "jornada.backoffice.panels.documents_panel",
    "jornada.backoffice.panels.payment_panel",
    "jornada.backoffice.panels.shipments_panel",
    "jornada.backoffice.panels.messages_panel",
]


@functools.cache
def order_panels() -> tuple[OrderPanel, ...]:
    panels = tuple(import_string(path) for path in ORDER_PANEL_PROVIDERS)
    for panel in panels:
        if not isinstance(panel, OrderPanel):
            raise TypeError(f"{panel!r} is not an OrderPanel")
    return panels


@dataclass(frozen=True, slots=True)
class RenderedPanel:
    key: str
    title: Any
    template: str
    context: dict[str, Any]


def panels_for(order: Order, user: Any) -> list[RenderedPanel]:
    """The panels this user may see for this order, with their context."""
    shown = []
    for panel in order_panels():
        if not allowed(user, panel.capability):
            continue
        context = panel.context(order)
        if context is not None:
            shown.append(RenderedPanel(panel.key, panel.title, panel.template, context))
    return shown

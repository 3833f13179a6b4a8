"""The order timeline as people read it: one sentence per event, in the active language.

Each event type has a renderer; apps that add event types add renderers to ``RENDERERS``.
An unknown type still shows, with its raw parameters, so nothing is ever hidden.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from jornada.brazil.money import Money, money_format
from jornada.orders.models import (
    ActorKind,
    OrderEvent,
    OrderEventType,
    PaymentMethod,
    SalesChannel,
)
from jornada.orders.states import OrderStatus


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    kind: str
    title: str
    details: list[str] = field(default_factory=list)
    actor: str = ""
    at: dt.datetime | None = None
    is_note: bool = False


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def status_label(value: Any) -> str:
    return _label(OrderStatus, value)


_PROBE = Decimal("1234567.89")
_SMALL_PROBE = Decimal("1234.56")
_PROBE_SHAPE = re.compile(r"^(\D*)1(\D?)234(\D?)567(\D)89(\D*)$")
_CENT = Decimal("0.01")


@functools.lru_cache(maxsize=64)
def _money_shape(currency: str, language: str) -> tuple[str, str, str, str, bool] | None:
    """How ``money_format`` writes amounts of a currency in a language, learnt once from
    two probes: (prefix, group separator, decimal separator, suffix, whether 4-digit
    amounts are grouped). None when the shape is not the usual one (use babel)."""
    text = money_format(Money(_PROBE, currency), language=language)
    match = _PROBE_SHAPE.match(text)
    if match is None or match.group(2) != match.group(3) or not match.group(2):
        return None
    prefix, group, _second, decimal, suffix = match.groups()
    small = money_format(Money(_SMALL_PROBE, currency), language=language)
    if small not in (f"{prefix}1{group}234{decimal}56{suffix}", f"{prefix}1234{decimal}56{suffix}"):
        return None
    return prefix, group, decimal, suffix, small.startswith(f"{prefix}1{group}")


def money(amount: Any, currency: str = "BRL") -> str:
    """``money_format`` for pages that show many amounts: babel's pattern is applied once
    per currency and language, then each amount is plain string formatting."""
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return str(amount)
    language = get_language() or "pt-br"
    try:
        shape = _money_shape(currency, language) if value.is_finite() and value >= 0 else None
        if shape is None:
            return money_format(Money(value, currency), language=language)
    except (ValueError, ArithmeticError):
        return str(amount)
    prefix, group, decimal, suffix, group_small = shape
    rounded = value.quantize(_CENT, rounding=ROUND_HALF_UP)
    digits = f"{rounded:,.2f}" if group_small or rounded >= 10_000 else f"{rounded:.2f}"
    digits = digits.replace(",", "\0").replace(".", decimal).replace("\0", group)
    return f"{prefix}{digits}{suffix}"


def actor_text(event: OrderEvent) -> str:
    kind = _label(ActorKind, event.actor_kind)
    return f"{event.actor_label} ({kind})" if event.actor_label else kind


def _placed(params: dict[str, Any]) -> tuple[str, list[str]]:
    try:
        instalments = int(params.get("instalments", 1))
    except (TypeError, ValueError):
        instalments = 1
    details = [
        _("Channel: %(channel)s") % {"channel": _label(SalesChannel, params.get("channel", ""))},
        _("Total: %(total)s")
        % {"total": money(params.get("grand_total", ""), params.get("currency", "BRL"))},
        ngettext(
            "Payment: %(method)s, %(n)s instalment",
            "Payment: %(method)s, %(n)s instalments",
            instalments,
        )
        % {"method": _label(PaymentMethod, params.get("payment_method", "")), "n": instalments},
    ]
    return _("Order placed"), details


def _status_changed(params: dict[str, Any]) -> tuple[str, list[str]]:
    title = _("Status changed from %(from)s to %(to)s") % {
        "from": status_label(params.get("from", "")),
        "to": status_label(params.get("to", "")),
    }
    reason = params.get("reason")
    return title, [_("Reason: %(reason)s") % {"reason": reason}] if reason else []


def _cancelled(params: dict[str, Any]) -> tuple[str, list[str]]:
    return (
        _("Order cancelled (it was %(from)s)") % {"from": status_label(params.get("from", ""))},
        [_("Reason: %(reason)s") % {"reason": params.get("reason", "")}],
    )


def _address(params: dict[str, Any]) -> tuple[str, list[str]]:
    def line(address: dict[str, Any]) -> str:
        parts = [
            address.get("logradouro", ""),
            address.get("numero", ""),
            address.get("complemento", ""),
            address.get("bairro", ""),
            f"{address.get('cidade', '')}/{address.get('uf', '')}",
            address.get("cep", ""),
        ]
        return ", ".join(str(p) for p in parts if p)

    before, after = params.get("before") or {}, params.get("after") or {}
    return _("Shipping address changed"), [
        _("Before: %(address)s") % {"address": line(before)},
        _("After: %(address)s") % {"address": line(after)},
    ]


def _lines(params: dict[str, Any]) -> tuple[str, list[str]]:
    after = params.get("after") or {}
    items = ", ".join(
        f"{line.get('quantity')} x {line.get('sku')}" for line in after.get("lines", [])
    )
    return _("Items changed"), [
        _("Now: %(items)s") % {"items": items},
        _("New total: %(total)s") % {"total": money(after.get("grand_total", ""))},
    ]


def _note(params: dict[str, Any]) -> tuple[str, list[str]]:
    return _("Note"), [str(params.get("text", ""))]


RENDERERS: dict[str, Callable[[dict[str, Any]], tuple[str, list[str]]]] = {
    OrderEventType.PLACED: _placed,
    OrderEventType.STATUS_CHANGED: _status_changed,
    OrderEventType.CANCELLED: _cancelled,
    OrderEventType.ADDRESS_CHANGED: _address,
    OrderEventType.LINES_CHANGED: _lines,
    OrderEventType.NOTE_ADDED: _note,
}


def timeline_entry(event: OrderEvent) -> TimelineEntry:
    params = event.params if isinstance(event.params, dict) else {}
    renderer = RENDERERS.get(event.type)
    if renderer is None:
        title = _label(OrderEventType, event.type)
        details = [f"{key}: {value}" for key, value in sorted(params.items())]
    else:
        title, details = renderer(params)
    return TimelineEntry(
        kind=event.type,
        title=title,
        details=details,
        actor=actor_text(event),
        at=event.created_at,
        is_note=event.type == OrderEventType.NOTE_ADDED,
    )


def timeline_entries(events: list[OrderEvent]) -> list[TimelineEntry]:
    return [timeline_entry(event) for event in events]

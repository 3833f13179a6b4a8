"""From an order and an event to the words a person reads: context, templates, layout.

The context is plain values (strings already formatted in the message's language), so
templates edited by staff can only print, never query. Compiled templates are cached
per process by (row, updated_at): an edit shows up on the next message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template import Context, Engine, Template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.safestring import mark_safe

from jornada.brazil.business_days import business_days_add
from jornada.brazil.money import Money, money_format
from jornada.core.cache import ttl_get
from jornada.core.models import StoreProfile
from jornada.customers.models import Customer
from jornada.notifications.defaults import default_template
from jornada.notifications.models import MessageTemplate
from jornada.orders.models import Order, OrderLine, PaymentMethod, SalesChannel
from jornada.orders.selectors import order_access_token

LANGUAGES = ("pt-br", "es", "en")


def message_language(value: str) -> str:
    value = (value or "").lower()
    if value in LANGUAGES:
        return value
    return "es" if value.startswith("es") else "en" if value.startswith("en") else "pt-br"


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str
    whatsapp_template: str = ""
    whatsapp_params: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TemplateSource:
    """A template's fields, from its row or from the built-in defaults."""

    cache_key: tuple[Any, ...]
    purpose: str
    subject: str
    body_text: str
    body_html: str
    whatsapp_template: str
    whatsapp_params: list[str]


def template_source(*, key: str, channel: str, language: str) -> TemplateSource | None:
    """The active template for (key, channel, language); pt-BR if the language has none."""
    return ttl_get(
        ("template", key, channel, language),
        lambda: _template_source(key=key, channel=channel, language=language),
    )


def _template_source(*, key: str, channel: str, language: str) -> TemplateSource | None:
    for lang in dict.fromkeys([language, "pt-br"]):
        row = (
            MessageTemplate.objects.filter(key=key, channel=channel, language=lang, is_active=True)
            .only(
                "pk",
                "updated_at",
                "purpose",
                "subject",
                "body_text",
                "body_html",
                "whatsapp_template",
                "whatsapp_params",
            )
            .first()
        )
        if row is not None:
            return TemplateSource(
                cache_key=("row", row.pk, row.updated_at),
                purpose=row.purpose,
                subject=row.subject,
                body_text=row.body_text,
                body_html=row.body_html,
                whatsapp_template=row.whatsapp_template,
                whatsapp_params=list(row.whatsapp_params or []),
            )
        if MessageTemplate.objects.filter(key=key, channel=channel, language=lang).exists():
            return None  # staff switched this one off
    fields = default_template(key, channel, language)
    if fields is None:
        return None
    return TemplateSource(
        cache_key=("default", key, channel, language),
        purpose=fields["purpose"],
        subject=fields["subject"],
        body_text=fields["body_text"],
        body_html=fields["body_html"],
        whatsapp_template=fields["whatsapp_template"],
        whatsapp_params=fields["whatsapp_params"],
    )


_ENGINE: Engine | None = None
_COMPILED: dict[tuple[Any, ...], Template] = {}


def _compile(cache_key: tuple[Any, ...], part: str, source: str) -> Template:
    global _ENGINE
    key = (*cache_key, part)
    template = _COMPILED.get(key)
    if template is None:
        if _ENGINE is None:
            # A bare engine: the built-in tags and filters, no loaders, no custom tags, so
            # a template typed by staff can format the context and nothing more.
            _ENGINE = Engine(autoescape=True)
        if len(_COMPILED) > 2000:
            _COMPILED.clear()
        template = _COMPILED[key] = _ENGINE.from_string(source)
    return template


def template_check(source: str) -> None:
    """Raise ``TemplateSyntaxError`` if ``source`` does not compile (the edit form uses it)."""
    Engine().from_string(source)


def _lookup(context: dict[str, Any], dotted: str) -> str:
    value: Any = context
    for part in dotted.split("."):
        value = value.get(part, "") if isinstance(value, dict) else getattr(value, part, "")
    return str(value)


def render(source: TemplateSource, context: dict[str, Any], *, channel: str) -> Rendered:
    """Render a template over ``context``; email also gets the store's HTML layout."""
    text_context = Context(context, autoescape=False)
    subject = _compile(source.cache_key, "subject", source.subject).render(text_context)
    text = _compile(source.cache_key, "text", source.body_text).render(text_context).strip()
    html = ""
    if channel == "email":
        body = source.body_html or ""
        inner = _compile(source.cache_key, "html", body).render(Context(context)) if body else ""
        html = render_to_string(
            "notifications/email/layout.html",
            {**context, "subject": subject, "body": mark_safe(inner)},  # noqa: S308 - autoescaped render
        )
        unsubscribe = context.get("unsubscribe_url")
        if unsubscribe:
            text += "\n\n" + str(context.get("unsubscribe_text", "")) + " " + unsubscribe
    elif context.get("unsubscribe_url"):
        text += " " + str(context.get("unsubscribe_text", "")) + " " + context["unsubscribe_url"]
    params = [_lookup(context, p) for p in source.whatsapp_params] if channel == "whatsapp" else []
    return Rendered(
        subject=" ".join(subject.split()),
        text=text,
        html=html,
        whatsapp_template=source.whatsapp_template if channel == "whatsapp" else "",
        whatsapp_params=params,
    )


# --- context ---------------------------------------------------------------------------


class Lazy:
    """A context value computed only if the template prints it (money, dates, links):
    a WhatsApp line uses four values, the email summary thirty."""

    __slots__ = ("_done", "_load", "_value")

    def __init__(self, load: Callable[[], Any]) -> None:
        self._load, self._done, self._value = load, False, None

    def value(self) -> Any:
        if not self._done:
            self._value, self._done = self._load(), True
        return self._value

    def __str__(self) -> str:
        return str(self.value())

    def __bool__(self) -> bool:
        return bool(self.value())


class LazyList(Sequence[Any]):
    """A list loaded (and built) the first time a template iterates it."""

    def __init__(self, load: Callable[[], Sequence[Any]]) -> None:
        self._load = load
        self._items: Sequence[Any] | None = None

    def _all(self) -> Sequence[Any]:
        if self._items is None:
            self._items = self._load()
        return self._items

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._all())


def _date(value: Any) -> str:
    if isinstance(value, str):
        parsed_dt = parse_datetime(value) if "T" in value else None
        value = parsed_dt or parse_date(value) or value
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value or "")


def _money(amount: Any, currency: str, language: str) -> str:
    try:
        return money_format(Money(Decimal(str(amount)), currency), language=language)
    except Exception:  # a malformed amount in a payload prints as given
        return str(amount)


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def store_context(store: StoreProfile) -> dict[str, Any]:
    address = ", ".join(
        p
        for p in [
            f"{store.logradouro}, {store.numero}".strip(", "),
            store.bairro,
            f"{store.cidade}/{store.uf}".strip("/"),
        ]
        if p
    )
    return {
        "name": store.name,
        "email": store.email,
        "phone": store.phone,
        "whatsapp": store.whatsapp,
        "website": store.website,
        "address": address,
        "thank_you_note": store.thank_you_note,
        "logo_url": (
            settings.JORNADA_BASE_URL + reverse("notifications:store-logo")
            if store.logo_png
            else ""
        ),
    }


def order_url(order: Order) -> str:
    return settings.ORDER_URL_TEMPLATE.format(
        base=settings.JORNADA_BASE_URL, number=order.number, token=order_access_token(order)
    )


def message_context(
    *,
    order: Order | None,
    customer: Customer | None,
    lines: Sequence[OrderLine],
    store: StoreProfile,
    payload: dict[str, Any],
    language: str,
) -> dict[str, Any]:
    """Everything a template may print, formatted in ``language`` (see docs/notifications.md)."""
    with translation.override(language):
        context: dict[str, Any] = {"store": store_context(store), "language": language}
        name = customer.name if customer else (order.customer_name if order else "")
        context["customer"] = {"name": name, "first_name": name.split(" ")[0] if name else ""}
        context["phone"] = customer.phone_e164 if customer else ""
        if order is not None:
            currency = order.currency
            context["order"] = {
                "number": order.number,
                "status": order.status,
                "channel": _label(SalesChannel, order.channel),
                "total": Lazy(lambda: _money(order.grand_total, currency, language)),
                "subtotal": Lazy(lambda: _money(order.subtotal, currency, language)),
                "shipping": Lazy(lambda: _money(order.shipping_total, currency, language)),
                "payment_method": _label(PaymentMethod, order.payment_method),
                "instalments": order.instalments,
                "document": order.customer_document,
                "email": order.customer_email,
                "phone": order.customer_phone,
                "recipient": order.recipient_name,
                "gift_wrap": order.gift_wrap,
                "gift_message": order.gift_message,
                "address": (
                    f"{order.ship_logradouro}, {order.ship_numero}"
                    + (f" {order.ship_complemento}" if order.ship_complemento else "")
                    + f" — {order.ship_bairro}, {order.ship_cidade}/{order.ship_uf}"
                    + f" — CEP {order.ship_cep[:5]}-{order.ship_cep[5:]}"
                ),
                "placed_at": Lazy(lambda: _date(order.placed_at)),
                "url": Lazy(lambda: order_url(order)),
                "items": LazyList(lambda: _items(lines, currency, language)),
            }
            context["expected_date"] = Lazy(
                lambda: _date(
                    business_days_add(
                        order.placed_at, settings.NOTIFY_ESTIMATE_BUSINESS_DAYS, uf=order.ship_uf
                    )
                )
            )
        else:
            currency = "BRL"
        for key, value in payload.items():
            if key in {
                "promised_date",
                "expires_at",
                "delivered_at",
                "occurred_at",
                "expected_date",
            }:
                context[key] = _date(value)
            elif key == "amount":
                context[key] = _money(value, currency, language)
            elif key == "method":
                context["payment_method"] = _label(PaymentMethod, str(value))
            elif key not in context:
                context[key] = value
        context.setdefault("instalments", 1)
        if "promised_date" in payload and order is not None:
            context["new_estimate"] = Lazy(lambda: _date(_new_estimate(order, payload)))
    return context


def _items(lines: Sequence[OrderLine], currency: str, language: str) -> list[dict[str, Any]]:
    return [
        {
            "quantity": line.quantity,
            "name": line.product_name + (f" ({line.variant_label})" if line.variant_label else ""),
            "sku": line.sku,
            "total": _money(line.line_total, currency, language),
        }
        for line in lines
    ]


def _new_estimate(order: Order, payload: dict[str, Any]) -> Any:
    """The later of the missed promise and today, plus the store's extra business days."""
    if payload.get("new_promised_date"):
        return payload["new_promised_date"]
    missed = parse_date(str(payload["promised_date"])[:10]) or timezone.localdate()
    start = max(missed, timezone.localdate())
    return business_days_add(start, settings.NOTIFY_LATE_EXTRA_BUSINESS_DAYS, uf=order.ship_uf)

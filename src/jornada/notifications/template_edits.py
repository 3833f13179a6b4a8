"""Staff editing message templates: check a draft, preview it, save it.

A draft is checked the way messages are made: each part compiled by the bare engine and
rendered on an order's context by ``rendering.render``, the function that renders every
message. A draft that does not compile, or fails when rendered, is refused with the
error under the field it came from, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jornada.core.cache import caches_clear
from jornada.core.errors import DomainError, NotFound
from jornada.core.store import store_profile
from jornada.customers.models import Customer
from jornada.customers.types import Channel, ConsentPurpose
from jornada.notifications.models import MessageTemplate
from jornada.notifications.rendering import (
    Rendered,
    TemplateSource,
    message_context,
    message_language,
    render,
)
from jornada.orders.models import Order, OrderLine

PARTS = ("subject", "body_text", "body_html")
PARAM_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$")
SUBJECT_MAX = 200


class TemplateInvalid(DomainError):
    code = "template_invalid"
    status = 422


@dataclass(frozen=True, slots=True)
class TemplateDraft:
    subject: str
    body_text: str
    body_html: str
    whatsapp_template: str = ""
    whatsapp_params: tuple[str, ...] = ()
    purpose: str = ConsentPurpose.TRANSACTIONAL
    is_active: bool = True

    @classmethod
    def of(cls, template: MessageTemplate) -> TemplateDraft:
        return cls(
            subject=template.subject,
            body_text=template.body_text,
            body_html=template.body_html,
            whatsapp_template=template.whatsapp_template,
            whatsapp_params=tuple(str(p) for p in template.whatsapp_params or []),
            purpose=template.purpose,
            is_active=template.is_active,
        )

    def source(self) -> TemplateSource:
        digest = hashlib.sha256(
            json.dumps([self.subject, self.body_text, self.body_html]).encode()
        ).hexdigest()
        return TemplateSource(
            cache_key=("draft", digest),
            purpose=self.purpose,
            subject=self.subject,
            body_text=self.body_text,
            body_html=self.body_html,
            whatsapp_template=self.whatsapp_template,
            whatsapp_params=list(self.whatsapp_params),
        )


@dataclass(frozen=True, slots=True)
class TemplatePreview:
    rendered: Rendered | None
    errors: dict[str, list[str | Promise]] = field(default_factory=dict)
    #: the order it was rendered on; "" for the built-in sample order
    order_number: str = ""
    #: an order number was asked for and not found (the sample was used)
    order_missing: bool = False


# --- sample data ----------------------------------------------------------------------


def sample_order() -> tuple[Order, Customer, list[OrderLine]]:
    """An order that exists only in memory, for previews when no real one is chosen."""
    now = timezone.now()
    order = Order(
        number="100042",
        status="paid",
        channel="online_store",
        language="pt-br",
        customer_name="Maria da Silva",
        customer_document="52998224725",
        customer_email="maria@example.com.br",
        customer_phone="+5511987654321",
        recipient_name="Maria da Silva",
        ship_logradouro="Avenida Paulista",
        ship_numero="1000",
        ship_complemento="apto 12",
        ship_bairro="Bela Vista",
        ship_cidade="São Paulo",
        ship_uf="SP",
        ship_cep="01310100",
        payment_method="credit_card",
        instalments=3,
        currency="BRL",
        subtotal=Decimal("159.70"),
        shipping_total=Decimal("19.90"),
        grand_total=Decimal("179.60"),
        item_count=3,
        weight_grams=840,
        placed_at=now - dt.timedelta(hours=2),
        updated_at=now,
    )
    customer = Customer(name="Maria da Silva", phone_e164="+5511987654321")
    lines = [
        OrderLine(
            position=1,
            sku="CAM-M",
            product_name="Camiseta Jornada",
            variant_label="M",
            quantity=2,
            unit_price=Decimal("59.90"),
            line_total=Decimal("119.80"),
            weight_grams=440,
        ),
        OrderLine(
            position=2,
            sku="CANECA",
            product_name="Caneca de cerâmica",
            quantity=1,
            unit_price=Decimal("39.90"),
            line_total=Decimal("39.90"),
            weight_grams=400,
        ),
    ]
    return order, customer, lines


def sample_payload(order: Order) -> dict[str, Any]:
    """Event facts the order does not hold itself, shown as examples in a preview."""
    return {
        "tracking_code": "AA123456785BR",
        "tracking_url": "https://rastreamento.correios.com.br/app/index.php?objetos=AA123456785BR",
        "carrier": "Correios",
        "promised_date": order.placed_at.date().isoformat(),
        "expires_at": order.placed_at.isoformat(),
        "amount": str(order.grand_total),
        "method": order.payment_method,
        "pix_copy_paste": "00020126580014br.gov.bcb.pix...",
        "boleto_line": "23793.38128 60082.677139 66000.063305 9 84410000017890",
        "received_by": order.recipient_name,
        "location": "",
        "description": "",
    }


def preview_context(
    *, language: str, purpose: str, order_number: str = ""
) -> tuple[dict[str, Any], str, bool]:
    """The context a message would get: on the order ``order_number`` when it exists,
    else on the sample order. Returns (context, number used or "", asked-for missing)."""
    order: Order | None = None
    number = order_number.strip().lstrip("#")
    if number:
        order = Order.objects.filter(number=number).first()
    if order is not None:
        customer = Customer.objects.filter(pk=order.customer_id).first()
        lines = list(OrderLine.objects.filter(order=order).order_by("position"))
        used = order.number
    else:
        order, sample_customer, lines = sample_order()
        customer = sample_customer
        used = ""
    language = message_language(language)
    context = message_context(
        order=order,
        customer=customer,
        lines=lines,
        store=store_profile(),
        payload=sample_payload(order),
        language=language,
    )
    if purpose == ConsentPurpose.MARKETING:
        with translation.override(language):
            context["unsubscribe_url"] = "https://loja.example/n/unsubscribe/exemplo/"
            context["unsubscribe_text"] = _("To stop receiving offers:")
    return context, used, bool(number) and not used


# --- checking and previewing ----------------------------------------------------------


def _draft_errors(draft: TemplateDraft, channel: str) -> dict[str, list[str | Promise]]:
    """Problems that need no rendering: required parts, lengths, WhatsApp parameters."""
    errors: dict[str, list[str | Promise]] = {}
    if not draft.body_text.strip():
        errors["body_text"] = [_("This field is required.")]
    if channel == Channel.EMAIL and not draft.subject.strip():
        errors["subject"] = [_("An email needs a subject.")]
    elif len(draft.subject) > SUBJECT_MAX:
        errors["subject"] = [_("At most %(max)d characters.") % {"max": SUBJECT_MAX}]
    if len(draft.whatsapp_template) > 120:
        errors["whatsapp_template"] = [_("At most %(max)d characters.") % {"max": 120}]
    bad = [p for p in draft.whatsapp_params if not PARAM_PATTERN.match(p)]
    if bad:
        errors["whatsapp_params"] = [
            _("Not a context name: %(name)s (e.g. order.number).") % {"name": bad[0]}
        ]
    if draft.purpose not in ConsentPurpose.values:
        errors["purpose"] = [_("Choose transactional or marketing.")]
    return errors


def _part_errors(
    draft: TemplateDraft, context: dict[str, Any], language: str
) -> dict[str, list[str | Promise]]:
    """Each part compiled and rendered alone, so an error names the part it is in."""
    errors: dict[str, list[str | Promise]] = {}
    engine = Engine(autoescape=True)
    for part in PARTS:
        source = getattr(draft, part)
        if not source:
            continue
        try:
            compiled = engine.from_string(source)
            with translation.override(language):
                compiled.render(Context(context, autoescape=part == "body_html"))
        except TemplateSyntaxError as error:
            errors[part] = [_("Template error: %(error)s") % {"error": error}]
        except Exception as error:  # any failure while rendering refuses the draft
            errors[part] = [_("This part fails when rendered: %(error)s") % {"error": error}]
    return errors


def template_preview(
    *, template: MessageTemplate, draft: TemplateDraft, order_number: str = ""
) -> TemplatePreview:
    """``draft`` rendered as ``template``'s channel and language would send it, on the
    order ``order_number`` or the sample order; or the errors that stop it."""
    language = message_language(template.language)
    context, used, missing = preview_context(
        language=language, purpose=draft.purpose, order_number=order_number
    )
    errors = {**_draft_errors(draft, template.channel)}
    for part, problems in _part_errors(draft, context, language).items():
        errors.setdefault(part, []).extend(problems)
    if any(part in errors for part in PARTS):
        return TemplatePreview(None, errors, used, missing)
    try:
        with translation.override(language):
            rendered = render(draft.source(), context, channel=template.channel)
    except Exception as error:  # the layout around the parts failed: refuse as a whole
        errors.setdefault("body_html", []).append(
            _("This part fails when rendered: %(error)s") % {"error": error}
        )
        return TemplatePreview(None, errors, used, missing)
    return TemplatePreview(rendered, errors, used, missing)


# --- saving -----------------------------------------------------------------------------


def message_template_update(
    *, template_id: int, draft: TemplateDraft, updated_by: str
) -> tuple[MessageTemplate, list[str]]:
    """Save a template's wording after checking it renders; returns it and the changed
    fields. Raises ``TemplateInvalid`` naming every bad field (nothing saved)."""
    template = MessageTemplate.objects.filter(pk=template_id).first()
    if template is None:
        raise NotFound(_("Message template not found."), code="template_not_found")
    preview = template_preview(template=template, draft=draft)
    if preview.errors:
        raise TemplateInvalid(_("The template has errors."), fields=preview.errors)
    values: dict[str, Any] = {
        "subject": draft.subject,
        "body_text": draft.body_text,
        "body_html": draft.body_html,
        "whatsapp_template": draft.whatsapp_template.strip(),
        "whatsapp_params": list(draft.whatsapp_params),
        "purpose": draft.purpose,
        "is_active": draft.is_active,
    }
    with transaction.atomic():
        template = MessageTemplate.objects.select_for_update().get(pk=template_id)
        changed = [name for name, value in values.items() if getattr(template, name) != value]
        if changed:
            for name in changed:
                setattr(template, name, values[name])
            template.updated_at = timezone.now()
            template.updated_by = updated_by[:150]
            template.save(update_fields=[*changed, "updated_at", "updated_by"])
            # this process at once; other workers within the cache's few seconds
            transaction.on_commit(caches_clear)
    return template, changed

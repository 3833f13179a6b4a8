"""Checking, previewing and saving a template draft through the real renderer."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from jornada.notifications.models import MessageTemplate
from jornada.notifications.rendering import template_source
from jornada.notifications.template_edits import (
    TemplateDraft,
    TemplateInvalid,
    message_template_update,
    template_preview,
)
from jornada.orders.services import order_place
from jornada.orders.tests.conftest import order_input
from jornada.orders.types import Actor

pytestmark = pytest.mark.django_db


def a_template(channel: str = "email", key: str = "order_confirmation") -> MessageTemplate:
    return MessageTemplate.objects.get(key=key, channel=channel, language="pt-br")


def test_the_preview_renders_the_draft_on_the_sample_order() -> None:
    # given
    template = a_template()
    draft = dataclasses.replace(
        TemplateDraft.of(template),
        subject="Pedido {{ order.number }} recebido",
        body_text="Olá {{ customer.first_name }}, total {{ order.total }}.",
        body_html="<p>Olá <b>{{ customer.first_name }}</b></p>",
    )
    # when
    preview = template_preview(template=template, draft=draft)
    # then
    assert preview.errors == {}
    assert preview.order_number == ""
    assert preview.rendered is not None
    assert preview.rendered.subject == "Pedido 100042 recebido"
    assert preview.rendered.text == "Olá Maria, total R$ 179,60."
    assert "<b>Maria</b>" in preview.rendered.html


def test_the_preview_uses_a_real_order_when_asked(catalog: Any) -> None:
    # given
    order = order_place(data=order_input(), actor=Actor.customer("Maria")).order
    template = a_template("sms", "order_shipped")
    draft = dataclasses.replace(TemplateDraft.of(template), body_text="{{ order.number }}")
    # when
    preview = template_preview(template=template, draft=draft, order_number=f"#{order.number}")
    missing = template_preview(template=template, draft=draft, order_number="999999")
    # then
    assert preview.rendered is not None and preview.rendered.text == order.number
    assert preview.order_number == order.number
    assert missing.order_missing is True
    assert missing.rendered is not None and missing.rendered.text == "100042"


def test_a_whatsapp_draft_renders_its_parameters() -> None:
    template = a_template("whatsapp")
    draft = dataclasses.replace(
        TemplateDraft.of(template), whatsapp_params=("customer.first_name", "order.number")
    )
    preview = template_preview(template=template, draft=draft)
    assert preview.rendered is not None
    assert preview.rendered.whatsapp_params == ["Maria", "100042"]


def test_errors_name_the_part_they_are_in() -> None:
    # given
    template = a_template()
    draft = dataclasses.replace(
        TemplateDraft.of(template),
        subject="",
        body_text="Olá {% if %}",
        body_html="{{ order.total|date:'Y' }}{% widthratio 1 0 %}{% url 'nada' %}",
        whatsapp_params=("order number",),
    )
    # when
    preview = template_preview(template=template, draft=draft)
    # then
    assert preview.rendered is None
    assert sorted(preview.errors) == ["body_html", "body_text", "subject", "whatsapp_params"]


def test_saving_changes_the_wording_the_next_message_uses() -> None:
    # given
    template = a_template()
    draft = dataclasses.replace(
        TemplateDraft.of(template), subject="Novo assunto {{ order.number }}"
    )
    # when
    saved, changed = message_template_update(
        template_id=template.pk, draft=draft, updated_by="marta"
    )
    # then
    assert changed == ["subject"]
    assert saved.updated_by == "marta"
    source = template_source(key=template.key, channel="email", language="pt-br")
    assert source is not None and source.subject == "Novo assunto {{ order.number }}"


def test_saving_the_same_wording_changes_nothing() -> None:
    template = a_template()
    before = template.updated_at
    _saved, changed = message_template_update(
        template_id=template.pk, draft=TemplateDraft.of(template), updated_by="marta"
    )
    template.refresh_from_db()
    assert changed == []
    assert template.updated_at == before


def test_a_draft_that_fails_is_refused_and_nothing_is_saved() -> None:
    # given
    template = a_template()
    draft = dataclasses.replace(TemplateDraft.of(template), body_text="{% for x in %}")
    # when
    with pytest.raises(TemplateInvalid) as refused:
        message_template_update(template_id=template.pk, draft=draft, updated_by="marta")
    # then
    assert list(refused.value.fields) == ["body_text"]
    template.refresh_from_db()
    assert template.body_text != "{% for x in %}"
    assert template.updated_by != "marta"

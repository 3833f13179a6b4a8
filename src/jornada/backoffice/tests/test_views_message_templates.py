"""Message templates: the list, the editor, the preview beside it, saving (marketing)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jornada.backoffice.models import StaffAction
from jornada.notifications.models import MessageTemplate

pytestmark = pytest.mark.django_db


def a_template(channel: str = "email", key: str = "order_confirmation") -> MessageTemplate:
    return MessageTemplate.objects.get(key=key, channel=channel, language="pt-br")


def edit_form(template: MessageTemplate, **overrides: str) -> dict[str, str]:
    data = {
        "subject": template.subject,
        "body_text": template.body_text,
        "body_html": template.body_html,
        "whatsapp_template": template.whatsapp_template,
        "whatsapp_params": "\n".join(template.whatsapp_params or []),
        "purpose": template.purpose,
        "is_active": "on" if template.is_active else "",
        "order": "",
    }
    data.update(overrides)
    return data


def test_marketing_lists_templates_per_message_channel_and_language(client, marketer):
    client.force_login(marketer)
    response = client.get(reverse("backoffice:message_templates"))
    assert response.status_code == 200
    body = response.content.decode()
    for language in ("pt-br", "es", "en"):
        template = MessageTemplate.objects.get(
            key="order_confirmation", channel="email", language=language
        )
        assert reverse("backoffice:message_template_edit", args=[template.pk]) in body


def test_the_editor_shows_the_saved_wording_previewed(client, marketer):
    template = a_template()
    client.force_login(marketer)
    response = client.get(reverse("backoffice:message_template_edit", args=[template.pk]))
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.errors == {}
    assert preview.rendered.subject
    assert "100042" in preview.rendered.text or "100042" in preview.rendered.html
    assert 'id="template-preview"' in response.content.decode()


def test_htmx_preview_renders_the_draft_without_saving(client, marketer):
    # given
    template = a_template()
    client.force_login(marketer)
    # when
    response = client.post(
        reverse("backoffice:message_template_preview", args=[template.pk]),
        edit_form(template, subject="Oi {{ customer.first_name }}, pedido {{ order.number }}"),
        headers={"HX-Request": "true"},
    )
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<section id="template-preview"')
    assert "Oi Maria, pedido 100042" in body
    template.refresh_from_db()
    assert "Oi {{" not in template.subject
    assert not StaffAction.objects.exists()


def test_the_preview_renders_on_a_chosen_order(client, marketer, order):
    template = a_template("sms", "order_shipped")
    client.force_login(marketer)
    response = client.post(
        reverse("backoffice:message_template_preview", args=[template.pk]),
        edit_form(template, body_text="Pedido {{ order.number }}", order=order.number),
    )
    # without JavaScript: the whole editor page with the preview
    assert response.status_code == 200
    assert response.context["preview"].rendered.text == f"Pedido {order.number}"
    assert "<html" in response.content.decode()


def test_the_preview_shows_template_errors(client, marketer):
    template = a_template()
    client.force_login(marketer)
    response = client.post(
        reverse("backoffice:message_template_preview", args=[template.pk]),
        edit_form(template, body_text="{% if %}"),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert list(response.context["preview"].errors) == ["body_text"]
    assert 'role="alert"' in response.content.decode()


def test_marketing_saves_a_template_and_it_is_logged(client, marketer):
    # given
    template = a_template()
    client.force_login(marketer)
    # when
    response = client.post(
        reverse("backoffice:message_template_edit", args=[template.pk]),
        edit_form(template, subject="Seu pedido {{ order.number }} chegou aqui"),
    )
    # then
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.subject == "Seu pedido {{ order.number }} chegou aqui"
    assert template.updated_by == marketer.get_username()
    action = StaffAction.objects.get()
    assert action.kind == "template_updated"
    assert action.params == {
        "template": template.pk,
        "key": "order_confirmation",
        "channel": "email",
        "language": "pt-br",
        "fields": ["subject"],
    }


def test_switching_a_template_off_is_saved(client, marketer):
    template = a_template("whatsapp")
    client.force_login(marketer)
    client.post(
        reverse("backoffice:message_template_edit", args=[template.pk]),
        edit_form(template, is_active=""),
    )
    template.refresh_from_db()
    assert not template.is_active
    assert StaffAction.objects.get().params["fields"] == ["is_active"]


def test_a_template_that_does_not_render_is_refused_naming_the_field(client, marketer):
    # given
    template = a_template()
    before = (template.subject, template.body_html, template.updated_at)
    client.force_login(marketer)
    # when
    response = client.post(
        reverse("backoffice:message_template_edit", args=[template.pk]),
        edit_form(template, subject="", body_html="{% url 'nowhere' %}"),
    )
    # then
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert sorted(errors) == ["body_html", "subject"]
    assert "Um email precisa de assunto." in errors["subject"]
    template.refresh_from_db()
    assert (template.subject, template.body_html, template.updated_at) == before
    assert not StaffAction.objects.exists()


def test_bad_whatsapp_parameters_are_refused(client, marketer):
    template = a_template("whatsapp")
    client.force_login(marketer)
    response = client.post(
        reverse("backoffice:message_template_edit", args=[template.pk]),
        edit_form(template, whatsapp_params="order.number\n{{ oops }}"),
    )
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["whatsapp_params"]
    assert not StaffAction.objects.exists()


def test_an_unknown_template_is_404(client, marketer):
    client.force_login(marketer)
    assert (
        client.get(reverse("backoffice:message_template_edit", args=[999_999])).status_code == 404
    )


@pytest.mark.parametrize("who", ["agent", "packer"])
def test_other_roles_cannot_list_preview_or_edit_templates(client, request, who):
    # given
    template = a_template()
    client.force_login(request.getfixturevalue(who))
    # when
    listed = client.get(reverse("backoffice:message_templates"))
    previewed = client.post(
        reverse("backoffice:message_template_preview", args=[template.pk]), edit_form(template)
    )
    saved = client.post(
        reverse("backoffice:message_template_edit", args=[template.pk]),
        edit_form(template, subject="Hacked"),
    )
    # then
    assert (listed.status_code, previewed.status_code, saved.status_code) == (403, 403, 403)
    template.refresh_from_db()
    assert template.subject != "Hacked"
    assert not StaffAction.objects.exists()

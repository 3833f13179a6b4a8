"""Staff pages: the outbox (mail catcher), calls, template preview; access by role."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from jornada.notifications.models import Message, MessageStatus, MessageTemplate
from jornada.notifications.services import Recipient, message_enqueue
from jornada.notifications.tests.conftest import drain, place

pytestmark = pytest.mark.django_db


def _staff(role: str | None) -> Any:
    user = get_user_model().objects.create_user(
        f"u-{role}", f"{role}@loja.example", "pw", is_staff=True
    )
    if role:
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
    return user


def test_outbox_lists_every_message_for_customer_service(
    catalog: Any, clock: Any, client: Any
) -> None:
    order = place()
    drain()
    client.force_login(_staff("customer_service"))
    page = client.get("/n/outbox/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Novo pedido {order.number}" in html
    assert "+5511987654321" in html
    # filtered by channel (htmx swaps only the rows)
    rows = client.get("/n/outbox/", {"channel": "email"}, HTTP_HX_REQUEST="true").content.decode()
    assert "equipe@loja.example" in rows and "+5511987654321" not in rows


def test_outbox_is_refused_to_staff_without_the_role(catalog: Any, clock: Any, client: Any) -> None:
    client.force_login(_staff("warehouse"))
    assert client.get("/n/outbox/").status_code == 403


def test_outbox_needs_a_login(client: Any, db: Any) -> None:
    assert client.get("/n/outbox/").status_code == 302


def test_message_page_shows_the_email_as_sent(catalog: Any, clock: Any, client: Any) -> None:
    order = place()
    drain()
    staff_message = Message.objects.get(order_id=order.pk, audience="staff")
    client.force_login(_staff("marketing"))
    html = client.get(f"/n/outbox/{staff_message.pk}/").content.decode()
    assert "<iframe" in html and "srcdoc=" in html
    assert staff_message.subject in html


def test_staff_close_a_call_task_with_htmx(catalog: Any, clock: Any, client: Any) -> None:
    from jornada.core.store import store_profile
    from jornada.customers.models import Customer

    order = place()
    call, _ = message_enqueue(
        dedup_key="call-1",
        template_key="delivered",
        recipient=Recipient(
            audience="customer", customer=Customer.objects.get(pk=order.customer_id)
        ),
        order=order,
        store=store_profile(),
        channel="phone",
        allow_fallback=False,
    )
    client.force_login(_staff("customer_service"))
    assert "Roteiro da ligação" in client.get("/n/calls/").content.decode()
    response = client.post(
        f"/n/calls/{call.pk}/close/",
        {"outcome": "done", "note": "tudo certo"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    call.refresh_from_db()
    assert (call.status, call.outcome_note) == (MessageStatus.DELIVERED, "tudo certo")


def test_template_preview_renders_on_a_real_order(catalog: Any, clock: Any, client: Any) -> None:
    order = place()
    template = MessageTemplate.objects.get(key="order_shipped", channel="email", language="pt-br")
    client.force_login(_staff("marketing"))
    html = client.get(
        f"/n/templates/{template.pk}/preview/", {"order": order.number}
    ).content.decode()
    assert f"Seu pedido {order.number} foi enviado" in html
    assert "AA123456785BR" in html


def test_marketing_edits_a_template_and_the_next_message_uses_it(
    catalog: Any, clock: Any, client: Any
) -> None:
    # given marketing changes the WhatsApp confirmation through the admin
    template = MessageTemplate.objects.get(
        key="order_confirmation", channel="whatsapp", language="pt-br"
    )
    client.force_login(_staff("marketing"))
    response = client.post(
        f"/admin/notifications/messagetemplate/{template.pk}/change/",
        {
            "key": template.key,
            "channel": "whatsapp",
            "language": "pt-br",
            "purpose": "transactional",
            "subject": "",
            "body_text": "Oi {{ customer.first_name }}, pedido {{ order.number }} recebido!",
            "body_html": "",
            "whatsapp_template": "jornada_order_confirmation",
            "whatsapp_params": '["customer.first_name", "order.number"]',
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # when
    order = place()
    drain()
    # then
    message = Message.objects.get(order_id=order.pk, audience="customer")
    assert message.body_text == f"Oi Maria, pedido {order.number} recebido!"


def test_a_template_with_a_syntax_error_is_refused(catalog: Any, client: Any) -> None:
    template = MessageTemplate.objects.get(
        key="order_confirmation", channel="sms", language="pt-br"
    )
    client.force_login(_staff("marketing"))
    response = client.post(
        f"/admin/notifications/messagetemplate/{template.pk}/change/",
        {
            "key": template.key,
            "channel": "sms",
            "language": "pt-br",
            "purpose": "transactional",
            "body_text": "Oi {% if %}",
            "whatsapp_params": "[]",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    template.refresh_from_db()
    assert "{% if %}" not in template.body_text

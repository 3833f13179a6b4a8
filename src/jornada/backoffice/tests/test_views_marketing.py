"""Messages and journeys pages: who may see them, what they list and link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jornada.journeys.models import Journey
from jornada.notifications.models import Message, MessageTemplate

pytestmark = pytest.mark.django_db


def test_marketing_sees_the_outbox_templates_and_preview_links(client, marketer, order):
    # test data only: notifications writes messages in the running system
    message = Message.objects.create(
        dedup_key="t-1",
        order_id=order.pk,
        audience="customer",
        channel="email",
        purpose="transactional",
        template_key="order_placed",
        subject="Recebemos o seu pedido",
        status="sent",
    )
    client.force_login(marketer)
    response = client.get(reverse("backoffice:messages"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Recebemos o seu pedido" in body
    assert reverse("notifications:message", args=[message.pk]) in body
    template = MessageTemplate.objects.order_by("id").first()
    if template is not None:
        assert reverse("notifications:template-preview", args=[template.pk]) in body


def test_customer_service_sees_the_outbox_but_not_templates(client, agent):
    client.force_login(agent)
    body = client.get(reverse("backoffice:messages")).content.decode()
    assert "outbox-title" in body
    assert "templates-title" not in body


def test_marketing_sees_journeys_with_figures(client, marketer):
    client.force_login(marketer)
    response = client.get(reverse("backoffice:journeys"))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("journeys:list") in body
    for journey in Journey.objects.all():
        assert f'data-journey="{journey.slug}"' in body


@pytest.mark.parametrize("page", ["messages", "journeys"])
def test_warehouse_and_finance_cannot_see_them(client, packer, make_staff, page):
    for user in (packer, make_staff("fabio", "finance")):
        client.force_login(user)
        assert client.get(reverse(f"backoffice:{page}")).status_code == 403


def test_customer_service_cannot_see_journeys(client, agent):
    client.force_login(agent)
    assert client.get(reverse("backoffice:journeys")).status_code == 403


def test_marketing_home_goes_to_messages(client, marketer):
    client.force_login(marketer)
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:messages")

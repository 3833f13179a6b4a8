"""The shipments and messages panels of the order page, and "resend"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jornada.backoffice.models import StaffAction
from jornada.notifications.models import Message
from jornada.shipping.models import CarrierService, Shipment

pytestmark = pytest.mark.django_db


def detail(order) -> str:  # type: ignore[no-untyped-def]
    return reverse("backoffice:order_detail", args=[order.number])


def a_message(order, status: str = "failed", key: str = "a") -> Message:  # type: ignore[no-untyped-def]
    # test data only: the notifications app writes these rows in the running system
    return Message.objects.create(
        dedup_key=f"test-{order.pk}-{key}",
        order_id=order.pk,
        audience="customer",
        channel="email",
        purpose="transactional",
        address="maria@example.com.br",
        template_key="order_placed",
        subject="Recebemos o seu pedido",
        body_text="Olá",
        status=status,
    )


def test_shipments_panel_shows_tracking_and_label(client, packer, order):
    service = CarrierService.objects.select_related("carrier").first()
    assert service is not None
    Shipment.objects.create(
        order=order,
        service=service,
        tracking_code="AA123456789BR",
        status="posted",
        weight_grams=900,
    )
    client.force_login(packer)
    body = client.get(detail(order)).content.decode()
    assert "panel-shipments" in body
    assert "AA123456789BR" in body
    assert 'data-shipment-status="posted"' in body


def test_no_shipments_or_messages_means_no_panels(client, packer, order):
    client.force_login(packer)
    body = client.get(detail(order)).content.decode()
    assert "panel-shipments" not in body
    assert "panel-messages" not in body


def test_messages_panel_lists_status_and_offers_resend_to_customer_service(client, agent, order):
    message = a_message(order)
    a_message(order, status="sent", key="b")
    client.force_login(agent)
    body = client.get(detail(order)).content.decode()
    assert "Recebemos o seu pedido" in body
    assert 'data-message-status="failed"' in body
    resend = reverse("backoffice:order_message_resend", args=[order.number, message.pk])
    assert resend in body
    assert body.count("/resend/") == 1


def test_resend_queues_a_failed_message_again_and_logs_it(client, agent, order):
    message = a_message(order)
    client.force_login(agent)
    response = client.post(
        reverse("backoffice:order_message_resend", args=[order.number, message.pk])
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status != "failed"
    action = StaffAction.objects.get()
    assert (action.kind, action.params) == ("message_resent", {"message": message.pk})


def test_resending_a_sent_message_is_refused_and_nothing_is_written(client, agent, order):
    message = a_message(order, status="sent")
    client.force_login(agent)
    client.post(reverse("backoffice:order_message_resend", args=[order.number, message.pk]))
    message.refresh_from_db()
    assert message.status == "sent"
    assert not StaffAction.objects.exists()


def test_warehouse_cannot_resend(client, packer, order):
    message = a_message(order)
    client.force_login(packer)
    body = client.get(detail(order)).content.decode()
    assert "/resend/" not in body
    response = client.post(
        reverse("backoffice:order_message_resend", args=[order.number, message.pk])
    )
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.status == "failed"
    assert not StaffAction.objects.exists()

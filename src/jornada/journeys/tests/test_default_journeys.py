"""Each default journey fires on its event, with the right template, language and channel."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jornada.core.documents import document_store
from jornada.core.events import DomainEvent
from jornada.customers.types import CustomerInput
from jornada.journeys.models import Journey, JourneyRun, RunStatus
from jornada.notifications.models import Message, MessageStatus
from jornada.notifications.tests.conftest import (
    DAYTIME,
    DeliveryLate,
    OrderValidated,
    PaymentConfirmed,
    PaymentPending,
    ShipmentDelivered,
    ShipmentDispatched,
    TrackingUpdated,
    drain,
    place,
    publish,
)
from jornada.orders.models import Order, OrderEvent
from jornada.orders.services import (
    order_fulfilment_start,
    order_mark_paid,
    order_mark_shipped,
    order_validate,
)
from jornada.orders.types import Actor

pytestmark = pytest.mark.django_db


def _tracking(order: Order, status: str) -> TrackingUpdated:
    return TrackingUpdated(
        order_id=order.pk,
        shipment_id=7,
        tracking_code="AA123456785BR",
        status=status,
        description="Destinatário ausente" if status == "failed_attempt" else "",
        location="CDD Bela Vista",
        occurred_at=DAYTIME.isoformat(),
    )


EVENTS: dict[str, Any] = {
    "payment_pending": lambda o: PaymentPending(
        order_id=o.pk,
        payment_id=3,
        method="pix",
        amount=str(o.grand_total),
        expires_at=(DAYTIME + dt.timedelta(hours=1)).isoformat(),
        pix_copy_paste="00020126580014br.gov.bcb.pix0136chave",
    ),
    "payment_approved": lambda o: PaymentConfirmed(
        order_id=o.pk, payment_id=3, method="credit_card", amount=str(o.grand_total), instalments=3
    ),
    "order_validated": lambda o: OrderValidated(
        order_id=o.pk, number=o.number, promised_date="2026-03-20", report_document_id=None
    ),
    "order_shipped": lambda o: ShipmentDispatched(
        order_id=o.pk,
        shipment_id=7,
        carrier="Correios",
        service="SEDEX",
        tracking_code="AA123456785BR",
        tracking_url="https://rastreio.example/AA123456785BR",
        promised_date="2026-03-20",
    ),
    "out_for_delivery": lambda o: _tracking(o, "out_for_delivery"),
    "delivery_failed": lambda o: _tracking(o, "failed_attempt"),
    "returned_to_sender": lambda o: _tracking(o, "returned"),
    "ready_for_pickup": lambda o: _tracking(o, "ready_for_pickup"),
    "delivery_late": lambda o: DeliveryLate(
        order_id=o.pk, shipment_id=7, tracking_code="AA123456785BR", promised_date="2026-03-09"
    ),
}

# what each message must say (in pt-BR), so a wrong template cannot pass
EXPECTED_WORDS = {
    "payment_pending": "00020126580014br.gov.bcb.pix0136chave",
    "payment_approved": "foi aprovado",
    "order_validated": "20/03/2026",
    "order_shipped": "AA123456785BR",
    "out_for_delivery": "saiu para entrega",
    "delivery_failed": "não conseguiu entregar",
    "returned_to_sender": "voltou para a loja",
    "ready_for_pickup": "pronto para retirada",
    "delivery_late": "Nova previsão: até 13/03/2026",
}


def _customer_messages(order: Order) -> list[Message]:
    return list(Message.objects.filter(order_id=order.pk, audience="customer").order_by("id"))


def test_order_placed_alerts_staff_by_email_and_confirms_to_the_customer_on_whatsapp(
    catalog: Any, clock: Any
) -> None:
    # given / when
    order = place()
    drain()
    # then
    staff = Message.objects.get(order_id=order.pk, audience="staff")
    assert (staff.template_key, staff.channel, staff.address, staff.status) == (
        "staff_new_order",
        "email",
        "equipe@loja.example",
        MessageStatus.SENT,
    )
    assert staff.subject == f"Novo pedido {order.number} — Maria da Silva — R$ 179,60"
    assert "2 \u00d7 Camiseta Jornada (Tamanho M) — R$ 119,80" in staff.body_text
    [confirmation] = _customer_messages(order)
    assert (confirmation.template_key, confirmation.channel, confirmation.language) == (
        "order_confirmation",
        "whatsapp",
        "pt-br",
    )
    assert confirmation.address == "+5511987654321"
    assert confirmation.body_text == (
        f"Olá, Maria! Recebemos seu pedido {order.number} (R$ 179,60). "
        "Prazo estimado: até 19/03/2026. Loja Jornada"
    )
    assert confirmation.meta["whatsapp_template"] == "jornada_order_confirmation"
    assert confirmation.meta["whatsapp_params"] == [
        "Maria",
        order.number,
        "R$ 179,60",
        "19/03/2026",
    ]


def test_order_confirmation_by_email_carries_summary_payment_method_and_deadline(
    catalog: Any, clock: Any
) -> None:
    # given a customer who prefers email
    customer = CustomerInput(
        name="João Souza",
        document="52998224725",
        email="joao@example.com",
        preferred_channel="email",
    )
    # when
    order = place(customer=customer)
    drain()
    # then
    [message] = _customer_messages(order)
    assert (message.channel, message.address) == ("email", "joao@example.com")
    assert message.subject == f"Recebemos seu pedido {order.number}"
    assert "Forma de pagamento: cartão de crédito em 3x" in message.body_text
    assert "Prazo estimado de entrega: até 19/03/2026" in message.body_text
    assert "<p>Olá, João!</p>" in message.body_html
    assert "contato@loja.example" in message.body_html  # the store's contacts in the layout


@pytest.mark.parametrize("template", list(EVENTS))
def test_each_stage_journey_sends_its_template_on_the_preferred_channel(
    catalog: Any, clock: Any, template: str
) -> None:
    # given an order whose confirmation went out already
    order = place()
    drain()
    # when the stage's event arrives
    publish(EVENTS[template](order))
    drain()
    # then exactly one more customer message, with that stage's template and words
    messages = _customer_messages(order)
    assert [m.template_key for m in messages] == ["order_confirmation", template]
    message = messages[1]
    assert (message.channel, message.language, message.status) == (
        "whatsapp",
        "pt-br",
        MessageStatus.SENT,
    )
    assert EXPECTED_WORDS[template] in message.body_text
    assert OrderEvent.objects.filter(
        order_id=order.pk, type="message", params__message_id=message.pk, params__status="sent"
    ).exists()


def test_messages_go_in_the_order_language(catalog: Any, clock: Any) -> None:
    # given an order placed in Spanish
    order = place(language="es")
    drain()
    # when it ships
    publish(EVENTS["order_shipped"](order))
    drain()
    # then
    messages = _customer_messages(order)
    assert [m.language for m in messages] == ["es", "es"]
    assert messages[1].body_text.startswith(f"Maria, ¡tu pedido {order.number} fue enviado!")
    assert messages[1].meta["whatsapp_params"][0] == "Maria"


def test_validated_message_attaches_the_order_report(catalog: Any, clock: Any) -> None:
    # given an email customer and the order report produced by validation
    customer = CustomerInput(
        name="Ana Lima", document="11144477735", email="ana@example.com", preferred_channel="email"
    )
    order = place(customer=customer)
    report = document_store(
        kind="order_report", filename="pedido.pdf", content=b"%PDF-1.4 report", order_id=order.pk
    )
    # when
    publish(
        OrderValidated(
            order_id=order.pk,
            number=order.number,
            promised_date="2026-03-20",
            report_document_id=report.pk,
        )
    )
    drain()
    # then
    message = Message.objects.get(order_id=order.pk, template_key="order_validated")
    assert message.attachments == [report.pk]
    assert "O relatório do pedido, com todos os detalhes, está em anexo." in message.body_text
    assert message.subject == f"Pedido {order.number} validado — entrega até 20/03/2026"


def test_delivered_asks_after_two_hours_on_the_preferred_channel(catalog: Any, clock: Any) -> None:
    # given
    order = place()
    drain()
    publish(
        ShipmentDelivered(
            order_id=order.pk,
            shipment_id=7,
            tracking_code="AA123456785BR",
            received_by="Maria",
            delivered_at=DAYTIME.isoformat(),
            on_time=True,
        )
    )
    drain()
    # then nothing yet: the step waits in a timer row
    run = JourneyRun.objects.get(journey__slug="delivered", order_id=order.pk)
    assert run.status == RunStatus.WAITING
    assert run.due_at == DAYTIME.replace(microsecond=0) + dt.timedelta(hours=2) or (
        dt.timedelta(0) <= run.due_at - (DAYTIME + dt.timedelta(hours=2)) < dt.timedelta(minutes=1)
    )
    assert not Message.objects.filter(template_key="delivered").exists()
    # when the two hours pass
    clock.shift(dt.timedelta(hours=2, minutes=1))
    drain()
    # then
    message = Message.objects.get(template_key="delivered")
    assert (message.channel, message.status) == ("whatsapp", MessageStatus.SENT)
    assert "Chegou tudo certinho?" in message.body_text
    run.refresh_from_db()
    assert (run.status, run.messages_sent) == (RunStatus.DONE, 1)


def test_delayed_step_is_skipped_when_the_order_was_returned_meanwhile(
    catalog: Any, clock: Any
) -> None:
    # given a delivered order waiting for its "did it arrive well?" message
    order = place()
    drain()
    publish(
        ShipmentDelivered(
            order_id=order.pk,
            shipment_id=7,
            tracking_code="AA123456785BR",
            received_by="Maria",
            delivered_at=DAYTIME.isoformat(),
            on_time=True,
        )
    )
    drain()
    # when the customer asks to return it before the step is due
    Order.objects.filter(pk=order.pk).update(status="return_requested")
    clock.shift(dt.timedelta(hours=3))
    drain()
    # then no message, and the run says why
    assert not Message.objects.filter(template_key="delivered").exists()
    run = JourneyRun.objects.get(journey__slug="delivered", order_id=order.pk)
    assert run.status == RunStatus.SKIPPED
    assert run.skip_reason.startswith("condition: status not_in cancelled,return_requested")


def test_pix_reminder_fires_before_expiry_only_while_unpaid(catalog: Any, clock: Any) -> None:
    # given two Pix orders expiring in one hour
    paid, unpaid = place(), place()
    drain()
    for order in (paid, unpaid):
        publish(EVENTS["payment_pending"](order))
    drain()
    # when one is paid, and the reminder comes due (10 minutes before expiry)
    order_mark_paid(order_id=paid.pk, actor=Actor.system())
    clock.shift(dt.timedelta(minutes=51))
    drain()
    # then only the unpaid order is reminded
    reminders = Message.objects.filter(template_key="payment_reminder")
    assert [m.order_id for m in reminders] == [unpaid.pk]
    assert "vence em" in reminders[0].body_text
    skipped = JourneyRun.objects.get(journey__slug="pix-reminder", order_id=paid.pk)
    assert skipped.status == RunStatus.SKIPPED


def test_a_replayed_event_sends_nothing_twice(catalog: Any, clock: Any) -> None:
    # given an order that shipped, with its message sent
    order = place()
    drain()
    event = EVENTS["order_shipped"](order)
    publish(event)
    drain()
    before = Message.objects.count()
    # when the same fact is published again (a producer retry) and delivered again
    publish(event)
    drain()
    # then
    assert Message.objects.count() == before
    assert JourneyRun.objects.filter(journey__slug="order-shipped").count() == 1


def test_a_handler_run_twice_for_the_same_event_sends_once(catalog: Any, clock: Any) -> None:
    from jornada.core.events import as_event
    from jornada.core.models import OutboxEvent
    from jornada.journeys.handlers import journeys_enter

    # given
    order = place()
    drain()
    publish(EVENTS["out_for_delivery"](order))
    drain()
    row = OutboxEvent.objects.get(event_type="shipping.TrackingUpdated")
    # when a worker repeats the delivery (crash after sending, before recording done)
    journeys_enter(as_event(row))
    # then
    assert Message.objects.filter(template_key="out_for_delivery").count() == 1


def test_disabled_journey_does_not_fire(catalog: Any, clock: Any) -> None:
    # given
    Journey.objects.filter(slug="order-confirmation").update(is_enabled=False)
    # when
    order = place()
    drain()
    # then the staff alert still goes, the confirmation does not
    assert [m.template_key for m in Message.objects.filter(order_id=order.pk)] == [
        "staff_new_order"
    ]


def _ship(order: Order) -> None:
    order_mark_paid(order_id=order.pk, actor=Actor.system())
    order_validate(order_id=order.pk, actor=Actor.system())
    order_fulfilment_start(order_id=order.pk, actor=Actor.system())
    order_mark_shipped(order_id=order.pk, actor=Actor.system())


def test_late_delivery_apology_skipped_once_the_order_is_delivered(
    catalog: Any, clock: Any
) -> None:
    # given a delivered order
    order = place()
    _ship(order)
    Order.objects.filter(pk=order.pk).update(status="delivered")
    # when the carrier's late notice arrives after all
    publish(EVENTS["delivery_late"](order))
    drain()
    # then
    assert not Message.objects.filter(template_key="delivery_late").exists()
    assert JourneyRun.objects.get(journey__slug="delivery-late").status == RunStatus.SKIPPED


def _event(template: str, order: Order) -> DomainEvent:
    return EVENTS[template](order)  # type: ignore[no-any-return]

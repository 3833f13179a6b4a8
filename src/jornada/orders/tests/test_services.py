from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from jornada.core.errors import DomainError, TransitionNotAllowed
from jornada.core.models import OutboxEvent
from jornada.customers.models import Customer
from jornada.customers.types import CustomerInput
from jornada.orders.models import Order, OrderEvent, OrderLine
from jornada.orders.services import (
    OrderInvalid,
    order_add_note,
    order_cancel,
    order_change_address,
    order_change_lines,
    order_place,
)
from jornada.orders.states import OrderStatus
from jornada.orders.tests.conftest import a_cpf, order_input
from jornada.orders.types import Actor, AddressInput, LineInput

pytestmark = pytest.mark.django_db

API = Actor.integration("loja")


def _nothing_written() -> None:
    assert Order.objects.count() == 0
    assert OrderLine.objects.count() == 0
    assert OrderEvent.objects.count() == 0
    assert Customer.objects.count() == 0
    assert OutboxEvent.objects.count() == 0


def test_placing_an_order_prices_it_snapshots_lines_and_records_it(catalog):
    # when
    placement = order_place(data=order_input(), actor=API)

    # then
    order = Order.objects.get()
    assert placement.order == order
    assert (order.status, order.channel, order.payment_method, order.instalments) == (
        OrderStatus.PLACED,
        "online_store",
        "credit_card",
        3,
    )
    assert (order.subtotal, order.shipping_total, order.grand_total) == (
        Decimal("159.70"),
        Decimal("19.90"),
        Decimal("179.60"),
    )
    assert (order.ship_cep, order.ship_uf, order.recipient_name) == (
        "01310100",
        "SP",
        "Maria da Silva",
    )
    lines = list(
        order.lines.order_by("position").values_list(
            "sku", "quantity", "unit_price", "line_total", "handling"
        )
    )
    assert lines == [
        ("CAM-M", 2, Decimal("59.90"), Decimal("119.80"), []),
        ("CANECA", 1, Decimal("39.90"), Decimal("39.90"), ["fragile"]),
    ]
    event = OrderEvent.objects.get()
    assert (event.type, event.actor_kind, event.actor_label) == ("placed", "integration", "loja")
    assert event.params == {
        "number": order.number,
        "channel": "online_store",
        "status": "placed",
        "grand_total": "179.60",
        "currency": "BRL",
        "payment_method": "credit_card",
        "instalments": 3,
        "items": 3,
    }
    outbox = OutboxEvent.objects.get()
    assert outbox.event_type == "orders.OrderPlaced"
    assert outbox.payload["number"] == order.number
    assert outbox.payload["grand_total"] == "179.60"


def test_a_later_catalog_price_change_does_not_touch_the_order(catalog):
    order = order_place(data=order_input(), actor=API).order
    catalog["CAM-M"].price = Decimal("99.00")
    catalog["CAM-M"].save()

    assert OrderLine.objects.get(order=order, sku="CAM-M").unit_price == Decimal("59.90")


def test_order_numbers_are_sequential_and_readable(catalog):
    numbers = [order_place(data=order_input(), actor=API).order.number for _ in range(3)]
    first = int(numbers[0])
    assert numbers == [str(first), str(first + 1), str(first + 2)]
    assert first >= 100001


def test_on_postgresql_numbers_go_on_from_where_the_counter_row_stood(catalog):
    from django.apps import apps
    from django.db import connection

    from jornada.orders.models import OrderNumberSequence

    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps the counter row (gapless)")
    migration = importlib.import_module("jornada.orders.migrations.0005_order_number_pg_sequence")
    OrderNumberSequence.objects.update_or_create(name="order", defaults={"last_value": 7_000_000})
    with connection.schema_editor() as editor:
        migration.create_sequence(apps, editor)

    numbers = [order_place(data=order_input(), actor=API).order.number for _ in range(2)]

    assert numbers == ["7000001", "7000002"]


def test_a_second_order_with_the_same_document_updates_the_customer(catalog):
    cpf = a_cpf()
    order_place(data=order_input(document=cpf), actor=API)
    second = CustomerInput(name="Maria S. Souza", document=cpf, email="maria.nova@example.com")

    order_place(data=order_input(customer=second), actor=API)

    customer = Customer.objects.get()
    assert (customer.name, customer.email) == ("Maria S. Souza", "maria.nova@example.com")
    assert list(Order.objects.values_list("customer_id", flat=True).distinct()) == [customer.pk]


def test_bad_input_names_every_bad_field_and_writes_nothing(catalog):
    bad = order_input(
        customer=CustomerInput(name="Maria", document="123.456.789-00", email="maria@example.com"),
        shipping_address=AddressInput(
            logradouro="Rua A",
            numero="1",
            bairro="Centro",
            cidade="Rio de Janeiro",
            uf="RJ",
            cep="01310-100",
        ),
        lines=(LineInput("CAM-M", 0), LineInput("NAO-EXISTE", 1)),
        payment_method="cheque",
    )

    with translation.override("pt-br"), pytest.raises(OrderInvalid) as raised:
        order_place(data=bad, actor=API)

    fields = raised.value.fields
    assert set(fields) >= {
        "customer.document",
        "shipping_address.cep",
        "lines.0.quantity",
        "lines.1.sku",
    }
    with translation.override("pt-br"):
        assert "RJ" in str(fields["shipping_address.cep"][0])
    _nothing_written()


def test_only_staff_may_record_orders_from_the_phone_or_the_store(catalog):
    with pytest.raises(OrderInvalid) as raised:
        order_place(data=order_input(channel="phone"), actor=API)
    assert list(raised.value.fields) == ["channel"]
    _nothing_written()

    staff = Actor.staff(user_id=None, label="ana")  # type: ignore[arg-type]
    order = order_place(data=order_input(channel="physical_store"), actor=staff).order
    assert order.channel == "physical_store"
    assert Customer.objects.get().source == "physical_store"


def test_a_customer_cancels_within_the_window_with_a_reason(catalog):
    order = order_place(data=order_input(), actor=API).order

    cancelled = order_cancel(
        order_id=order.pk, actor=Actor.customer("Maria"), reason="Comprei errado"
    )

    assert cancelled.status == OrderStatus.CANCELLED
    assert cancelled.cancel_reason == "Comprei errado"
    event = OrderEvent.objects.filter(order=order).latest("id")
    assert (event.type, event.actor_kind, event.params) == (
        "cancelled",
        "customer",
        {"from": "placed", "reason": "Comprei errado"},
    )
    assert OutboxEvent.objects.filter(event_type="orders.OrderCancelled").count() == 1


def test_a_customer_cannot_cancel_after_the_window_and_nothing_changes(catalog, settings):
    settings.CUSTOMER_CANCEL_WINDOW_MINUTES = 30
    order = order_place(data=order_input(), actor=API).order
    later = timezone.now() + dt.timedelta(minutes=31)

    with pytest.raises(TransitionNotAllowed) as raised:
        order_cancel(
            order_id=order.pk, actor=Actor.customer("Maria"), reason="Mudei de ideia", now=later
        )

    assert raised.value.code == "cancel_window_passed"
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED
    assert OrderEvent.objects.filter(order=order).count() == 1


def test_staff_may_cancel_before_dispatch_but_not_after(catalog):
    order = order_place(data=order_input(), actor=API).order
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.IN_FULFILMENT)
    staff = Actor.staff(user_id=None, label="ana")  # type: ignore[arg-type]

    assert (
        order_cancel(order_id=order.pk, actor=staff, reason="Cliente pediu").status
        == OrderStatus.CANCELLED
    )

    shipped = order_place(data=order_input(), actor=API).order
    Order.objects.filter(pk=shipped.pk).update(status=OrderStatus.SHIPPED)
    with pytest.raises(TransitionNotAllowed):
        order_cancel(order_id=shipped.pk, actor=staff, reason="Tarde demais")
    assert Order.objects.get(pk=shipped.pk).status == OrderStatus.SHIPPED
    assert OrderEvent.objects.filter(order=shipped, type="cancelled").count() == 0


def test_cancelling_without_a_reason_is_refused(catalog):
    order = order_place(data=order_input(), actor=API).order
    with pytest.raises(DomainError) as raised:
        order_cancel(order_id=order.pk, actor=API, reason="  ")
    assert list(raised.value.fields) == ["reason"]
    assert Order.objects.get().status == OrderStatus.PLACED


def test_changing_the_address_records_before_and_after(catalog):
    order = order_place(data=order_input(), actor=API).order
    new = AddressInput(
        logradouro="Rua da Assembleia",
        numero="10",
        bairro="Centro",
        cidade="Rio de Janeiro",
        uf="RJ",
        cep="20011-000",
    )

    changed = order_change_address(order_id=order.pk, address=new, actor=API)

    assert (changed.ship_uf, changed.ship_cep) == ("RJ", "20011000")
    event = OrderEvent.objects.filter(order=order).latest("id")
    assert event.type == "address_changed"
    assert (event.params["before"]["cep"], event.params["after"]["cep"]) == ("01310100", "20011000")


def test_an_address_with_a_cep_of_another_state_is_refused_and_nothing_changes(catalog):
    order = order_place(data=order_input(), actor=API).order
    bad = AddressInput(
        logradouro="Rua X", numero="1", bairro="Centro", cidade="Recife", uf="PE", cep="01310-100"
    )

    with pytest.raises(OrderInvalid) as raised:
        order_change_address(order_id=order.pk, address=bad, actor=API)

    assert list(raised.value.fields) == ["shipping_address.cep"]
    assert Order.objects.get().ship_uf == "SP"
    assert OrderEvent.objects.count() == 1


def test_lines_of_an_unpaid_order_change_with_totals_recomputed_and_old_prices_kept(catalog):
    order = order_place(data=order_input(), actor=API).order
    catalog["CAM-M"].price = Decimal("70.00")
    catalog["CAM-M"].save()

    changed = order_change_lines(
        order_id=order.pk, lines=[LineInput("CAM-M", 1), LineInput("CAFE", 2)], actor=API
    )

    assert list(
        changed.lines.order_by("position").values_list("sku", "quantity", "unit_price")
    ) == [
        ("CAM-M", 1, Decimal("59.90")),
        ("CAFE", 2, Decimal("45.00")),
    ]
    assert (changed.subtotal, changed.grand_total) == (Decimal("149.90"), Decimal("169.80"))
    event = OrderEvent.objects.filter(order=order).latest("id")
    assert event.type == "lines_changed"
    assert event.params["before"]["grand_total"] == "179.60"
    assert event.params["after"]["grand_total"] == "169.80"


def test_lines_of_a_paid_order_cannot_change(catalog):
    order = order_place(data=order_input(), actor=API).order
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.PAID)

    with pytest.raises(TransitionNotAllowed):
        order_change_lines(order_id=order.pk, lines=[LineInput("CAFE", 1)], actor=API)

    assert list(OrderLine.objects.filter(order=order).values_list("sku", flat=True)) == [
        "CAM-M",
        "CANECA",
    ]
    assert OrderEvent.objects.filter(order=order).count() == 1


def test_a_note_goes_on_the_timeline(catalog):
    order = order_place(data=order_input(), actor=API).order
    order_add_note(order_id=order.pk, text="Cliente ligou", actor=API)
    assert OrderEvent.objects.filter(order=order).latest("id").params == {"text": "Cliente ligou"}


def test_timeline_events_are_append_only(catalog):
    order_place(data=order_input(), actor=API)
    event = OrderEvent.objects.get()
    event.params = {"tampered": True}
    with pytest.raises(ValueError):
        event.save()


def test_the_whole_journey_moves_through_named_services_and_is_on_the_timeline(catalog):
    from jornada.orders import services

    order = order_place(data=order_input(), actor=API).order
    system = Actor.system()
    steps: list[tuple[Callable[..., Order], dict[str, Any], str]] = [
        (services.order_await_payment, {}, OrderStatus.AWAITING_PAYMENT),
        (services.order_mark_paid, {}, OrderStatus.PAID),
        (services.order_hold, {"reason": "primeira compra de alto valor"}, OrderStatus.ON_HOLD),
        (services.order_validate, {}, OrderStatus.VALIDATED),
        (services.order_fulfilment_start, {}, OrderStatus.IN_FULFILMENT),
        (services.order_mark_partially_shipped, {}, OrderStatus.PARTIALLY_SHIPPED),
        (services.order_mark_shipped, {}, OrderStatus.SHIPPED),
        (services.order_mark_delivered, {}, OrderStatus.DELIVERED),
        (services.order_return_request, {"reason": "tamanho errado"}, OrderStatus.RETURN_REQUESTED),
        (services.order_mark_returned, {}, OrderStatus.RETURNED),
        (services.order_mark_refunded, {"partial": True}, OrderStatus.PARTIALLY_REFUNDED),
        (services.order_mark_refunded, {"partial": False}, OrderStatus.REFUNDED),
    ]
    for service, extra, expected in steps:
        assert service(order_id=order.pk, actor=system, **extra).status == expected
        assert Order.objects.get(pk=order.pk).status == expected

    moves = list(
        OrderEvent.objects.filter(order=order, type="status_changed")
        .order_by("id")
        .values_list("params", flat=True)
    )
    assert [m["to"] for m in moves] == [s[2] for s in steps]
    assert moves[2]["reason"] == "primeira compra de alto valor"
    assert OutboxEvent.objects.filter(event_type="orders.OrderStatusChanged").count() == len(steps)


def test_a_move_outside_the_table_changes_nothing(catalog):
    from jornada.orders import services

    order = order_place(data=order_input(), actor=API).order
    with pytest.raises(TransitionNotAllowed):
        services.order_mark_shipped(order_id=order.pk, actor=Actor.system())
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PLACED
    assert not OrderEvent.objects.filter(order=order, type="status_changed").exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("pt-br", ("Produto desconhecido ou indisponível: NAO-EXISTE.", "entre 1 e")),
        ("es", ("Producto desconocido o no disponible: NAO-EXISTE.", "entre 1 y")),
        ("en", ("Unknown or unavailable product: NAO-EXISTE.", "between 1 and")),
    ],
)
def test_errors_speak_the_language_of_the_request(catalog, language, expected):
    bad = order_input(lines=(LineInput("CAM-M", 0), LineInput("NAO-EXISTE", 1)))
    with translation.override(language), pytest.raises(OrderInvalid) as raised:
        order_place(data=bad, actor=API)
    with translation.override(language):
        fields = {k: [str(m) for m in v] for k, v in raised.value.fields.items()}
    assert fields["lines.1.sku"] == [expected[0]]
    assert expected[1] in fields["lines.0.quantity"][0]

from __future__ import annotations

import pytest
from django.db import transaction

from jornada.core.models import OutboxEvent
from jornada.inventory.errors import OutOfStock
from jornada.inventory.models import Reservation, StockLevel, StockMovement
from jornada.inventory.selectors import order_holdings, pick_locations, stock_audit
from jornada.inventory.tests.conftest import stock
from jornada.orders.models import Order
from jornada.orders.services import order_place
from jornada.orders.tests.conftest import order_input
from jornada.orders.types import Actor, LineInput

pytestmark = pytest.mark.django_db

CUSTOMER = Actor.customer()


def level(location, sku):  # type: ignore[no-untyped-def]
    return StockLevel.objects.get(location=location, sku=sku)


def test_placing_an_order_holds_every_line_in_the_same_transaction(catalog, warehouse):
    # given
    stock(warehouse, CAM_M=5, CANECA=3)

    # when
    placement = order_place(data=order_input(), actor=CUSTOMER)

    # then
    order = placement.order
    assert order_holdings(order.pk) == {"CAM-M": 2, "CANECA": 1}
    assert (level(warehouse, "CAM-M").reserved, level(warehouse, "CAM-M").available) == (2, 3)
    assert (level(warehouse, "CANECA").reserved, level(warehouse, "CANECA").available) == (1, 2)
    reserve_rows = StockMovement.objects.filter(kind="reserve", order_id=order.pk)
    assert sorted(reserve_rows.values_list("level__sku", "d_reserved")) == [
        ("CAM-M", 2),
        ("CANECA", 1),
    ]
    assert stock_audit() == []


def test_an_order_for_more_than_is_available_is_refused_naming_the_sku(catalog, warehouse):
    # given
    stock(warehouse, CAM_M=5, CANECA=1)
    order_place(data=order_input(lines=(LineInput("CANECA", 1),)), actor=CUSTOMER)
    events_before = OutboxEvent.objects.count()

    # when
    with pytest.raises(OutOfStock) as refused, transaction.atomic():
        order_place(data=order_input(), actor=CUSTOMER)

    # then
    assert refused.value.code == "out_of_stock"
    assert "CANECA" in str(refused.value.message)
    assert refused.value.fields == {"lines.1.sku": ["Sem estoque: CANECA (0 disponíveis)."]}
    assert Order.objects.count() == 1
    assert OutboxEvent.objects.count() == events_before
    assert level(warehouse, "CAM-M").reserved == 0
    assert stock_audit() == []


def test_lines_of_the_same_sku_are_held_together(catalog, warehouse):
    stock(warehouse, CAM_M=3)

    with pytest.raises(OutOfStock), transaction.atomic():
        order_place(
            data=order_input(lines=(LineInput("CAM-M", 2), LineInput("CAM-M", 2))), actor=CUSTOMER
        )
    placement = order_place(
        data=order_input(lines=(LineInput("CAM-M", 2), LineInput("CAM-M", 1))), actor=CUSTOMER
    )

    assert order_holdings(placement.order.pk) == {"CAM-M": 3}
    assert level(warehouse, "CAM-M").available == 0


def test_prefers_the_location_serving_the_customers_state_when_it_can_ship_everything(
    catalog, warehouse, store_rj
):
    # given: both can ship the whole order; the warehouse has the better priority
    stock(warehouse, CAM_M=10, CANECA=10)
    stock(store_rj, CAM_M=10, CANECA=10)
    rio = order_input().shipping_address.__class__(
        logradouro="Avenida Rio Branco",
        numero="1",
        bairro="Centro",
        cidade="Rio de Janeiro",
        uf="RJ",
        cep="20040-020",
    )

    # when
    placement = order_place(data=order_input(shipping_address=rio), actor=CUSTOMER)

    # then
    held = Reservation.objects.filter(order_id=placement.order.pk)
    assert {code for code in held.values_list("level__location__code", flat=True)} == {"loja-rj"}


def test_a_location_that_ships_the_whole_order_beats_the_one_serving_the_state(
    catalog, warehouse, store_rj
):
    # given: the store serves RJ but lacks mugs; the warehouse has everything
    stock(warehouse, CAM_M=10, CANECA=10)
    stock(store_rj, CAM_M=10)
    rio = order_input().shipping_address.__class__(
        logradouro="Avenida Rio Branco",
        numero="1",
        bairro="Centro",
        cidade="Rio de Janeiro",
        uf="RJ",
        cep="20040-020",
    )

    placement = order_place(data=order_input(shipping_address=rio), actor=CUSTOMER)

    held = Reservation.objects.filter(order_id=placement.order.pk)
    assert set(held.values_list("sku", "level__location__code", "quantity")) == {
        ("CAM-M", "cd-sp", 2),
        ("CANECA", "cd-sp", 1),
    }


def test_splits_across_locations_when_none_can_ship_everything(catalog, warehouse, store_rj):
    # given: shirts only in Rio (one there, one more in SP), mugs only in SP
    stock(warehouse, CAM_M=1, CANECA=5)
    stock(store_rj, CAM_M=1)

    placement = order_place(data=order_input(), actor=CUSTOMER)

    held = Reservation.objects.filter(order_id=placement.order.pk)
    assert sorted(held.values_list("sku", "level__location__code", "quantity")) == [
        ("CAM-M", "cd-sp", 1),
        ("CAM-M", "loja-rj", 1),
        ("CANECA", "cd-sp", 1),
    ]
    assert stock_audit() == []


def test_skus_without_stock_records_are_sold_untracked(catalog, warehouse):
    stock(warehouse, CAM_M=5)

    placement = order_place(data=order_input(), actor=CUSTOMER)

    assert order_holdings(placement.order.pk) == {"CAM-M": 2}
    # on record as sold, holding nothing
    untracked = Reservation.objects.filter(order_id=placement.order.pk, status="untracked")
    assert list(untracked.values_list("sku", "quantity", "level")) == [("CANECA", 1, None)]
    assert stock_audit() == []


def test_untracked_skus_are_refused_when_the_store_tracks_everything(catalog, warehouse, settings):
    settings.INVENTORY_SELL_UNTRACKED = False
    stock(warehouse, CAM_M=5)

    with pytest.raises(OutOfStock) as refused, transaction.atomic():
        order_place(data=order_input(), actor=CUSTOMER)

    assert list(refused.value.fields) == ["lines.1.sku"]
    assert Order.objects.count() == 0


def test_pick_locations_names_the_first_location_by_priority_with_units(warehouse, store_rj):
    stock(store_rj, CAM_M=1, CANECA=2)
    stock(warehouse, CAM_M=3)

    assert pick_locations({"CAM-M", "CANECA", "CAFE"}) == {
        "CAM-M": "CD São Paulo",
        "CANECA": "Loja Rio",
    }

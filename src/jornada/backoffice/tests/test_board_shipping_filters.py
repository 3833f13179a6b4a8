"""The order board's carrier filter and tracking-code search."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from jornada.backoffice.selectors import BoardFilters, board_counts, board_page, search_condition
from jornada.orders.models import Order
from jornada.shipping.models import Shipment
from jornada.shipping.shipments import shipment_create
from jornada.shipping.tests.flow import STAFF, packed, shipped
from jornada.shipping.tests.journey import place, store_catalog

pytestmark = pytest.mark.django_db
BOARD = "/backoffice/orders/"


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    """An order shipped by Correios, one by Rápido Transportes, one not shipped."""
    store_catalog()
    by_correios = shipped()
    by_rapido = shipment_create(order_id=packed().pk, actor=STAFF, service_code="rapido-padrao")
    waiting = place()
    return {"correios": by_correios, "rapido": by_rapido, "waiting": waiting}


def numbers(orders: list[Order]) -> list[str]:
    return [order.number for order in orders]


def search(text: str) -> list[str]:
    condition = search_condition(text)
    assert condition is not None
    return sorted(Order.objects.filter(condition).values_list("number", flat=True))


def test_a_tracking_code_finds_its_order_exactly(world):
    correios: Shipment = world["correios"]
    rapido: Shipment = world["rapido"]
    assert correios.tracking_code[:2].isalpha() and correios.tracking_code[-2:] == "BR"
    assert search(correios.tracking_code) == [correios.order.number]
    assert search(rapido.tracking_code.lower()) == [rapido.order.number]
    assert search(f"  {rapido.tracking_code} ") == [rapido.order.number]
    assert search(correios.tracking_code[:-1]) == []  # exact, never a part of a code
    assert search("XX999999999BR") == []


def test_the_carrier_filter_keeps_orders_with_a_shipment_of_that_carrier(world):
    now = timezone.now()
    # when
    rapido = BoardFilters(carrier="rapido")
    correios = BoardFilters(carrier="correios")
    # then
    assert numbers(board_page(filters=rapido, now=now).orders) == [world["rapido"].order.number]
    assert numbers(board_page(filters=correios, now=now).orders) == [world["correios"].order.number]
    counts = board_counts(filters=rapido, now=now)
    assert counts["in_transit"] == 1
    assert sum(counts.values()) == 1
    assert sum(board_counts(filters=BoardFilters(), now=now).values()) == 3


def test_counts_with_the_carrier_filter_are_still_one_statement(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        board_counts(filters=BoardFilters(carrier="rapido"), now=timezone.now())


def test_the_board_offers_the_carriers_and_keeps_the_filter_in_its_links(client, agent, world):
    client.force_login(agent)
    # when
    body = client.get(BOARD, {"carrier": "rapido"}).content.decode()
    # then
    assert '<option value="rapido" selected>Rápido Transportes</option>' in body
    assert '<option value="correios">Correios</option>' in body
    assert f"#{world['rapido'].order.number}" in body
    assert f"#{world['correios'].order.number}" not in body
    assert f"#{world['waiting'].number}" not in body
    assert "?carrier=rapido&amp;stage=in_transit" in body


def test_an_unknown_carrier_is_ignored_like_any_unknown_filter(client, agent, world):
    client.force_login(agent)
    body = client.get(BOARD, {"carrier": "nope"}).content.decode()
    for order in (world["correios"].order, world["rapido"].order, world["waiting"]):
        assert f"#{order.number}" in body


def test_searching_a_tracking_code_on_the_board(client, agent, world):
    client.force_login(agent)
    code = world["correios"].tracking_code
    body = client.get(BOARD, {"q": code}).content.decode()
    assert f"#{world['correios'].order.number}" in body
    assert f"#{world['rapido'].order.number}" not in body
    assert "código de rastreio" in body  # the search box says it takes one

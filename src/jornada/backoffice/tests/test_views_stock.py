"""The stock page: levels, adjustments through inventory (warehouse only), purchase orders."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jornada.backoffice.models import StaffAction
from jornada.inventory.models import Location, StockLevel
from jornada.inventory.services import StockActor, stock_receive

pytestmark = pytest.mark.django_db
URL = "/backoffice/stock/"


@pytest.fixture
def warehouse(catalog: Any) -> Location:
    location = Location.objects.create(code="cd-sp", name="CD São Paulo", uf="SP", priority=10)
    stock_receive(location=location, sku="CAM-M", quantity=10, actor=StockActor())
    return location


def adjust(client, **data):  # type: ignore[no-untyped-def]
    return client.post(reverse("backoffice:stock_adjust"), data)


def test_the_urls_are_named():
    assert reverse("backoffice:stock") == URL


def test_warehouse_sees_levels_and_the_adjust_form(client, packer, warehouse):
    client.force_login(packer)
    body = client.get(URL).content.decode()
    assert 'data-sku="CAM-M"' in body
    assert "CD São Paulo" in body
    assert reverse("backoffice:stock_adjust") in body


def test_filtering_by_sku(client, packer, warehouse):
    stock_receive(location=warehouse, sku="CANECA", quantity=3, actor=StockActor())
    client.force_login(packer)
    body = client.get(URL + "?sku=caneca").content.decode()
    assert 'data-sku="CANECA"' in body
    assert 'data-sku="CAM-M"' not in body


def test_adjusting_moves_on_hand_through_inventory_and_logs_it(client, packer, warehouse):
    client.force_login(packer)
    response = adjust(client, location="cd-sp", sku="cam-m", delta="-2", reason="Avariado")
    assert response.status_code == 302
    assert StockLevel.objects.get(location=warehouse, sku="CAM-M").on_hand == 8
    action = StaffAction.objects.get()
    assert action.kind == "stock_adjusted"
    assert action.params == {"location": "cd-sp", "sku": "CAM-M", "delta": -2, "reason": "Avariado"}


@pytest.mark.parametrize(
    "data",
    [
        {"location": "cd-sp", "sku": "CAM-M", "delta": "-2", "reason": ""},
        {"location": "cd-sp", "sku": "CAM-M", "delta": "0", "reason": "x"},
        {"location": "cd-sp", "sku": "CAM-M", "delta": "abc", "reason": "x"},
        {"location": "cd-sp", "sku": "CAM-M", "delta": "-50", "reason": "x"},
        {"location": "nope", "sku": "CAM-M", "delta": "1", "reason": "x"},
        {"location": "cd-sp", "sku": "NOPE", "delta": "1", "reason": "x"},
    ],
)
def test_refused_adjustments_write_nothing(client, packer, warehouse, data):
    client.force_login(packer)
    adjust(client, **data)
    assert StockLevel.objects.get(location=warehouse, sku="CAM-M").on_hand == 10
    assert not StockLevel.objects.filter(sku="NOPE").exists()
    assert not StaffAction.objects.exists()


def test_finance_sees_stock_but_cannot_adjust(client, make_staff, warehouse):
    client.force_login(make_staff("fabio", "finance"))
    assert reverse("backoffice:stock_adjust") not in client.get(URL).content.decode()
    response = adjust(client, location="cd-sp", sku="CAM-M", delta="1", reason="x")
    assert response.status_code == 403
    assert StockLevel.objects.get(location=warehouse, sku="CAM-M").on_hand == 10
    assert not StaffAction.objects.exists()


def test_customer_service_and_marketing_cannot_see_stock(client, agent, marketer):
    for user in (agent, marketer):
        client.force_login(user)
        assert client.get(URL).status_code == 403

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from jornada.api.services import api_key_create
from jornada.inventory.models import StockLevel, StockMovement
from jornada.inventory.tests.conftest import stock
from jornada.orders.models import Order
from jornada.orders.tests.conftest import order_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(client):  # type: ignore[no-untyped-def]
    _, secret = api_key_create(
        name="ERP", scopes=["orders:write", "inventory:read", "inventory:write"]
    )

    def call(method: str, path: str, body: Any = None, **headers: str):  # type: ignore[no-untyped-def]
        extra = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        extra.update({f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})
        data = json.dumps(body) if body is not None else None
        return getattr(client, method)(
            f"/api/v1{path}", data=data, content_type="application/json", **extra
        )

    return call


def test_an_order_for_a_sku_out_of_stock_gets_409_sem_estoque_naming_it(call, catalog, warehouse):
    stock(warehouse, CAM_M=5)
    stock(warehouse, CANECA=1)
    call(
        "post",
        "/orders",
        order_payload(lines=[{"sku": "CANECA", "quantity": 1}]),
        Idempotency_Key="a",
    )

    response = call("post", "/orders", order_payload(), Idempotency_Key=str(uuid.uuid4()))

    assert response.status_code == 409, response.content
    assert response.json() == {
        "error": {
            "code": "out_of_stock",
            "message": "Sem estoque: CANECA.",
            "fields": {"lines.1.sku": ["Sem estoque: CANECA (0 disponíveis)."]},
        }
    }
    assert Order.objects.count() == 1


def test_the_out_of_stock_error_follows_the_request_language(call, catalog, warehouse):
    stock(warehouse, CAM_M=1, CANECA=1)

    response = call("post", "/orders", order_payload(), Idempotency_Key="b", Accept_Language="es")

    assert response.status_code == 409
    assert response.json()["error"]["message"] == "Sin stock: CAM-M."


def test_levels_show_on_hand_reserved_allocated_and_available(call, catalog, warehouse):
    stock(warehouse, CAM_M=5, CANECA=5)
    call("post", "/orders", order_payload(), Idempotency_Key="c")

    response = call("get", "/inventory/levels?sku=cam-m")

    assert response.status_code == 200
    assert response.json() == [
        {
            "sku": "CAM-M",
            "location": "cd-sp",
            "on_hand": 5,
            "reserved": 2,
            "allocated": 0,
            "available": 3,
            "low_stock_threshold": 0,
        }
    ]


def test_staff_adjust_with_a_reason_lands_on_the_ledger(call, warehouse):
    response = call(
        "post",
        "/inventory/adjust",
        {"location": "cd-sp", "sku": "cam-m", "delta": 7, "reason": "contagem anual"},
    )

    assert response.status_code == 200, response.content
    assert response.json()["on_hand"] == 7
    row = StockMovement.objects.get()
    assert (row.kind, row.d_on_hand, row.reason, row.actor_label[:3]) == (
        "adjust",
        7,
        "contagem anual",
        "ERP",
    )


def test_an_adjustment_below_what_is_held_is_refused_and_changes_nothing(call, catalog, warehouse):
    stock(warehouse, CAM_M=2, CANECA=1)
    call("post", "/orders", order_payload(), Idempotency_Key="d")

    response = call(
        "post",
        "/inventory/adjust",
        {"location": "cd-sp", "sku": "CAM-M", "delta": -1, "reason": "quebra"},
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_enough_stock"
    assert StockLevel.objects.get(sku="CAM-M").on_hand == 2
    assert not StockMovement.objects.filter(kind="adjust").exists()


def test_an_adjustment_needs_a_reason(call, warehouse):
    response = call(
        "post", "/inventory/adjust", {"location": "cd-sp", "sku": "X", "delta": 1, "reason": " "}
    )

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"reason": ["Obrigatório."]}
    assert not StockMovement.objects.exists()


def test_transfer_moves_available_units_between_locations(call, warehouse, store_rj):
    stock(warehouse, CAM_M=5)

    response = call(
        "post",
        "/inventory/transfer",
        {"from": "cd-sp", "to": "loja-rj", "sku": "CAM-M", "quantity": 3},
    )

    assert response.status_code == 200, response.content
    assert [(lv["location"], lv["on_hand"]) for lv in response.json()] == [
        ("cd-sp", 2),
        ("loja-rj", 3),
    ]
    assert call("get", "/inventory/audit").json() == []


def test_transfer_of_more_than_available_is_refused(call, warehouse, store_rj):
    stock(warehouse, CAM_M=1)

    response = call(
        "post",
        "/inventory/transfer",
        {"from": "cd-sp", "to": "loja-rj", "sku": "CAM-M", "quantity": 2},
    )

    assert response.status_code == 409
    assert StockLevel.objects.get(location=warehouse).on_hand == 1
    assert not StockLevel.objects.filter(location=store_rj, on_hand__gt=0).exists()


def test_an_unknown_location_is_a_404_naming_the_field(call):
    response = call("post", "/inventory/receive", {"location": "nope", "sku": "X", "quantity": 1})

    assert response.status_code == 404
    assert list(response.json()["error"]["fields"]) == ["location"]


def test_a_key_without_inventory_scope_cannot_move_stock(client, warehouse):
    _, secret = api_key_create(name="Loja", scopes=["orders:write"])

    response = client.post(
        "/api/v1/inventory/receive",
        data=json.dumps({"location": "cd-sp", "sku": "X", "quantity": 1}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )

    assert response.status_code == 403
    assert not StockMovement.objects.exists()


def test_audit_reports_a_level_changed_behind_the_ledgers_back(call, warehouse):
    stock(warehouse, CAM_M=5)
    StockLevel.objects.filter(sku="CAM-M").update(on_hand=9)

    response = call("get", "/inventory/audit")

    assert response.json() == [
        {"sku": "CAM-M", "location": "cd-sp", "recorded": [9, 0, 0], "from_ledger": [5, 0, 0]}
    ]

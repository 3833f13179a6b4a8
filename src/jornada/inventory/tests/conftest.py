from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from jornada.catalog.models import Product, Variant
from jornada.core.events import Event
from jornada.inventory.handlers import on_order_status_changed
from jornada.inventory.models import Location
from jornada.inventory.services import StockActor, stock_receive
from jornada.orders.tests.conftest import catalog, order_input, order_payload  # noqa: F401

STAFF = StockActor(label="estoquista", user_id=None)


@pytest.fixture
def warehouse(db) -> Location:  # type: ignore[no-untyped-def]
    return Location.objects.create(
        code="cd-sp", name="CD São Paulo", uf="SP", serves_ufs="SP,PR", priority=10
    )


@pytest.fixture
def store_rj(db) -> Location:  # type: ignore[no-untyped-def]
    return Location.objects.create(
        code="loja-rj", name="Loja Rio", kind="store", uf="RJ", serves_ufs="RJ,ES", priority=20
    )


def stock(location: Location, **units: int) -> None:
    for sku, quantity in units.items():
        stock_receive(location=location, sku=sku.replace("_", "-"), quantity=quantity, actor=STAFF)


def a_variant(sku: str, price: str = "10.00") -> Variant:
    product, _ = Product.objects.get_or_create(name="Produto", slug="produto")
    return Variant.objects.create(
        product=product,
        sku=sku,
        options={"sku": sku},
        price=Decimal(price),
        weight_grams=100,
        length_mm=10,
        width_mm=10,
        height_mm=10,
    )


def status_changed(payload: dict[str, Any]) -> None:
    """Deliver an ``orders.OrderStatusChanged`` to inventory's handler, as a worker does."""
    on_order_status_changed(
        Event(
            id=uuid.uuid4(),
            type="orders.OrderStatusChanged",
            aggregate=f"order:{payload['order_id']}",
            payload=payload,
            occurred_at=timezone.now(),
        )
    )

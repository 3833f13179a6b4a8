"""Test helpers shared by validation, fulfillment and shipping tests: a small store,
orders placed and paid, and a worker loop that runs this stage's handlers and timers."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from jornada.brazil.documents import cpf_generate
from jornada.catalog.models import Product, Variant
from jornada.core import registry as registry_module
from jornada.core.outbox import outbox_dispatch
from jornada.core.scheduler import timers_fire_due
from jornada.customers.types import CustomerInput
from jornada.orders import services as orders
from jornada.orders.models import Order
from jornada.orders.types import Actor, AddressInput, LineInput, OrderInput

# This stage's wiring only: other apps' handlers are tested by their owners.
HANDLERS: dict[str, tuple[str, ...]] = {
    "orders.OrderStatusChanged": ("jornada.validation.handlers.on_order_status_changed",),
    "fulfillment.OrderPacked": ("jornada.shipping.handlers.on_order_packed",),
    "inventory.OrderBackordered": ("jornada.shipping.handlers.on_order_backordered",),
}
JOBS: dict[str, str] = {
    "shipping.sandbox_push": "jornada.shipping.jobs.sandbox_push",
    "shipping.sla_check": "jornada.shipping.jobs.sla_check",
    "shipping.tracking_poll": "jornada.shipping.jobs.tracking_poll",
}


@contextmanager
def stage_wiring() -> Iterator[None]:
    with registry_module.override(handlers=HANDLERS, jobs=JOBS, periodic={}):
        yield


def drain(*, now: dt.datetime | None = None) -> int:
    """Run due deliveries and timers until nothing is left (one worker, in-process)."""
    total = 0
    for _round in range(50):
        done = outbox_dispatch(token="test", limit=100).handled
        done += timers_fire_due(token="test", limit=100, now=now).handled
        total += done
        if not done:
            return total
    raise AssertionError("the outbox never drained")


def store_catalog() -> dict[str, Variant]:
    """Shirts, a fragile mug, perishable coffee, a high-value camera, an oversize chair."""
    shirt = Product.objects.create(name="Camiseta Jornada", slug="camiseta-jornada")
    mug = Product.objects.create(name="Caneca de cerâmica", slug="caneca", is_fragile=True)
    coffee = Product.objects.create(name="Café especial 250 g", slug="cafe", is_perishable=True)
    camera = Product.objects.create(
        name="Câmera mirrorless", slug="camera", is_high_value=True, is_fragile=True
    )
    chair = Product.objects.create(name="Cadeira de escritório", slug="cadeira", is_oversize=True)

    def variant(
        product: Product, sku: str, price: str, grams: int, dims: tuple[int, int, int], barcode: str
    ) -> Variant:
        return Variant.objects.create(
            product=product,
            sku=sku,
            barcode=barcode,
            options={},
            price=Decimal(price),
            weight_grams=grams,
            length_mm=dims[0],
            width_mm=dims[1],
            height_mm=dims[2],
        )

    return {
        "CAM-M": variant(shirt, "CAM-M", "59.90", 220, (300, 200, 20), "7891000000011"),
        "CANECA": variant(mug, "CANECA", "39.90", 400, (120, 100, 100), "7891000000028"),
        "CAFE": variant(coffee, "CAFE", "45.00", 250, (150, 80, 60), "7891000000035"),
        "CAMERA": variant(camera, "CAMERA", "4500.00", 900, (150, 110, 100), "7891000000042"),
        "CADEIRA": variant(chair, "CADEIRA", "899.00", 14000, (700, 650, 1100), "7891000000059"),
    }


_rng = random.Random(8)


def a_cpf() -> str:
    return cpf_generate(_rng)


def order_input(**overrides: Any) -> OrderInput:
    customer = overrides.pop("customer", None) or CustomerInput(
        name=overrides.pop("name", "Maria da Silva"),
        document=overrides.pop("document", None) or a_cpf(),
        email=overrides.pop("email", "maria@example.com.br"),
        phone="(11) 98765-4321",
        preferred_channel="whatsapp",
    )
    values: dict[str, Any] = {
        "customer": customer,
        "shipping_address": overrides.pop("address", None)
        or AddressInput(
            logradouro="Avenida Paulista",
            numero="1000",
            complemento="apto 12",
            bairro="Bela Vista",
            cidade="São Paulo",
            uf="SP",
            cep="01310-100",
        ),
        "lines": (LineInput("CAM-M", 2), LineInput("CANECA", 1)),
        "payment_method": "credit_card",
        "instalments": 3,
    }
    values.update(overrides)
    return OrderInput(**values)


def place(**overrides: Any) -> Order:
    return orders.order_place(data=order_input(**overrides), actor=Actor.customer()).order


def place_and_pay(**overrides: Any) -> Order:
    order = place(**overrides)
    orders.order_mark_paid(order_id=order.pk, actor=Actor.system("Gateway"))
    order.refresh_from_db()
    return order


def timeline(order: Order) -> list[tuple[str, dict[str, Any]]]:
    return [(e.type, e.params) for e in order.events.order_by("id")]


def statuses(order: Order) -> list[str]:
    return [e.params["to"] for e in order.events.order_by("id") if e.type == "status_changed"]


def document_content(document_id: int | None) -> bytes:
    from jornada.core.models import Document

    assert document_id is not None
    return bytes(Document.objects.get(pk=document_id).content)

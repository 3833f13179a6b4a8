from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest

from jornada.brazil.documents import cpf_generate
from jornada.catalog.models import Product, Variant
from jornada.customers.types import CustomerInput
from jornada.orders.types import AddressInput, LineInput, OrderInput


@pytest.fixture
def catalog(db) -> dict[str, Variant]:  # type: ignore[no-untyped-def]
    """A small store: shirts in two sizes, a fragile mug, perishable coffee."""
    shirt = Product.objects.create(name="Camiseta Jornada", slug="camiseta-jornada")
    mug = Product.objects.create(name="Caneca de cerâmica", slug="caneca", is_fragile=True)
    coffee = Product.objects.create(name="Café especial 250 g", slug="cafe", is_perishable=True)
    dims = {"length_mm": 300, "width_mm": 200, "height_mm": 20}
    return {
        "CAM-P": Variant.objects.create(
            product=shirt,
            sku="CAM-P",
            options={"tamanho": "P"},
            price=Decimal("59.90"),
            weight_grams=200,
            **dims,
        ),
        "CAM-M": Variant.objects.create(
            product=shirt,
            sku="CAM-M",
            options={"tamanho": "M"},
            price=Decimal("59.90"),
            weight_grams=220,
            **dims,
        ),
        "CANECA": Variant.objects.create(
            product=mug, sku="CANECA", options={}, price=Decimal("39.90"), weight_grams=400, **dims
        ),
        "CAFE": Variant.objects.create(
            product=coffee, sku="CAFE", options={}, price=Decimal("45.00"), weight_grams=250, **dims
        ),
    }


_rng = random.Random(4)


def a_cpf() -> str:
    return cpf_generate(_rng)


def order_input(**overrides: Any) -> OrderInput:
    customer = overrides.pop("customer", None) or CustomerInput(
        name="Maria da Silva",
        document=overrides.pop("document", None) or a_cpf(),
        email="maria@example.com.br",
        phone="(11) 98765-4321",
        preferred_channel="whatsapp",
    )
    values: dict[str, Any] = {
        "customer": customer,
        "shipping_address": AddressInput(
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


def order_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "customer": {
            "name": "Maria da Silva",
            "document": a_cpf(),
            "email": "maria@example.com.br",
            "phone": "(11) 98765-4321",
            "preferred_channel": "whatsapp",
        },
        "shipping_address": {
            "cep": "01310-100",
            "logradouro": "Avenida Paulista",
            "numero": "1000",
            "complemento": "apto 12",
            "bairro": "Bela Vista",
            "cidade": "São Paulo",
            "uf": "SP",
        },
        "lines": [{"sku": "CAM-M", "quantity": 2}, {"sku": "CANECA", "quantity": 1}],
        "payment": {"method": "credit_card", "instalments": 3},
        "gift_wrap": {"message": "Feliz aniversário!"},
    }
    payload.update(overrides)
    return payload

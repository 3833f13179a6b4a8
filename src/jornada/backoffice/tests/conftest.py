from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from jornada.brazil.documents import cpf_generate
from jornada.catalog.models import Product, Variant
from jornada.core.roles import Role
from jornada.customers.types import CustomerInput
from jornada.orders.models import Order
from jornada.orders.services import order_place
from jornada.orders.types import Actor, AddressInput, LineInput, OrderInput

PASSWORD = "jornada-test-Pass-1"
_rng = random.Random(9)


def a_cpf() -> str:
    return cpf_generate(_rng)


@pytest.fixture
def catalog(db: Any) -> dict[str, Variant]:
    shirt = Product.objects.create(name="Camiseta Jornada", slug="camiseta-jornada")
    mug = Product.objects.create(name="Caneca de cerâmica", slug="caneca", is_fragile=True)
    dims = {"length_mm": 300, "width_mm": 200, "height_mm": 20}
    return {
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
    }


def place(
    *,
    name: str = "Maria da Silva",
    document: str | None = None,
    email: str = "maria@example.com.br",
    phone: str = "(11) 98765-4321",
    uf: str = "SP",
    payment_method: str = "credit_card",
    channel: str = "online_store",
    lines: tuple[LineInput, ...] = (LineInput("CAM-M", 2), LineInput("CANECA", 1)),
) -> Order:
    addresses = {
        "SP": AddressInput(
            logradouro="Avenida Paulista",
            numero="1000",
            bairro="Bela Vista",
            cidade="São Paulo",
            uf="SP",
            cep="01310-100",
        ),
        "RJ": AddressInput(
            logradouro="Avenida Atlântica",
            numero="1702",
            bairro="Copacabana",
            cidade="Rio de Janeiro",
            uf="RJ",
            cep="22021-001",
        ),
    }
    data = OrderInput(
        customer=CustomerInput(name=name, document=document or a_cpf(), email=email, phone=phone),
        shipping_address=addresses[uf],
        lines=lines,
        payment_method=payment_method,
        instalments=1,
        channel=channel,
    )
    return order_place(data=data, actor=Actor.customer("Maria")).order


@pytest.fixture
def order(catalog: dict[str, Variant]) -> Order:
    return place()


@pytest.fixture
def make_staff(db: Any) -> Callable[..., Any]:
    def make(username: str, *roles: str, superuser: bool = False) -> Any:
        user = get_user_model().objects.create_user(
            username=username,
            email=f"{username}@loja.example",
            password=PASSWORD,
            first_name=username.capitalize(),
            is_staff=True,
            is_superuser=superuser,
        )
        for role in roles:
            group, _ = Group.objects.get_or_create(name=Role(role).value)
            user.groups.add(group)
        return user

    return make


@pytest.fixture
def owner(make_staff: Callable[..., Any]) -> Any:
    return make_staff("olga", Role.OWNER)


@pytest.fixture
def agent(make_staff: Callable[..., Any]) -> Any:
    return make_staff("carla", Role.CUSTOMER_SERVICE)


@pytest.fixture
def packer(make_staff: Callable[..., Any]) -> Any:
    return make_staff("wagner", Role.WAREHOUSE)


@pytest.fixture
def marketer(make_staff: Callable[..., Any]) -> Any:
    return make_staff("marta", Role.MARKETING)

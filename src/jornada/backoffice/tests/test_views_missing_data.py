"""No page breaks with missing or extreme data: no phone, no email history, a product
without photo or options, names as long as the fields allow."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils.html import escape

from jornada.backoffice.tests.conftest import place
from jornada.catalog.models import Product, Variant
from jornada.orders.services import order_mark_paid, order_validate
from jornada.orders.types import Actor, LineInput

pytestmark = pytest.mark.django_db

LONG_PRODUCT = "Jogo de panelas antiaderentes com tampa de vidro temperado & cabo <ergonômico> " * 2
SKU = "PANELAS-ANTIADERENTES-EDICAO-2026"
LONG_CUSTOMER = ("Maria Aparecida dos Santos Oliveira Pereira de Albuquerque " * 4)[:200].strip()


@pytest.fixture
def awkward_order(catalog: dict[str, Variant]) -> Any:
    pans = Product.objects.create(name=LONG_PRODUCT[:200], slug="panelas")
    # no options, no photo, the plainest variant there can be
    Variant.objects.create(
        product=pans,
        sku=SKU,
        options={},
        price=Decimal("0.01"),
        weight_grams=1,
        length_mm=1,
        width_mm=1,
        height_mm=1,
    )
    order = place(name=LONG_CUSTOMER, phone="", lines=(LineInput(SKU, 3),))
    system = Actor.system()
    order_mark_paid(order_id=order.pk, actor=system)
    order_validate(order_id=order.pk, actor=system)
    order.refresh_from_db()
    return order


def test_every_page_of_an_awkward_order_renders(
    client: Any, owner: Any, awkward_order: Any
) -> None:
    client.force_login(owner)
    number = awkward_order.number
    pages = [
        reverse("backoffice:order_board") + f"?q={number}",
        reverse("backoffice:order_board") + "?stage=to_pick",
        reverse("backoffice:order_detail", args=[number]),
        reverse("backoffice:packing") + f"?order={number}",
        reverse("backoffice:packing_station", args=[number]),
        reverse("backoffice:shipping_today"),
        reverse("backoffice:stock"),
        reverse("backoffice:messages"),
        reverse("backoffice:journeys"),
        reverse("backoffice:action_log"),
    ]

    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "<ergonômico>" not in body, url  # never drawn unescaped

    detail = client.get(reverse("backoffice:order_detail", args=[number])).content.decode()
    assert escape(LONG_CUSTOMER) in detail
    assert "não informado" in detail  # the missing phone, said in words
    assert escape(LONG_PRODUCT[:200]) in detail
    station = client.get(reverse("backoffice:packing_station", args=[number])).content.decode()
    assert escape(LONG_PRODUCT[:200]) in station and SKU in station

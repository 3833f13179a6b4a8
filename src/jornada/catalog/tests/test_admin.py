from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from jornada.catalog.models import Product, Variant
from jornada.catalog.tests.factories import ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db


def product_form(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Caneca",
        "slug": "caneca",
        "description": "",
        "is_active": "on",
        "variants-TOTAL_FORMS": "1",
        "variants-INITIAL_FORMS": "0",
        "variants-MIN_NUM_FORMS": "0",
        "variants-MAX_NUM_FORMS": "1000",
        "variants-0-sku": " can-bra ",
        "variants-0-options": '{"Cor": "Branca"}',
        "variants-0-price": "39.90",
        "variants-0-currency": "BRL",
        "variants-0-weight_grams": "400",
        "variants-0-length_mm": "120",
        "variants-0-width_mm": "90",
        "variants-0-height_mm": "110",
        "variants-0-barcode": "",
        "variants-0-is_active": "on",
    }
    return {**data, **overrides}


def test_admin_creates_a_product_with_a_normalised_variant(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)

    response = client.post("/admin/catalog/product/add/", product_form())

    assert response.status_code == 302
    variant = Variant.objects.get()
    assert (variant.sku, variant.options, variant.price) == (
        "CAN-BRA",
        {"cor": "Branca"},
        Decimal("39.90"),
    )


def test_admin_refuses_what_the_services_refuse_in_the_staff_language(
    client: Client, admin_user
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)

    response = client.post(
        "/admin/catalog/product/add/",
        product_form(**{"variants-0-price": "-1", "variants-0-barcode": "7891000315508"}),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "o preço não pode ser negativo" in page
    assert "o dígito verificador do código de barras está errado" in page
    assert Product.objects.count() == 0


def test_admin_lists_and_finds_products_by_sku_and_barcode(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    VariantFactory.create(
        sku="REL-AUT", barcode="7891000315507", product=ProductFactory.create(name="Relógio")
    )
    ProductFactory.create(name="Luminária")

    by_sku = client.get("/admin/catalog/product/", {"q": "rel-aut"})
    by_barcode = client.get("/admin/catalog/product/", {"q": "7891000315507"})
    variants = client.get("/admin/catalog/variant/", {"q": "REL"})
    fragile = client.get("/admin/catalog/product/", {"is_fragile__exact": "1"})

    assert by_sku.status_code == by_barcode.status_code == variants.status_code == 200
    assert "Relógio" in by_sku.content.decode()
    assert "Luminária" not in by_sku.content.decode()
    assert "Relógio" in by_barcode.content.decode()
    assert "REL-AUT" in variants.content.decode()
    assert fragile.status_code == 200

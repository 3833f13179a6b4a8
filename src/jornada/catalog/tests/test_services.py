from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jornada.catalog.errors import CatalogError
from jornada.catalog.models import Category, Product, Variant
from jornada.catalog.services import (
    category_create,
    product_create,
    product_set_complementary,
    product_update,
    variant_create,
    variant_update,
)
from jornada.catalog.tests.factories import ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db


def fields_of(error: CatalogError) -> dict[str, list[str]]:
    return {name: [str(m) for m in messages] for name, messages in error.fields.items()}


def variant_args(**overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "sku": "cam-m-azul",
        "price": Decimal("49.90"),
        "options": {"Tamanho": " M ", "cor": "Azul"},
        "weight_grams": 180,
        "length_mm": 300,
        "width_mm": 250,
        "height_mm": 20,
    }
    return {**args, **overrides}


def test_product_create_makes_the_slug_from_the_name_and_keeps_the_flags():
    # given
    category = category_create(name="Canecas e Xícaras")

    # when
    product = product_create(
        name="  Caneca   de Cerâmica ", category=category, is_fragile=True, description=" 350 ml "
    )

    # then
    product.refresh_from_db()
    assert (product.name, product.slug, product.description) == (
        "Caneca de Cerâmica",
        "caneca-de-ceramica",
        "350 ml",
    )
    assert product.category == category
    assert (product.is_fragile, product.is_perishable, product.is_oversize) == (True, False, False)
    assert category.slug == "canecas-e-xicaras"


def test_product_create_refuses_a_taken_slug_and_writes_nothing():
    ProductFactory.create(slug="caneca")

    with pytest.raises(CatalogError) as caught:
        product_create(name="Caneca", slug="caneca")

    assert fields_of(caught.value) == {"slug": ["a product with this slug already exists"]}
    assert Product.objects.count() == 1


def test_product_create_reports_every_bad_field_at_once():
    with pytest.raises(CatalogError) as caught:
        product_create(name=" ", slug="Não Pode", is_fragile="sim")  # type: ignore[arg-type]

    assert fields_of(caught.value) == {
        "name": ["a name is required"],
        "slug": ["a slug has only lower-case letters, digits and single hyphens"],
        "is_fragile": ["must be true or false"],
    }
    assert Product.objects.count() == 0


def test_variant_create_normalises_sku_and_options():
    product = ProductFactory.create()

    variant = variant_create(product=product, **variant_args(barcode="7891000315507"))

    variant.refresh_from_db()
    assert variant.sku == "CAM-M-AZUL"
    assert variant.options == {"tamanho": "M", "cor": "Azul"}
    assert variant.price == Decimal("49.90")
    assert (variant.currency, variant.barcode, variant.is_active) == ("BRL", "7891000315507", True)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"price": Decimal("-0.01")}, {"price": ["a price cannot be negative"]}),
        ({"price": 49.9}, {"price": ["a price must be a Decimal, never a float"]}),
        ({"price": Decimal("1.999")}, {"price": ["a price has at most 2 decimal places"]}),
        ({"price": Decimal("NaN")}, {"price": ["not an amount"]}),
        ({"price": "49.90"}, {"price": ["not an amount"]}),
        ({"price": Decimal("10000000000")}, {"price": ["a price is at most 9999999999.99"]}),
        (
            {"sku": "CAM M"},
            {"sku": ["a SKU may only have letters A-Z, digits and the characters . _ -"]},
        ),
        ({"weight_grams": 0}, {"weight_grams": ["must be at least 1"]}),
        ({"height_mm": 1.5}, {"height_mm": ["must be a whole number"]}),
        ({"length_mm": 10_001}, {"length_mm": ["must be at most 10000"]}),
        ({"currency": "XYZ"}, {"currency": ["unknown currency"]}),
        ({"barcode": "7891000315508"}, {"barcode": ["the barcode check digit is wrong"]}),
        ({"barcode": "12345"}, {"barcode": ["a barcode (GTIN/EAN) has 8, 12, 13 or 14 digits"]}),
        ({"options": {"cor": ""}}, {"options": ["an option needs a name and a value"]}),
        ({"options": ["M"]}, {"options": ["options must be name/value pairs"]}),
        ({"options": {"cor": "a;b"}}, {"options": ["options cannot contain the characters = ; |"]}),
    ],
)
def test_variant_create_refuses_bad_input_naming_the_field_and_writes_nothing(overrides, expected):
    product = ProductFactory.create()

    with pytest.raises(CatalogError) as caught:
        variant_create(product=product, **variant_args(**overrides))

    assert fields_of(caught.value) == expected
    assert Variant.objects.count() == 0


def test_variant_create_refuses_a_taken_sku_or_barcode_whatever_the_case():
    VariantFactory.create(sku="CAM-M-AZUL", barcode="7891000315507")

    with pytest.raises(CatalogError) as caught:
        variant_create(product=ProductFactory.create(), **variant_args(barcode="7891000315507"))

    assert fields_of(caught.value) == {
        "sku": ["a variant with this SKU already exists"],
        "barcode": ["another variant has this barcode"],
    }
    assert Variant.objects.count() == 1


def test_variant_update_changes_only_what_differs_and_keeps_updated_at_when_nothing_does():
    variant = VariantFactory.create(price=Decimal("10.00"))
    stamp = variant.updated_at

    variant_update(variant=variant, price=Decimal("10"), weight_grams=variant.weight_grams)
    variant.refresh_from_db()
    assert variant.updated_at == stamp

    variant_update(variant=variant, price=Decimal("12.50"), sku="novo-sku")
    variant.refresh_from_db()
    assert (variant.price, variant.sku) == (Decimal("12.50"), "NOVO-SKU")
    assert variant.updated_at > stamp


def test_variant_update_refuses_a_negative_price_and_leaves_the_row_and_instance_alone():
    variant = VariantFactory.create(price=Decimal("10.00"))

    with pytest.raises(CatalogError) as caught:
        variant_update(variant=variant, price=Decimal("-1"))

    assert fields_of(caught.value) == {"price": ["a price cannot be negative"]}
    assert variant.price == Decimal("10.00")
    variant.refresh_from_db()
    assert variant.price == Decimal("10.00")


def test_variant_update_refuses_a_sku_taken_by_another_variant_and_restores_the_instance():
    VariantFactory.create(sku="TAKEN")
    variant = VariantFactory.create(sku="MINE")

    with pytest.raises(CatalogError) as caught:
        variant_update(variant=variant, sku="taken")

    assert fields_of(caught.value) == {"sku": ["a variant with this SKU already exists"]}
    assert variant.sku == "MINE"
    assert Variant.objects.filter(sku="MINE").count() == 1


def test_variant_update_refuses_unknown_fields():
    with pytest.raises(TypeError):
        variant_update(variant=VariantFactory.create(), product=ProductFactory.create())


def test_product_update_changes_name_flags_and_category():
    product = ProductFactory.create(name="Relógio", slug="relogio")
    category = category_create(name="Acessórios")

    product_update(product=product, name="Relógio de Aço", is_high_value=True, category=category)

    product.refresh_from_db()
    assert (product.name, product.slug, product.is_high_value) == (
        "Relógio de Aço",
        "relogio",
        True,
    )
    assert product.category == category


def test_product_update_refuses_an_empty_name_and_writes_nothing():
    product = ProductFactory.create(name="Relógio")

    with pytest.raises(CatalogError) as caught:
        product_update(product=product, name="")

    assert fields_of(caught.value) == {"name": ["a name is required"]}
    product.refresh_from_db()
    assert product.name == "Relógio"


def test_complementary_products_are_one_way_and_replaced_as_a_set():
    caneca, cafe, xicara = ProductFactory.create(), ProductFactory.create(), ProductFactory.create()

    product_set_complementary(product=caneca, complementary=[cafe, xicara, cafe])
    product_set_complementary(product=cafe, complementary=[xicara])

    assert set(caneca.complementary.all()) == {cafe, xicara}
    assert set(cafe.complementary.all()) == {xicara}
    assert set(cafe.complemented_by.all()) == {caneca}


def test_a_product_cannot_complement_itself():
    caneca, cafe = ProductFactory.create(), ProductFactory.create()
    product_set_complementary(product=caneca, complementary=[cafe])

    with pytest.raises(CatalogError) as caught:
        product_set_complementary(product=caneca, complementary=[caneca])

    assert fields_of(caught.value) == {"complementary": ["a product cannot complement itself"]}
    assert list(caneca.complementary.all()) == [cafe]


def test_category_create_refuses_a_taken_slug():
    category_create(name="Cafés")

    with pytest.raises(CatalogError) as caught:
        category_create(name="Cafes")

    assert fields_of(caught.value) == {"slug": ["a category with this slug already exists"]}
    assert Category.objects.count() == 1

from __future__ import annotations

from decimal import Decimal

import pytest

from jornada.catalog.selectors import complementary_for, variants_by_sku
from jornada.catalog.services import product_set_complementary
from jornada.catalog.tests.factories import ProductFactory, VariantFactory
from jornada.catalog.types import ProductSummary, VariantSnapshot

pytestmark = pytest.mark.django_db


def test_snapshot_carries_price_measures_label_and_product_flags():
    # given
    product = ProductFactory.create(name="Caneca de Cerâmica", is_fragile=True, is_high_value=True)
    variant = VariantFactory.create(
        product=product,
        sku="CAN-AZU",
        options={"cor": "Azul", "tamanho": "G"},
        price=Decimal("39.90"),
        weight_grams=400,
        length_mm=120,
        width_mm=90,
        height_mm=110,
    )

    # when
    found = variants_by_sku([" can-azu "])

    # then
    assert found == {
        "CAN-AZU": VariantSnapshot(
            variant_id=variant.pk,
            sku="CAN-AZU",
            product_id=product.pk,
            product_name="Caneca de Cerâmica",
            variant_label="Tamanho G / Cor Azul",
            unit_price=Decimal("39.90"),
            currency="BRL",
            weight_grams=400,
            length_mm=120,
            width_mm=90,
            height_mm=110,
            fragile=True,
            perishable=False,
            oversize=False,
            high_value=True,
        )
    }


@pytest.mark.parametrize("count", [1, 50])
def test_one_query_whatever_the_number_of_skus(count, django_assert_num_queries):
    skus = [VariantFactory.create().sku for _ in range(count)]

    with django_assert_num_queries(1):
        found = variants_by_sku(sku.lower() for sku in skus)

    assert sorted(found) == sorted(skus)


def test_inactive_variants_inactive_products_unknown_and_invalid_skus_are_absent(
    django_assert_num_queries,
):
    VariantFactory.create(sku="ON")
    VariantFactory.create(sku="OFF", is_active=False)
    VariantFactory.create(sku="HIDDEN", product=ProductFactory.create(is_active=False))

    with django_assert_num_queries(1):
        found = variants_by_sku(["ON", "OFF", "HIDDEN", "NOPE", "not a sku!"])

    assert list(found) == ["ON"]
    assert found["ON"].variant_label == ""


def test_no_skus_means_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert variants_by_sku(["", "  "]) == {}


def test_complementary_for_lists_active_complements_with_their_cheapest_active_price(
    django_assert_num_queries,
):
    # given
    caneca = ProductFactory.create(name="Caneca")
    cafe = ProductFactory.create(name="Café")
    xicaras = ProductFactory.create(name="Xícaras")
    retired = ProductFactory.create(name="Bule", is_active=False)
    no_variants = ProductFactory.create(name="Açucareiro")
    VariantFactory.create(product=caneca)
    VariantFactory.create(product=cafe, price=Decimal("69.90"))
    VariantFactory.create(product=cafe, price=Decimal("39.90"))
    VariantFactory.create(product=cafe, price=Decimal("9.90"), is_active=False)
    VariantFactory.create(product=xicaras, price=Decimal("119.90"))
    VariantFactory.create(product=retired)
    VariantFactory.create(product=no_variants, is_active=False)
    product_set_complementary(product=caneca, complementary=[cafe, xicaras, retired, no_variants])
    product_set_complementary(product=xicaras, complementary=[cafe, caneca])

    # when
    with django_assert_num_queries(1):
        offered = complementary_for([caneca.pk, xicaras.pk])

    # then
    assert offered == [
        ProductSummary(
            product_id=cafe.pk,
            name="Café",
            slug=cafe.slug,
            from_price=Decimal("39.90"),
            currency="BRL",
        )
    ]
    assert complementary_for([]) == []

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from jornada.catalog.models import Variant
from jornada.catalog.tests.factories import CategoryFactory, ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_negative_price():
    variant = VariantFactory.create()

    with pytest.raises(IntegrityError), transaction.atomic():
        Variant.objects.filter(pk=variant.pk).update(price=Decimal("-1"))

    variant.refresh_from_db()
    assert variant.price == Decimal("49.90")


def test_the_database_refuses_a_repeated_sku_and_a_repeated_barcode_but_not_two_empty_ones():
    VariantFactory.create(sku="A", barcode="7891000315507")
    VariantFactory.create(sku="B", barcode="")
    VariantFactory.create(sku="C", barcode="")

    with pytest.raises(IntegrityError), transaction.atomic():
        VariantFactory.create(sku="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        VariantFactory.create(sku="D", barcode="7891000315507")

    assert Variant.objects.count() == 3


def test_model_clean_applies_the_service_rules_for_the_admin():
    variant = VariantFactory.build(
        product=ProductFactory.create(), sku=" cam m ", price=Decimal("-2"), weight_grams=0
    )

    with pytest.raises(ValidationError) as caught:
        variant.full_clean()

    assert caught.value.message_dict == {
        "sku": ["a SKU may only have letters A-Z, digits and the characters . _ -"],
        "price": ["a price cannot be negative"],
        "weight_grams": ["must be at least 1"],
    }


def test_model_clean_normalises_a_valid_variant():
    variant = VariantFactory.build(
        product=ProductFactory.create(),
        sku=" cam-m ",
        options={"Cor": " Azul "},
        barcode=" 96385074 ",
    )

    variant.full_clean()

    assert (variant.sku, variant.options, variant.barcode) == ("CAM-M", {"cor": "Azul"}, "96385074")
    assert str(variant) == "CAM-M (Cor Azul)"


def test_a_category_cannot_be_inside_itself():
    top = CategoryFactory.create()
    child = CategoryFactory.create(parent=top)
    top.parent = child

    with pytest.raises(ValidationError) as caught:
        top.full_clean()

    assert caught.value.message_dict == {"parent": ["a category cannot be inside itself"]}

"""Factories for catalog records; other apps' tests use ``ProductFactory`` and ``VariantFactory``.

They build valid data: normalised, unique SKUs, Decimal prices, positive measures.
Call ``VariantFactory.create(...)`` rather than ``VariantFactory(...)``: same result,
and mypy then knows the value is a model instance.
"""

from __future__ import annotations

from decimal import Decimal

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from jornada.catalog.models import Category, Product, Variant


class CategoryFactory(DjangoModelFactory[Category]):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Categoria {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class ProductFactory(DjangoModelFactory[Product]):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Produto {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = ""
    category = None
    is_fragile = False
    is_perishable = False
    is_oversize = False
    is_high_value = False
    is_active = True


class VariantFactory(DjangoModelFactory[Variant]):
    class Meta:
        model = Variant

    product = factory.SubFactory(ProductFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    barcode = ""
    options = factory.LazyFunction(dict)
    price = Decimal("49.90")
    currency = "BRL"
    weight_grams = 300
    length_mm = 200
    width_mm = 150
    height_mm = 100
    is_active = True

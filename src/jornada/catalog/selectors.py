"""Reads of the catalog for other apps: plain snapshots, never model instances."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Min, Q

from .errors import InvalidSku
from .models import Product, Variant
from .types import ProductSummary, VariantSnapshot, sku_normalize, variant_label

_SNAPSHOT_COLUMNS = (
    "id",
    "sku",
    "product_id",
    "product__name",
    "options",
    "price",
    "currency",
    "weight_grams",
    "length_mm",
    "width_mm",
    "height_mm",
    "product__is_fragile",
    "product__is_perishable",
    "product__is_oversize",
    "product__is_high_value",
)


def variants_by_sku(skus: Iterable[str]) -> dict[str, VariantSnapshot]:
    """The sellable variants among ``skus``, keyed by normalised SKU, in one query.

    Only active variants of active products are returned; a SKU that is unknown,
    inactive or not even a valid SKU is simply absent from the answer (the caller
    reports it). No SKU at all means no query.
    """
    wanted: set[str] = set()
    for sku in skus:
        try:
            wanted.add(sku_normalize(sku))
        except InvalidSku:
            continue
    if not wanted:
        return {}
    rows = Variant.objects.filter(
        sku__in=wanted, is_active=True, product__is_active=True
    ).values_list(*_SNAPSHOT_COLUMNS)
    return {
        row[1]: VariantSnapshot(
            variant_id=row[0],
            sku=row[1],
            product_id=row[2],
            product_name=row[3],
            variant_label=variant_label(row[4]) if row[4] else "",
            unit_price=row[5],
            currency=row[6],
            weight_grams=row[7],
            length_mm=row[8],
            width_mm=row[9],
            height_mm=row[10],
            fragile=row[11],
            perishable=row[12],
            oversize=row[13],
            high_value=row[14],
        )
        for row in rows
    }


def complementary_for(product_ids: Iterable[int]) -> list[ProductSummary]:
    """Active products marked complementary to any of ``product_ids`` (cross-sell), by name.

    Products already among ``product_ids`` and products without an active variant are left
    out; each comes with its cheapest active variant's price. One query.
    """
    ids = set(product_ids)
    if not ids:
        return []
    rows = (
        Product.objects.filter(
            is_active=True,
            pk__in=Product.complementary.through.objects.filter(from_product_id__in=ids).values(
                "to_product_id"
            ),
        )
        .exclude(pk__in=ids)
        .annotate(
            from_price=Min("variants__price", filter=Q(variants__is_active=True)),
            from_currency=Min("variants__currency", filter=Q(variants__is_active=True)),
        )
        .filter(from_price__isnull=False)
        .order_by("name", "pk")
        .values_list("pk", "name", "slug", "from_price", "from_currency")
    )
    return [
        ProductSummary(product_id=pk, name=name, slug=slug, from_price=price, currency=currency)
        for pk, name, slug, price, currency in rows
    ]

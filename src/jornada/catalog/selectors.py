"""Reads of the catalog for other apps: plain snapshots, never model instances."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Min, Q

from jornada.core.db import execute

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


class _Sku(str):
    """Stands for one wanted SKU in the statement built once per count."""


_SKU = _Sku("")


@cache
def _snapshot_plan(count: int, vendor: str) -> tuple[str, list[Any], Any, list[Any]]:
    """The snapshot query for ``count`` SKUs, compiled by the ORM once (compiling it per
    order cost more than running it), with the converters its columns need."""
    query = Variant.objects.filter(
        sku__in=[_Sku(f"{n}") for n in range(count)], is_active=True, product__is_active=True
    ).values_list(*_SNAPSHOT_COLUMNS)
    compiler = query.query.get_compiler(DEFAULT_DB_ALIAS)
    sql, params = compiler.as_sql()
    params = [_SKU if isinstance(p, _Sku) else p for p in params]
    converters = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
    return sql, params, compiler, converters  # type: ignore[return-value]


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
    sql, params, compiler, converters = _snapshot_plan(len(wanted), connection.vendor)
    skus = iter(sorted(wanted))
    values = [next(skus) if p is _SKU else p for p in params]
    rows = execute(sql, values, fetch=True)[1]
    if converters:
        rows = list(compiler.apply_converters(rows, converters))
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

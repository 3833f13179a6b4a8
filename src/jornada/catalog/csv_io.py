"""CSV import and export of the whole catalog (``jornada catalog import|export``).

Import upserts variants by SKU and products by slug. Every row is checked before
anything is written; the report names each refused row (as numbered in the file,
the header being row 1), the column and why. With any refused row nothing is written,
unless ``partial`` is asked, which writes the good rows in one transaction.
Exporting and importing the export again changes nothing.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from typing import Protocol

from django.db.models import Count
from django.db.models.functions import Lower
from django.utils.text import slugify

from .csv_format import (
    COLUMNS,
    bool_format,
    options_format,
    slugs_format,
    table_read,
)
from .csv_plan import ImportPlan, RowError, RowErrors, row_parse
from .errors import CatalogError
from .models import Category, Product, Variant

_CHUNK = 2000


class Writable(Protocol):
    def write(self, text: str, /) -> object: ...


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What the import wrote (or, on a dry run, would write) and the refused rows."""

    rows: int
    written: bool = False
    categories_created: int = 0
    products_created: int = 0
    products_updated: int = 0
    products_unchanged: int = 0
    variants_created: int = 0
    variants_updated: int = 0
    variants_unchanged: int = 0
    errors: tuple[RowError, ...] = ()

    @property
    def refused_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors})


def catalog_csv_import(
    *, source: bytes | str, partial: bool = False, dry_run: bool = False
) -> ImportReport:
    """Import a catalog CSV (bytes in any supported encoding, or text)."""
    problems, table = table_read(source)
    if problems:
        return ImportReport(
            rows=0, errors=tuple(RowError(1, p.column, p.message) for p in problems)
        )
    columns = set(table[0].cells) if table else set()
    errors = RowErrors()
    slugs: set[str] = set()
    rows = [row for row in (row_parse(r, errors, slugs) for r in table) if row is not None]
    plan = ImportPlan(rows, columns=columns, file_slugs=slugs, partial=partial, errors=errors)
    sorted_errors = tuple(
        sorted(
            errors.items,
            key=lambda e: (e.row, COLUMNS.index(e.field) if e.field in COLUMNS else -1),
        )
    )
    if errors.items and not partial:
        return ImportReport(rows=len(table), errors=sorted_errors)
    counts = plan.counts()
    if dry_run or not plan.has_work():
        return ImportReport(rows=len(table), errors=sorted_errors, **counts)
    try:
        plan.write()
    except CatalogError as exc:  # someone changed the catalog meanwhile: nothing stays
        late = RowErrors()
        late.add_error(0, exc)
        return ImportReport(rows=len(table), errors=(*sorted_errors, *late.items))
    return ImportReport(rows=len(table), written=True, errors=sorted_errors, **counts)


def catalog_csv_export(*, out: Writable) -> int:
    """Write every variant as one CSV row (UTF-8 text, ``,``); returns the number of rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    complementary: dict[int, list[str]] = defaultdict(list)
    for source, target in Product.complementary.through.objects.values_list(
        "from_product_id", "to_product__slug"
    ):
        complementary[source].append(target)
    ambiguous = set(
        Category.objects.annotate(key=Lower("name"))
        .values("key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("key", flat=True)
    )
    count = 0
    variants = Variant.objects.select_related("product__category").order_by("product__slug", "sku")
    for variant in variants.iterator(chunk_size=_CHUNK):
        product = variant.product
        category = product.category
        category_cell = ""
        if category is not None:
            by_name = (
                category.name.lower() not in ambiguous and slugify(category.name) == category.slug
            )
            category_cell = category.name if by_name else category.slug
        writer.writerow(
            [
                product.slug,
                product.name,
                category_cell,
                product.description,
                variant.sku,
                options_format(variant.options),
                f"{variant.price:.2f}",
                variant.currency,
                variant.weight_grams,
                variant.length_mm,
                variant.width_mm,
                variant.height_mm,
                bool_format(product.is_fragile),
                bool_format(product.is_perishable),
                bool_format(product.is_oversize),
                bool_format(product.is_high_value),
                slugs_format(complementary.get(product.pk, ())),
                variant.barcode,
                bool_format(variant.is_active),
            ]
        )
        count += 1
    return count

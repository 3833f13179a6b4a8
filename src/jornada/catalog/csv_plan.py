"""Checking imported rows against each other and the catalog; what an import changes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .csv_format import (
    FIELD_COLUMNS,
    FLAG_COLUMNS,
    CsvRow,
    bool_parse,
    options_parse,
    price_parse,
    slugs_parse,
    whole_number_parse,
)
from .errors import CatalogError, interpolate_lazy
from .models import Category, Product, Variant
from .services import (
    category_for_reference,
    product_create,
    product_set_complementary,
    product_update,
    variant_create,
    variant_update,
)
from .types import sku_normalize
from .validators import (
    MEASURES,
    category_values_clean,
    name_clean,
    slug_clean,
    variant_values_clean,
)

_CHUNK = 2000
#: Product values a row may state; an empty cell states nothing.
_PRODUCT_DEFAULTS: dict[str, Any] = {
    "description": "",
    "category": "",
    "complementary": (),
    **dict.fromkeys(FLAG_COLUMNS.values(), False),
}
_PRODUCT_COLUMNS = {
    "name": "product_name",
    "description": "description",
    "category": "category",
    "complementary": "complementary",
    **{value: key for key, value in FLAG_COLUMNS.items()},
}


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    field: str
    message: str


class ImportCounts(TypedDict):
    categories_created: int
    products_created: int
    products_updated: int
    products_unchanged: int
    variants_created: int
    variants_updated: int
    variants_unchanged: int


@dataclass
class _Row:
    number: int
    slug: str
    sku: str
    stated: dict[str, Any]  # product values this row states (name, description, flags...)
    variant: dict[str, Any]


@dataclass
class _Product:
    slug: str
    rows: list[_Row] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    first_row: dict[str, int] = field(default_factory=dict)


class RowErrors:
    def __init__(self) -> None:
        self.items: list[RowError] = []
        self.rows: set[int] = set()

    def add(self, row: int, column: str, message: Any, /, **params: Any) -> None:
        text = str(interpolate_lazy(message, params) if params else message)
        self.items.append(RowError(row, column, text))
        self.rows.add(row)

    def add_error(self, row: int, error: CatalogError) -> None:
        for name, messages in error.fields.items():
            for message in messages:
                self.add(row, FIELD_COLUMNS.get(name, name), message)


def row_parse(row: CsvRow, errors: RowErrors, slugs: set[str]) -> _Row | None:
    """The row's values, or None when it is refused; ``slugs`` gathers every product seen."""
    cells, number = row.cells, row.number
    before = len(errors.items)
    if row.extra_cells:
        errors.add(number, "", _("this row has more cells than the header has columns"))
    stated: dict[str, Any] = {}
    name = cells["product_name"].strip()
    if name:
        name = _try(errors, number, lambda: name_clean(name)) or ""
        if name:
            stated["name"] = name
    slug = ""
    try:
        slug = slug_clean(cells.get("product_slug", "").strip() or None, name=name)
    except CatalogError as exc:
        errors.add_error(number, exc)
    slugs.add(slug)
    if cells.get("description", "").strip():
        stated["description"] = cells["description"].strip()
    for column, flag in FLAG_COLUMNS.items():
        value = _try(errors, number, lambda c=column: bool_parse(c, cells.get(c, "")))
        if value is not None:
            stated[flag] = value
    category = cells.get("category", "").strip()
    if category:
        try:
            category_values_clean({"name": category, "slug": None})
            stated["category"] = category
        except CatalogError as exc:
            errors.add(number, "category", exc.fields.get("name", exc.fields.get("slug", [""]))[0])
    complementary = slugs_parse(cells.get("complementary", ""))
    if complementary:
        stated["complementary"] = tuple(sorted(complementary))
        if slug in complementary:
            errors.add(number, "complementary", _("a product cannot complement itself"))
    sku = _try(errors, number, lambda: sku_normalize(cells["sku"])) or ""
    variant = _variant_values(cells, number, errors)
    if len(errors.items) > before:
        return None
    return _Row(number=number, slug=slug, sku=sku, stated=stated, variant=variant)


def _variant_values(cells: dict[str, str], number: int, errors: RowErrors) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    raw["price"] = _try(errors, number, lambda: price_parse(cells["price"]))
    for column in MEASURES:
        raw[column] = _try(errors, number, lambda c=column: whole_number_parse(c, cells[c]))
    if "currency" in cells:
        raw["currency"] = cells["currency"].strip() or "BRL"
    if "options" in cells:
        raw["options"] = _try(errors, number, lambda: options_parse(cells["options"]))
    if "barcode" in cells:
        raw["barcode"] = cells["barcode"]
    if "active" in cells:
        active = _try(errors, number, lambda: bool_parse("active", cells["active"]))
        raw["is_active"] = True if active is None else active  # empty: still on sale
    # Cells that parsed are checked too, so the report shows every problem of the row.
    values = {k: v for k, v in raw.items() if v is not None}
    try:
        return variant_values_clean(values)
    except CatalogError as exc:
        errors.add_error(number, exc)
        return {}


def _try(errors: RowErrors, number: int, parse: Any) -> Any:
    try:
        return parse()
    except CatalogError as exc:
        errors.add_error(number, exc)
        return None


class ImportPlan:
    """The rows checked against each other and the database; what writing would change."""

    def __init__(
        self,
        rows: list[_Row],
        *,
        columns: set[str],
        file_slugs: set[str],
        partial: bool,
        errors: RowErrors,
    ) -> None:
        self.columns = columns
        self.file_slugs = file_slugs
        self.partial = partial
        self.errors = errors
        self._load(rows)
        self.products = self._group(rows)
        self._check_products()
        self.rows = [row for p in self.products.values() for row in p.rows]
        self._check_variants()
        self._diff()

    def _load(self, rows: list[_Row]) -> None:
        slugs = {row.slug for row in rows} | {
            s for row in rows for s in row.stated.get("complementary", ())
        }
        self.db_products = {
            p.slug: p for chunk in _chunks(slugs) for p in Product.objects.filter(slug__in=chunk)
        }
        self.db_complementary: dict[str, set[str]] = defaultdict(set)
        through = Product.complementary.through.objects
        for chunk in _chunks(slugs):
            pairs = through.filter(from_product__slug__in=chunk).values_list(
                "from_product__slug", "to_product__slug"
            )
            for source, target in pairs:
                self.db_complementary[source].add(target)
        skus = {row.sku for row in rows}
        self.db_variants = {
            v.sku: v
            for chunk in _chunks(skus)
            for v in Variant.objects.filter(sku__in=chunk).select_related("product")
        }
        barcodes = {str(row.variant["barcode"]) for row in rows if row.variant.get("barcode")}
        self.barcode_owner = {
            code: sku
            for chunk in _chunks(barcodes)
            for code, sku in Variant.objects.filter(barcode__in=chunk).values_list("barcode", "sku")
        }
        self.categories = list(Category.objects.order_by("id").values_list("id", "name", "slug"))

    def _group(self, rows: list[_Row]) -> dict[str, _Product]:
        products: dict[str, _Product] = {}
        seen_sku: dict[str, int] = {}
        seen_barcode: dict[str, int] = {}
        for row in rows:
            if row.sku in seen_sku:
                self.errors.add(
                    row.number,
                    "sku",
                    _("this SKU is already on row %(row)d"),
                    row=seen_sku[row.sku],
                )
                continue
            seen_sku[row.sku] = row.number
            barcode = row.variant.get("barcode")
            if barcode and barcode in seen_barcode:
                self.errors.add(
                    row.number,
                    "barcode",
                    _("this barcode is already on row %(row)d"),
                    row=seen_barcode[barcode],
                )
                continue
            if barcode:
                seen_barcode[barcode] = row.number
            product = products.setdefault(row.slug, _Product(row.slug))
            conflicts = [
                key
                for key, value in row.stated.items()
                if key in product.values and product.values[key] != value
            ]
            for key in conflicts:
                self.errors.add(
                    row.number,
                    _PRODUCT_COLUMNS[key],
                    _("differs from row %(row)d of the same product"),
                    row=product.first_row[key],
                )
            if conflicts:
                continue
            for key, value in row.stated.items():
                product.values.setdefault(key, value)
                product.first_row.setdefault(key, row.number)
            product.rows.append(row)
        return {slug: p for slug, p in products.items() if p.rows}

    def _check_products(self) -> None:
        for product in list(self.products.values()):
            if "name" not in product.values and product.slug not in self.db_products:
                self._refuse(product, "product_name", _("a name is required for a new product"))
        # A complementary product must exist, or be imported by this same file; refusing a
        # product can orphan references to it, so repeat until nothing more is refused.
        changed = True
        while changed:
            changed = False
            for product in list(self.products.values()):
                for slug in product.values.get("complementary", ()):
                    if slug in self.products or slug in self.db_products:
                        continue
                    if slug not in self.file_slugs:
                        message = _("unknown product %(slug)s")
                    elif self.partial:
                        message = _("product %(slug)s was not imported")
                    else:
                        continue  # its own rows are refused, so nothing is written anyway
                    self._refuse(product, "complementary", message, slug=slug)
                    changed = True
                    break

    def _refuse(self, product: _Product, column: str, message: Any, **params: Any) -> None:
        for row in product.rows:
            self.errors.add(row.number, column, message, **params)
        del self.products[product.slug]

    def _check_variants(self) -> None:
        kept = []
        for row in self.rows:
            variant = self.db_variants.get(row.sku)
            if variant is not None and variant.product.slug != row.slug:
                self.errors.add(
                    row.number,
                    "sku",
                    _("this SKU belongs to product %(slug)s"),
                    slug=variant.product.slug,
                )
                continue
            owner = self.barcode_owner.get(row.variant.get("barcode", ""))
            if owner is not None and owner != row.sku:
                self.errors.add(
                    row.number, "barcode", _("variant %(sku)s has this barcode"), sku=owner
                )
                continue
            kept.append(row)
        dropped = {row.number for row in self.rows} - {row.number for row in kept}
        self.rows = kept
        for product in list(self.products.values()):
            product.rows = [row for row in product.rows if row.number not in dropped]
            if not product.rows:
                del self.products[product.slug]
        if dropped:
            self._check_products()
            alive = set(self.products)
            self.rows = [row for row in self.rows if row.slug in alive]

    # --- what would change ------------------------------------------------------------

    def _category_key(self, reference: str) -> int | str | None:
        """An existing category id, or the slug of the one to create; None for none."""
        if not reference:
            return None
        slug = slugify(reference)
        for pk, _name, cat_slug in self.categories:
            if cat_slug == slug:
                return pk
        for pk, name, _slug in self.categories:
            if name.lower() == reference.lower():
                return pk
        return slug

    def _desired(self, product: _Product) -> dict[str, Any]:
        desired = {}
        for key, default in {"name": None, **_PRODUCT_DEFAULTS}.items():
            if key in product.values:
                desired[key] = product.values[key]
            elif default is not None and _PRODUCT_COLUMNS[key] in self.columns:
                desired[key] = default
        return desired

    def _diff(self) -> None:
        self.product_changes: dict[str, dict[str, Any] | None] = {}  # None: create
        self.new_categories = set()
        for slug, product in self.products.items():
            desired = self._desired(product)
            if "category" in desired:
                key = self._category_key(desired["category"])
                if isinstance(key, str):
                    self.new_categories.add(key)
            current = self.db_products.get(slug)
            if current is None:
                self.product_changes[slug] = None
                continue
            changes = {}
            for key, value in desired.items():
                if key == "category":
                    key_now = self._category_key(value)
                    if key_now != current.category_id:
                        changes[key] = value
                elif key == "complementary":
                    if set(value) != self.db_complementary.get(slug, set()):
                        changes[key] = value
                elif getattr(current, key) != value:
                    changes[key] = value
            self.product_changes[slug] = changes
        self.variant_changes: dict[str, dict[str, Any] | None] = {}
        for row in self.rows:
            variant = self.db_variants.get(row.sku)
            if variant is None:
                self.variant_changes[row.sku] = None
            else:
                self.variant_changes[row.sku] = {
                    k: v for k, v in row.variant.items() if getattr(variant, k) != v
                }

    def has_work(self) -> bool:
        return any(
            c is None or c for c in (*self.product_changes.values(), *self.variant_changes.values())
        )

    def counts(self) -> ImportCounts:
        products = list(self.product_changes.values())
        variants = list(self.variant_changes.values())
        return {
            "categories_created": len(self.new_categories),
            "products_created": sum(c is None for c in products),
            "products_updated": sum(bool(c) for c in products),
            "products_unchanged": sum(c == {} for c in products),
            "variants_created": sum(c is None for c in variants),
            "variants_updated": sum(bool(c) for c in variants),
            "variants_unchanged": sum(c == {} for c in variants),
        }

    # --- writing ----------------------------------------------------------------------

    @transaction.atomic
    def write(self) -> None:
        categories: dict[str, Category | None] = {"": None}
        saved: dict[str, Product] = {}
        complementary_sets: dict[str, tuple[str, ...]] = {}
        for slug, product in self.products.items():
            changes = self.product_changes[slug]
            values = self._desired(product) if changes is None else dict(changes)
            complementary = values.pop("complementary", None)
            if "category" in values:
                reference = values["category"]
                if reference not in categories:
                    categories[reference] = category_for_reference(reference=reference)
                values["category"] = categories[reference]
            if changes is None:
                saved[slug] = product_create(slug=slug, **values)
            else:
                saved[slug] = product_update(product=self.db_products[slug], **values)
            if complementary is not None:
                complementary_sets[slug] = complementary
        for row in self.rows:
            changes = self.variant_changes[row.sku]
            if changes is None:
                variant_create(product=saved[row.slug], sku=row.sku, **row.variant)
            elif changes:
                variant_update(variant=self.db_variants[row.sku], **changes)
        for slug, wanted in complementary_sets.items():
            targets = [saved.get(s) or self.db_products[s] for s in wanted]
            product_set_complementary(product=saved[slug], complementary=targets)


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    items = sorted(values)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]

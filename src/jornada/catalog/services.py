"""Every write to the catalog. Each function validates all of its input first and
raises one ``CatalogError`` naming every bad field; when it raises, nothing was written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .errors import CatalogError, FieldErrors
from .models import Category, Product, Variant
from .validators import (
    MEASURES,
    PRODUCT_FLAGS,
    category_values_clean,
    product_values_clean,
    variant_values_clean,
)

PRODUCT_FIELDS = frozenset({"name", "slug", "description", "category", "is_active", *PRODUCT_FLAGS})
VARIANT_FIELDS = frozenset(
    {"sku", "price", "currency", "options", "barcode", "is_active", *MEASURES}
)

_M = TypeVar("_M", bound=models.Model)


def category_create(
    *, name: str, slug: str | None = None, parent: Category | None = None
) -> Category:
    """A new category; ``slug`` defaults to the slugified name."""
    cleaned = category_values_clean({"name": name, "slug": slug})
    category = Category(name=cleaned["name"], slug=cleaned["slug"], parent=parent)
    return _save_unique(category, lambda: _category_conflicts(category))


def category_for_reference(*, reference: str) -> Category:
    """The category whose slug or name is ``reference``; created (top level) when none is."""
    cleaned = category_values_clean({"name": reference, "slug": None})
    found = Category.objects.filter(slug=cleaned["slug"]).first() or (
        Category.objects.filter(name__iexact=cleaned["name"]).order_by("id").first()
    )
    return found or category_create(name=cleaned["name"])


def product_create(
    *,
    name: str,
    slug: str | None = None,
    category: Category | None = None,
    description: str = "",
    is_fragile: bool = False,
    is_perishable: bool = False,
    is_oversize: bool = False,
    is_high_value: bool = False,
    is_active: bool = True,
) -> Product:
    """A new product without variants; ``slug`` defaults to the slugified name."""
    cleaned = product_values_clean(
        {
            "name": name,
            "slug": slug,
            "description": description,
            "is_fragile": is_fragile,
            "is_perishable": is_perishable,
            "is_oversize": is_oversize,
            "is_high_value": is_high_value,
            "is_active": is_active,
        }
    )
    _check_category(category)
    product = Product(category=category, **cleaned)
    return _save_unique(product, lambda: _product_conflicts(product))


def product_update(*, product: Product, **changes: Any) -> Product:
    """Change the given fields (any of ``PRODUCT_FIELDS``); unchanged values write nothing."""
    _check_names(changes, PRODUCT_FIELDS)
    values = {k: v for k, v in changes.items() if k != "category"}
    if "slug" in values:
        values.setdefault("name", product.name)
    cleaned = product_values_clean(values)
    if "category" in changes:
        _check_category(changes["category"])
        cleaned["category"] = changes["category"]
    return _apply(product, cleaned, lambda: _product_conflicts(product))


def product_set_complementary(*, product: Product, complementary: Sequence[Product]) -> None:
    """Replace the products offered beside ``product`` (cross-sell); order is not kept."""
    if any(other.pk == product.pk for other in complementary):
        raise CatalogError.on("complementary", _("a product cannot complement itself"))
    if any(other.pk is None for other in complementary):
        raise CatalogError.on("complementary", _("unknown product"))
    wanted = {other.pk for other in complementary}
    with transaction.atomic():
        current = set(product.complementary.values_list("pk", flat=True))
        if current != wanted:
            product.complementary.set(wanted)


def variant_create(
    *,
    product: Product,
    sku: str,
    price: Decimal,
    weight_grams: int,
    length_mm: int,
    width_mm: int,
    height_mm: int,
    options: dict[str, str] | None = None,
    barcode: str = "",
    currency: str = "BRL",
    is_active: bool = True,
) -> Variant:
    """A new sellable variant of ``product``; ``sku`` is stored normalised (upper case)."""
    if product.pk is None:
        raise CatalogError.on("product", _("unknown product"))
    cleaned = variant_values_clean(
        {
            "sku": sku,
            "price": price,
            "currency": currency,
            "options": options,
            "barcode": barcode,
            "weight_grams": weight_grams,
            "length_mm": length_mm,
            "width_mm": width_mm,
            "height_mm": height_mm,
            "is_active": is_active,
        }
    )
    variant = Variant(product=product, **cleaned)
    return _save_unique(variant, lambda: _variant_conflicts(variant))


def variant_update(*, variant: Variant, **changes: Any) -> Variant:
    """Change the given fields (any of ``VARIANT_FIELDS``); unchanged values write nothing."""
    _check_names(changes, VARIANT_FIELDS)
    cleaned = variant_values_clean(changes)
    return _apply(variant, cleaned, lambda: _variant_conflicts(variant))


# --- helpers ---------------------------------------------------------------------------


def _check_names(changes: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"cannot change {', '.join(sorted(unknown))}")


def _check_category(category: object) -> None:
    if category is not None and (not isinstance(category, Category) or category.pk is None):
        raise CatalogError.on("category", _("unknown category"))


def _apply(instance: _M, cleaned: dict[str, Any], conflicts: Callable[[], FieldErrors]) -> _M:
    changed = [name for name, value in cleaned.items() if getattr(instance, name) != value]
    if not changed:
        return instance
    previous = {name: getattr(instance, name) for name in changed}
    for name in changed:
        setattr(instance, name, cleaned[name])
    try:
        return _save_unique(instance, conflicts, update_fields=[*changed, "updated_at"])
    except CatalogError:
        for name, value in previous.items():
            setattr(instance, name, value)
        raise


def _save_unique(
    instance: _M,
    conflicts: Callable[[], FieldErrors],
    update_fields: list[str] | None = None,
) -> _M:
    """Save after checking unique fields; a race lost to another writer gives the same error."""
    errors = conflicts()
    errors.raise_if_any()
    try:
        with transaction.atomic():
            instance.save(update_fields=update_fields)
    except IntegrityError:
        if update_fields is None:
            instance.pk = None
        errors = conflicts()
        errors.raise_if_any()
        raise
    return instance


def _others(instance: models.Model) -> Q:
    return ~Q(pk=instance.pk) if instance.pk is not None else Q()


def _category_conflicts(category: Category) -> FieldErrors:
    errors = FieldErrors()
    if Category.objects.filter(_others(category), slug=category.slug).exists():
        errors.add("slug", _("a category with this slug already exists"))
    return errors


def _product_conflicts(product: Product) -> FieldErrors:
    errors = FieldErrors()
    if Product.objects.filter(_others(product), slug=product.slug).exists():
        errors.add("slug", _("a product with this slug already exists"))
    return errors


def _variant_conflicts(variant: Variant) -> FieldErrors:
    errors = FieldErrors()
    if Variant.objects.filter(_others(variant), sku=variant.sku).exists():
        errors.add("sku", _("a variant with this SKU already exists"))
    if (
        variant.barcode
        and Variant.objects.filter(_others(variant), barcode=variant.barcode).exists()
    ):
        errors.add("barcode", _("another variant has this barcode"))
    return errors

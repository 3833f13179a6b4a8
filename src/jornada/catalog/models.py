"""Catalog records: categories, products and their sellable variants (one SKU each).

Writes go through ``services.py``; the admin's ``clean()`` applies the same rules
(``validators.py``), so a product edited by hand meets the same checks as one imported.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .errors import CatalogError
from .types import SKU_MAX_LENGTH, variant_label
from .validators import (
    CATEGORY_NAME_MAX_LENGTH,
    NAME_MAX_LENGTH,
    SLUG_MAX_LENGTH,
    category_values_clean,
    product_values_clean,
    variant_values_clean,
)


def _as_validation_error(error: CatalogError) -> ValidationError:
    return ValidationError({field: list(messages) for field, messages in error.fields.items()})


class Category(models.Model):
    name = models.CharField(_("name"), max_length=CATEGORY_NAME_MAX_LENGTH)
    slug = models.SlugField(_("slug"), max_length=SLUG_MAX_LENGTH, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            cleaned = category_values_clean({"name": self.name, "slug": self.slug})
        except CatalogError as exc:
            raise _as_validation_error(exc) from None
        self.name, self.slug = cleaned["name"], cleaned["slug"]
        ancestor = self.parent
        while ancestor is not None:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("a category cannot be inside itself")})
            ancestor = ancestor.parent


class Product(models.Model):
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    slug = models.SlugField(_("slug"), max_length=SLUG_MAX_LENGTH, unique=True)
    description = models.TextField(_("description"), blank=True, default="")
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
    )
    is_fragile = models.BooleanField(_("fragile"), default=False)
    is_perishable = models.BooleanField(_("perishable / food"), default=False)
    is_oversize = models.BooleanField(_("oversize"), default=False)
    is_high_value = models.BooleanField(_("high value"), default=False)
    complementary = models.ManyToManyField(
        "self",
        verbose_name=_("complementary products"),
        symmetrical=False,
        blank=True,
        related_name="complemented_by",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            cleaned = product_values_clean(
                {"name": self.name, "slug": self.slug, "description": self.description}
            )
        except CatalogError as exc:
            raise _as_validation_error(exc) from None
        self.name, self.slug, self.description = (
            cleaned["name"],
            cleaned["slug"],
            cleaned["description"],
        )


class Variant(models.Model):
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="variants"
    )
    sku = models.CharField(_("SKU"), max_length=SKU_MAX_LENGTH, unique=True)
    barcode = models.CharField(_("barcode (GTIN/EAN)"), max_length=14, blank=True, default="")
    options = models.JSONField(_("options"), default=dict, blank=True)
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="BRL")
    weight_grams = models.PositiveIntegerField(_("weight (g)"))
    length_mm = models.PositiveIntegerField(_("length (mm)"))
    width_mm = models.PositiveIntegerField(_("width (mm)"))
    height_mm = models.PositiveIntegerField(_("height (mm)"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ("product_id", "sku")
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gte=0), name="catalog_variant_price_not_negative"
            ),
            models.UniqueConstraint(
                fields=["barcode"],
                condition=~Q(barcode=""),
                name="catalog_variant_barcode_unique",
            ),
        ]

    def __str__(self) -> str:
        label = self.label
        return f"{self.sku} ({label})" if label else self.sku

    @property
    def label(self) -> str:
        return variant_label(self.options if isinstance(self.options, dict) else {})

    def clean(self) -> None:
        values: dict[str, Any] = {
            "sku": self.sku,
            "price": self.price,
            "currency": self.currency,
            "options": self.options,
            "barcode": self.barcode,
            "weight_grams": self.weight_grams,
            "length_mm": self.length_mm,
            "width_mm": self.width_mm,
            "height_mm": self.height_mm,
        }
        # Empty required fields are already reported by clean_fields(); say it once.
        values = {k: v for k, v in values.items() if v is not None and v != ""}
        values.setdefault("barcode", "")
        try:
            cleaned = variant_values_clean(values)
        except CatalogError as exc:
            raise _as_validation_error(exc) from None
        for field, value in cleaned.items():
            setattr(self, field, value)

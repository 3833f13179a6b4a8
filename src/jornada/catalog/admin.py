"""Staff editing of the catalog. Models' ``clean()`` apply the services' rules, so a
product changed here meets the same checks as one created by a service or the CSV."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Category, Product, Variant


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "parent")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0
    fields = (
        "sku",
        "options",
        "price",
        "currency",
        "weight_grams",
        "length_mm",
        "width_mm",
        "height_mm",
        "barcode",
        "is_active",
    )


class ProductAdminForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = (
            "name",
            "slug",
            "category",
            "description",
            "is_active",
            "is_fragile",
            "is_perishable",
            "is_oversize",
            "is_high_value",
            "complementary",
        )

    def clean_complementary(self) -> Any:
        chosen = self.cleaned_data.get("complementary")
        pk = self.instance.pk
        if chosen is not None and pk is not None and chosen.filter(pk=pk).exists():
            raise forms.ValidationError(_("a product cannot complement itself"))
        return chosen


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = ProductAdminForm
    list_display = (
        "name",
        "slug",
        "category",
        "variant_count",
        "is_fragile",
        "is_perishable",
        "is_oversize",
        "is_high_value",
        "is_active",
    )
    list_filter = (
        "is_active",
        "is_fragile",
        "is_perishable",
        "is_oversize",
        "is_high_value",
        "category",
    )
    search_fields = ("name", "slug", "variants__sku", "variants__barcode")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("category",)
    filter_horizontal = ("complementary",)
    readonly_fields = ("created_at", "updated_at")
    inlines = [VariantInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", "category", "description", "is_active")}),
        (
            _("Handling"),
            {"fields": ("is_fragile", "is_perishable", "is_oversize", "is_high_value")},
        ),
        (_("Cross-sell"), {"fields": ("complementary",)}),
        (_("History"), {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Product]:
        return (
            super()
            .get_queryset(request)
            .select_related("category")
            .annotate(variant_total=Count("variants"))
        )

    @admin.display(description=_("variants"), ordering="variant_total")
    def variant_count(self, product: Product) -> int:
        return int(getattr(product, "variant_total", 0))


@admin.register(Variant)
class VariantAdmin(admin.ModelAdmin):
    list_display = ("sku", "product", "label", "price", "currency", "barcode", "is_active")
    list_filter = (
        "is_active",
        "product__is_fragile",
        "product__is_perishable",
        "product__is_oversize",
        "product__is_high_value",
        "product__category",
    )
    search_fields = ("sku", "barcode", "product__name")
    list_select_related = ("product",)
    autocomplete_fields = ("product",)
    readonly_fields = ("created_at", "updated_at")

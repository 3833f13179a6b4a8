"""Staff edit the box list here; packages are read-only (packing goes through services)."""

from __future__ import annotations

from django.contrib import admin

from jornada.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Box, Package, PackageItem


@admin.register(Box)
class BoxAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "length_mm",
        "width_mm",
        "height_mm",
        "max_weight_grams",
        "insulated",
        "is_active",
    )


class ItemInline(ReadOnlyInline):
    model = PackageItem
    fields = ("sku", "product_name", "quantity", "scanned")
    readonly_fields = fields


@admin.register(Package)
class PackageAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "status", "box", "weight_grams", "closed_at")
    list_filter = ("status",)
    inlines = (ItemInline,)

"""Staff admin for inventory: locations, suppliers and sourcing are edited here; levels,
the ledger and reservations are read-only (they move only through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jornada.inventory.models import (
    Backorder,
    Location,
    PurchaseOrder,
    PurchaseOrderLine,
    Reservation,
    Sourcing,
    StockLevel,
    StockMovement,
    Supplier,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "kind", "uf", "serves_ufs", "priority", "is_active")
    list_filter = ("kind", "is_active")


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "email", "lead_time_days", "is_active")


@admin.register(Sourcing)
class SourcingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("sku", "mode", "supplier", "allow_backorder", "unit_cost")
    list_filter = ("mode", "allow_backorder")
    search_fields = ("sku",)


@admin.register(StockLevel)
class StockLevelAdmin(ReadOnlyAdmin):
    list_display = ("sku", "location", "on_hand", "reserved", "allocated", "low_stock_threshold")
    list_filter = ("location",)
    search_fields = ("sku",)


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "kind",
        "level",
        "d_on_hand",
        "d_reserved",
        "d_allocated",
        "order_id",
        "reason",
        "actor_label",
    )
    list_filter = ("kind",)
    search_fields = ("level__sku", "reference", "reason")


@admin.register(Reservation)
class ReservationAdmin(ReadOnlyAdmin):
    list_display = ("order_id", "sku", "level", "quantity", "status", "expires_at")
    list_filter = ("status",)
    search_fields = ("sku",)


class PurchaseOrderLineInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PurchaseOrderLine
    extra = 0
    readonly_fields = ("sku", "supplier_sku", "quantity", "quantity_received", "unit_cost")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "supplier",
        "status",
        "dropship",
        "order_id",
        "expected_date",
        "tracking_code",
    )
    list_filter = ("status", "dropship")
    inlines = [PurchaseOrderLineInline]


@admin.register(Backorder)
class BackorderAdmin(ReadOnlyAdmin):
    list_display = ("order_number", "sku", "quantity", "quantity_filled", "status", "expected_date")
    list_filter = ("status",)

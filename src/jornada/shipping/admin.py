"""Staff view of carriers (editable) and shipments (read-only: they change only through
services that keep the tracking history and the order in step)."""

from __future__ import annotations

from django.contrib import admin

from jornada.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Carrier,
    CarrierService,
    Manifest,
    ProofOfDelivery,
    RateRow,
    Shipment,
    TrackingEvent,
)


class ServiceInline(admin.TabularInline):
    model = CarrierService
    extra = 0
    fields = (
        "code",
        "name",
        "s10_prefix",
        "cubic_divisor",
        "max_weight_grams",
        "handles_oversize",
        "handles_perishable",
        "insurance_rate",
        "is_active",
    )


@admin.register(Carrier)
class CarrierAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "is_active")
    inlines = (ServiceInline,)


class RateInline(ReadOnlyInline):
    model = RateRow
    fields = ("cep_start", "cep_end", "weight_max_grams", "price", "business_days")
    readonly_fields = fields
    ordering = ("cep_start", "weight_max_grams")


@admin.register(CarrierService)
class CarrierServiceAdmin(admin.ModelAdmin):
    list_display = ("__str__", "code", "is_active")
    inlines = (RateInline,)


class EventInline(ReadOnlyInline):
    model = TrackingEvent
    fields = ("occurred_at", "status", "description", "location", "applied")
    readonly_fields = fields
    ordering = ("occurred_at", "id")


class ProofInline(ReadOnlyInline):
    model = ProofOfDelivery
    fields = ("received_by", "document", "delivered_at", "recorded_by")
    readonly_fields = fields


@admin.register(Shipment)
class ShipmentAdmin(ReadOnlyAdmin):
    list_display = (
        "tracking_code",
        "order",
        "service",
        "status",
        "promised_date",
        "late",
        "at_risk",
    )
    list_filter = ("status", "late", "at_risk", "service__carrier")
    search_fields = ("tracking_code", "order__number")
    inlines = (EventInline, ProofInline)


@admin.register(Manifest)
class ManifestAdmin(ReadOnlyAdmin):
    list_display = ("carrier", "date", "document_id")

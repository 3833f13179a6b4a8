"""Staff view of payments: read-only; every change goes through the services (locked
transitions, gateway calls, timeline). Refunds are approved from the API/back office,
where the finance role is checked."""

from __future__ import annotations

from django.contrib import admin

from jornada.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Payment,
    PaymentAttempt,
    Refund,
    SandboxCharge,
    SandboxWebhook,
    StoreCreditEntry,
    WebhookEvent,
)


class AttemptInline(ReadOnlyInline):
    model = PaymentAttempt
    fields = ("created_at", "operation", "outcome", "amount", "gateway_status", "reason")
    readonly_fields = fields
    ordering = ("created_at", "id")


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = ("created_at", "amount", "destination", "status", "reason", "requested_by_label")
    readonly_fields = fields
    ordering = ("created_at", "id")


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "order",
        "method",
        "status",
        "amount",
        "refunded_amount",
        "gateway",
        "created_at",
    )
    list_filter = ("status", "method", "gateway")
    search_fields = ("order__number", "reference")
    list_select_related = ("order",)
    inlines = (AttemptInline, RefundInline)
    exclude = ("pix_copy_paste",)


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "payment",
        "amount",
        "destination",
        "status",
        "requested_by_label",
        "created_at",
    )
    list_filter = ("status", "destination")


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "gateway", "event_type", "event_id", "outcome", "payment")
    list_filter = ("gateway", "outcome", "event_type")
    search_fields = ("event_id", "reference")


@admin.register(StoreCreditEntry)
class StoreCreditAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "customer", "amount", "currency", "reason")
    search_fields = ("customer__name", "customer__email")


@admin.register(SandboxCharge)
class SandboxChargeAdmin(ReadOnlyAdmin):
    list_display = ("reference", "method", "scenario", "status", "amount", "refunded", "created_at")
    list_filter = ("method", "status", "scenario")


@admin.register(SandboxWebhook)
class SandboxWebhookAdmin(ReadOnlyAdmin):
    list_display = ("event_id", "attempts", "last_status", "delivered_at", "created_at")

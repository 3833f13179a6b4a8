from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jornada.core.models import (
    Document,
    EventDelivery,
    OutboxEvent,
    StoreProfile,
    Timer,
    WorkerHeartbeat,
)
from jornada.core.outbox import event_delivery_retry


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by services: staff may look, never edit by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    """Inline rows of a read-only parent: shown, never added, changed or deleted."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class DeliveryInline(admin.TabularInline):
    model = EventDelivery
    fields = ("handler", "status", "attempts", "due_at", "completed_at", "last_error")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin):
    list_display = ("event_type", "aggregate", "occurred_at", "id")
    list_filter = ("event_type",)
    search_fields = ("aggregate", "id")
    inlines = [DeliveryInline]


@admin.register(EventDelivery)
class EventDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("id", "handler", "status", "attempts", "due_at", "completed_at")
    list_filter = ("status", "handler")
    search_fields = ("handler", "event__id", "event__aggregate")
    actions = ["retry_dead"]

    @admin.action(description=_("Retry the selected dead letters"))
    def retry_dead(self, request: HttpRequest, queryset: QuerySet[EventDelivery]) -> None:
        count = sum(event_delivery_retry(delivery_id=d.pk) for d in queryset)
        self.message_user(
            request, _("%(n)d deliveries queued again") % {"n": count}, messages.SUCCESS
        )


@admin.register(Timer)
class TimerAdmin(ReadOnlyAdmin):
    list_display = ("job", "key", "status", "due_at", "attempts", "completed_at")
    list_filter = ("status", "job")
    search_fields = ("key",)


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("worker_id", "hostname", "pid", "started_at", "last_seen_at", "handled")


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("filename", "kind", "order_id", "reference", "size", "created_at")
    list_filter = ("kind",)
    search_fields = ("filename", "reference", "order_id")
    exclude = ("content",)


@admin.register(StoreProfile)
class StoreProfileAdmin(admin.ModelAdmin):
    """The store's name, contacts and policies (the back office has its own page too)."""

    exclude = ("logo_png",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not StoreProfile.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

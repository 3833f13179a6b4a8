"""Admin: message templates (marketing edits them, with a preview on a real order),
webhook subscriptions and their delivery log, and the messages themselves (read-only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.template import TemplateSyntaxError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from jornada.core.cache import caches_clear
from jornada.core.roles import Role, has_role
from jornada.notifications.models import (
    Message,
    MessageTemplate,
    WebhookDelivery,
    WebhookSubscription,
)
from jornada.notifications.outbound import webhook_redeliver, webhook_secret_new
from jornada.notifications.rendering import template_check


class RoleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    roles: tuple[str, ...] = (Role.MARKETING,)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_role(request.user, *self.roles)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_role(request.user, *self.roles)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_role(request.user, *self.roles)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return has_role(request.user, *self.roles)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_role(request.user, *self.roles)


class MessageTemplateForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = MessageTemplate
        fields = (
            "key",
            "channel",
            "language",
            "purpose",
            "subject",
            "body_text",
            "body_html",
            "whatsapp_template",
            "whatsapp_params",
            "is_active",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("subject", "body_text", "body_html"):
            try:
                template_check(data.get(name) or "")
            except TemplateSyntaxError as exc:
                self.add_error(name, _("Template error: %(error)s") % {"error": exc})
        params = data.get("whatsapp_params")
        if params is not None and not (
            isinstance(params, list) and all(isinstance(p, str) for p in params)
        ):
            self.add_error("whatsapp_params", _('A list of context names, e.g. ["order.number"].'))
        return data


@admin.register(MessageTemplate)
class MessageTemplateAdmin(RoleAdmin):
    form = MessageTemplateForm
    list_display = ("key", "channel", "language", "purpose", "is_active", "updated_at", "preview")
    list_filter = ("channel", "language", "purpose", "is_active", "key")
    search_fields = ("key", "subject", "body_text")
    readonly_fields = ("updated_at", "updated_by")

    @admin.display(description=_("preview"))
    def preview(self, obj: MessageTemplate) -> str:
        url = reverse("notifications:template-preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("preview on an order"))

    def save_model(
        self, request: HttpRequest, obj: MessageTemplate, form: Any, change: bool
    ) -> None:
        obj.updated_at = timezone.now()
        obj.updated_by = request.user.get_username()[:150]  # type: ignore[union-attr]
        super().save_model(request, obj, form, change)
        caches_clear()


@admin.register(Message)
class MessageAdmin(RoleAdmin):
    roles = (Role.MARKETING, Role.CUSTOMER_SERVICE)
    list_display = ("created_at", "order_id", "template_key", "channel", "address", "status")
    list_filter = ("status", "channel", "audience", "template_key")
    search_fields = ("address", "dedup_key", "provider_message_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class WebhookSubscriptionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = WebhookSubscription
        fields = ("url", "description", "event_types", "is_active")

    def clean_event_types(self) -> list[str]:
        value = self.cleaned_data.get("event_types") or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise forms.ValidationError(_('A list of event types, e.g. ["orders.OrderPlaced"].'))
        return value


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(RoleAdmin):
    roles = (Role.OWNER,)
    form = WebhookSubscriptionForm
    list_display = ("url", "description", "is_active", "created_at")
    readonly_fields = ("secret",)

    def save_model(
        self, request: HttpRequest, obj: WebhookSubscription, form: Any, change: bool
    ) -> None:
        if not obj.secret:
            obj.secret = webhook_secret_new()
        super().save_model(request, obj, form, change)
        caches_clear()


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(RoleAdmin):
    roles = (Role.OWNER,)
    list_display = ("created_at", "event_type", "url", "status", "attempts", "response_status")
    list_filter = ("status", "event_type")
    actions = ("redeliver",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Deliver again"))
    def redeliver(self, request: HttpRequest, queryset: Any) -> None:
        count = sum(webhook_redeliver(delivery_id=d.pk) for d in queryset)
        self.message_user(request, _("%(count)s deliveries queued again.") % {"count": count})

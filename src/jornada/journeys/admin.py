"""Admin: journeys (edited by marketing) with their figures; runs are read-only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.core.cache import caches_clear
from jornada.journeys.conditions import conditions_errors
from jornada.journeys.models import Journey, JourneyRun
from jornada.journeys.selectors import journey_figures
from jornada.journeys.services import action_errors
from jornada.notifications.admin import RoleAdmin


class JourneyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Journey
        fields = (
            "slug",
            "name",
            "description",
            "trigger",
            "trigger_match",
            "delay_amount",
            "delay_unit",
            "delay_before",
            "conditions",
            "actions",
            "once_per",
            "is_enabled",
        )

    def clean_conditions(self) -> list[Any]:
        value = self.cleaned_data.get("conditions") or []
        errors = conditions_errors(value)
        if errors:
            raise forms.ValidationError(errors)
        return list(value)

    def clean_actions(self) -> list[Any]:
        value = self.cleaned_data.get("actions") or []
        errors = action_errors(value)
        if errors:
            raise forms.ValidationError(errors)
        return list(value)

    def clean_trigger_match(self) -> dict[str, Any]:
        value = self.cleaned_data.get("trigger_match") or {}
        if not isinstance(value, dict):
            raise forms.ValidationError(_('An object, e.g. {"status": "out_for_delivery"}.'))
        return value

    def clean_once_per(self) -> list[str]:
        value = self.cleaned_data.get("once_per") or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise forms.ValidationError(_('A list of event fields, e.g. ["shipment_id"].'))
        return value


@admin.register(Journey)
class JourneyAdmin(RoleAdmin):
    form = JourneyForm
    list_display = ("name", "trigger", "delay", "is_enabled", "figures")
    list_filter = ("is_enabled", "trigger")
    search_fields = ("name", "slug")
    actions = ("enable", "disable")

    @admin.display(description=_("delay"))
    def delay(self, obj: Journey) -> str:
        return f"{obj.delay_amount} {obj.get_delay_unit_display()}" if obj.delay_amount else "—"

    @admin.display(description=_("entered / sent / skipped"))
    def figures(self, obj: Journey) -> str:
        f = journey_figures(journey_ids=[obj.pk])[0]
        return f"{f.entered} / {f.sent} / {f.skipped}"

    def save_model(self, request: HttpRequest, obj: Journey, form: Any, change: bool) -> None:
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)
        caches_clear()

    @admin.action(description=_("Enable"))
    def enable(self, request: HttpRequest, queryset: Any) -> None:
        queryset.update(is_enabled=True, updated_at=timezone.now())
        caches_clear()

    @admin.action(description=_("Disable"))
    def disable(self, request: HttpRequest, queryset: Any) -> None:
        queryset.update(is_enabled=False, updated_at=timezone.now())
        caches_clear()


@admin.register(JourneyRun)
class JourneyRunAdmin(RoleAdmin):
    list_display = ("key", "journey", "status", "skip_reason", "messages_sent", "due_at")
    list_filter = ("status", "journey")
    search_fields = ("key",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""Validations are read-only here; approving and rejecting go through the API and the
back office, which record who decided and why."""

from __future__ import annotations

from django.contrib import admin

from jornada.core.admin import ReadOnlyAdmin

from .models import ValidationResult


@admin.register(ValidationResult)
class ValidationResultAdmin(ReadOnlyAdmin):
    list_display = ("order", "score", "decision", "decided_by", "checked_at")
    list_filter = ("decision",)
    search_fields = ("order__number",)

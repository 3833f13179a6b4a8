"""Reads of validation: the hold queue staff work through."""

from __future__ import annotations

from django.db.models import QuerySet

from jornada.validation.models import Decision, ValidationResult


def holds_pending() -> QuerySet[ValidationResult]:
    """Orders waiting for review, highest risk first, then oldest."""
    return (
        ValidationResult.objects.filter(decision=Decision.HELD)
        .select_related("order")
        .order_by("-score", "checked_at")
    )

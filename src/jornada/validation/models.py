"""The validation of each paid order: its score, reasons and the decision taken."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Decision(models.TextChoices):
    VALIDATED = "validated", _("validated automatically")
    HELD = "held", _("on hold for review")
    APPROVED = "approved", _("approved by staff")
    REJECTED = "rejected", _("rejected by staff")


class ValidationResult(models.Model):
    order = models.OneToOneField(
        "orders.Order", on_delete=models.CASCADE, related_name="validation"
    )
    score = models.PositiveIntegerField(_("risk score"))
    reasons = models.JSONField(_("reasons"), default=list)  # [{"code", "points", "detail"}]
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True, default="")
    decision_note = models.CharField(_("note"), max_length=300, blank=True, default="")
    report_document_id = models.BigIntegerField(null=True, blank=True)
    checked_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("validation")
        verbose_name_plural = _("validations")
        indexes = [models.Index(fields=["decision", "checked_at"], name="validation_queue")]

    def __str__(self) -> str:
        return f"{self.order_id} {self.decision} ({self.score})"

"""The staff action log: who did what in the back office, and when (append-only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StaffActionKind(models.TextChoices):
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("failed to log in")
    LOGOUT = "logout", _("logged out")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("asked for a password reset")
    PASSWORD_RESET_DONE = "password_reset_done", _("set a new password")
    ORDER_NOTE_ADDED = "order_note_added", _("added a note to an order")
    ORDER_CANCELLED = "order_cancelled", _("cancelled an order")
    ORDER_HOLD_APPROVED = "order_hold_approved", _("approved a held order")
    ORDER_HOLD_REJECTED = "order_hold_rejected", _("rejected a held order")
    REFUND_REQUESTED = "refund_requested", _("refunded a payment")
    MESSAGE_RESENT = "message_resent", _("sent a message again")
    STOCK_ADJUSTED = "stock_adjusted", _("adjusted a stock count")
    STORE_PROFILE_UPDATED = "store_profile_updated", _("changed the store profile")
    STAFF_ROLES_CHANGED = "staff_roles_changed", _("changed a staff member's roles")
    STAFF_INVITED = "staff_invited", _("added a staff member")


class StaffAction(models.Model):
    """One thing a staff member did; written in the transaction of the change itself."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("staff member"),
    )
    # Kept as typed, so the log still says who it was after the account is gone.
    user_label = models.CharField(_("who"), max_length=200)
    kind = models.CharField(_("what"), max_length=40)
    order_id = models.BigIntegerField(_("order id"), null=True, blank=True)
    order_number = models.CharField(_("order"), max_length=20, blank=True, default="")
    params = models.JSONField(_("details"), default=dict)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("staff action")
        verbose_name_plural = _("staff actions")
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="backoffice_action_recent"),
            models.Index(fields=["user", "-id"], name="backoffice_action_user"),
            models.Index(fields=["order_number"], name="backoffice_action_order"),
        ]

    def __str__(self) -> str:
        return f"{self.user_label} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: the log is evidence; a row once written is never changed.
        if self.pk is not None:
            raise ValueError("staff actions are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("staff actions are append-only")

    @property
    def kind_label(self) -> str:
        try:
            return str(StaffActionKind(self.kind).label)
        except ValueError:
            return self.kind

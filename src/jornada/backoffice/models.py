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
    MANIFEST_CREATED = "manifest_created", _("generated a carrier's manifest")
    CARRIER_HANDOFF = "carrier_handoff", _("handed the manifest's parcels to the carrier")
    PURCHASE_ORDER_SENT = "purchase_order_sent", _("sent a purchase order")
    PURCHASE_ORDER_CONFIRMED = "purchase_order_confirmed", _("recorded a supplier's confirmation")
    PURCHASE_ORDER_RECEIVED = "purchase_order_received", _("received goods of a purchase order")
    PACKAGE_OPENED = "package_opened", _("opened a package at the packing station")
    PACKAGE_CLOSED = "package_closed", _("closed a package at the packing station")
    SHIPMENT_CREATED = "shipment_created", _("handed packages to a carrier")
    STORE_PROFILE_UPDATED = "store_profile_updated", _("changed the store profile")
    STAFF_ROLES_CHANGED = "staff_roles_changed", _("changed a staff member's roles")
    STAFF_INVITED = "staff_invited", _("added a staff member")
    TEMPLATE_UPDATED = "template_updated", _("changed a message template")
    JOURNEY_ENABLED = "journey_enabled", _("switched a journey on")
    JOURNEY_DISABLED = "journey_disabled", _("switched a journey off")
    PAYMENT_TERMS_UPDATED = "payment_terms_updated", _("changed the payment settings")
    CARRIER_SERVICE_ENABLED = "carrier_service_enabled", _("switched a carrier service on")
    CARRIER_SERVICE_DISABLED = "carrier_service_disabled", _("switched a carrier service off")
    RATES_IMPORTED = "rates_imported", _("imported a rate table")
    BOX_ADDED = "box_added", _("added a box")
    BOX_UPDATED = "box_updated", _("changed a box")
    BOX_DEACTIVATED = "box_deactivated", _("took a box out of use")
    BOX_REACTIVATED = "box_reactivated", _("put a box back in use")


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

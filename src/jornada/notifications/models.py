"""Messages (the local outbox every channel writes to), their templates, outbound webhooks.

A ``Message`` is created once per deduplication key (order + stage + audience + channel),
rendered when it is created and handed to its channel's adapter by a worker. The row is
what staff browse (the mail-catcher page), what provider webhooks update, and what makes
a replayed event send nothing twice.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.customers.types import Channel, ConsentPurpose


class Audience(models.TextChoices):
    CUSTOMER = "customer", _("customer")
    STAFF = "staff", _("staff")


class MessageStatus(models.TextChoices):
    #: waiting for a worker to hand it to the channel (or, for a call, for staff)
    QUEUED = "queued", _("queued")
    #: held back by quiet hours until ``due_at``
    DEFERRED = "deferred", _("deferred (quiet hours)")
    SENT = "sent", _("sent")
    DELIVERED = "delivered", _("delivered")
    READ = "read", _("read")
    FAILED = "failed", _("failed")
    #: never sent: no consent, opted out, no contact data (``skip_reason`` says which)
    SKIPPED = "skipped", _("skipped")


class MessageTemplate(models.Model):
    """The wording of one stage message on one channel in one language, edited by staff."""

    key = models.CharField(_("message"), max_length=60)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    language = models.CharField(
        _("language"), max_length=8, choices=[(c, c) for c in ("pt-br", "es", "en")]
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=16,
        choices=ConsentPurpose.choices,
        default=ConsentPurpose.TRANSACTIONAL,
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True, default="")
    body_text = models.TextField(
        _("text"), help_text=_("Plain text (email), message (WhatsApp, SMS) or call script.")
    )
    body_html = models.TextField(
        _("HTML"), blank=True, default="", help_text=_("Email only; the store's layout wraps it.")
    )
    #: WhatsApp Cloud API: the approved template's name and the context values of its {{n}}
    whatsapp_template = models.CharField(
        _("approved WhatsApp template"), max_length=120, blank=True, default=""
    )
    whatsapp_params = models.JSONField(_("WhatsApp template parameters"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.CharField(_("updated by"), max_length=150, blank=True, default="")

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ("key", "channel", "language")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "channel", "language"], name="notifications_template_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} / {self.channel} / {self.language}"


class Message(models.Model):
    """One message to one person on one channel: exactly one row per ``dedup_key``."""

    dedup_key = models.CharField(max_length=200, unique=True)
    order_id = models.BigIntegerField(null=True, blank=True)
    customer_id = models.BigIntegerField(null=True, blank=True)
    audience = models.CharField(max_length=16, choices=Audience.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    purpose = models.CharField(max_length=16, choices=ConsentPurpose.choices)
    #: email address or E.164 phone
    address = models.CharField(_("to"), max_length=254, blank=True, default="")
    language = models.CharField(max_length=8, default="pt-br")
    template_key = models.CharField(_("message"), max_length=60)
    subject = models.CharField(_("subject"), max_length=300, blank=True, default="")
    body_text = models.TextField(blank=True, default="")
    body_html = models.TextField(blank=True, default="")
    #: ids of ``core.Document`` rows sent as attachments (order report, boleto)
    attachments = models.JSONField(default=list, blank=True)
    #: channel extras: WhatsApp template name and parameters, unsubscribe URL
    meta = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    skip_reason = models.CharField(max_length=60, blank=True, default="")
    provider = models.CharField(max_length=40, blank=True, default="")
    provider_message_id = models.CharField(max_length=200, blank=True, default="")
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    due_at = models.DateTimeField(default=timezone.now)
    #: a worker talking to the provider owns the message until then (no second send)
    lease_until = models.DateTimeField(null=True, blank=True)
    #: the message this one replaces on another channel (WhatsApp failed -> email)
    fallback_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="fallbacks"
    )
    journey_run_id = models.BigIntegerField(null=True, blank=True)
    #: the run's journey, kept on the message so a journey's figures read one index
    journey_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    #: call tasks: the staff member who called and what happened
    handled_by = models.CharField(max_length=150, blank=True, default="")
    outcome_note = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="notif_msg_recent"),
            models.Index(fields=["order_id", "id"], name="notif_msg_order"),
            models.Index(fields=["status", "channel"], name="notif_msg_status"),
            models.Index(fields=["provider", "provider_message_id"], name="notif_msg_provider"),
            # journeys' figures: a journey's messages by status, delivered and read, from
            # the index alone
            models.Index(
                fields=["journey_id", "status", "skip_reason", "delivered_at", "read_at"],
                name="notif_msg_journey_figures",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template_key} -> {self.address} ({self.channel})"


class ProviderReceipt(models.Model):
    """An inbound provider webhook already applied: the same event twice changes nothing."""

    provider = models.CharField(max_length=40)
    event_id = models.CharField(max_length=200)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="notif_receipt_once"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.event_id}"


class WebhookSubscription(models.Model):
    """An integrator's endpoint and the event types it wants (Standard Webhooks signed)."""

    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True, default="")
    #: event types ("orders.OrderPlaced"); empty means every event
    event_types = models.JSONField(_("event types"), default=list, blank=True)
    #: ``whsec_`` + base64 key, as the Standard Webhooks libraries expect
    secret = models.CharField(_("signing secret"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.url

    def wants(self, event_type: str) -> bool:
        return self.is_active and (not self.event_types or event_type in self.event_types)


class WebhookDeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one endpoint: the integrator's delivery log."""

    subscription = models.ForeignKey(
        WebhookSubscription, null=True, blank=True, on_delete=models.CASCADE
    )
    #: journeys' "call a webhook" actions have no subscription, only a URL
    url = models.URLField(max_length=500)
    #: the ``webhook-id`` header: the same for every retry, so receivers can deduplicate
    message_id = models.CharField(max_length=100, unique=True)
    event_type = models.CharField(max_length=100)
    payload = models.JSONField(default=dict)
    status = models.CharField(
        max_length=16, choices=WebhookDeliveryStatus.choices, default=WebhookDeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["-created_at", "-id"], name="notif_hook_recent")]

    def __str__(self) -> str:
        return f"{self.event_type} -> {self.url}"


class CallOutcome(models.TextChoices):
    DONE = "done", _("done")
    NOT_REACHED = "not_reached", _("not reached")


__all__ = [
    "Audience",
    "CallOutcome",
    "Message",
    "MessageStatus",
    "MessageTemplate",
    "ProviderReceipt",
    "WebhookDelivery",
    "WebhookDeliveryStatus",
    "WebhookSubscription",
]

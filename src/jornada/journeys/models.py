"""Journeys (trigger, delay, conditions, actions) and their runs, one per order and stage."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DelayUnit(models.TextChoices):
    MINUTES = "minutes", _("minutes")
    HOURS = "hours", _("hours")
    BUSINESS_DAYS = "business_days", _("business days")


class Journey(models.Model):
    """What to do, and when, after a domain event; edited by the marketing role."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, default="")
    #: a domain event type, e.g. "shipping.ShipmentDelivered"
    trigger = models.CharField(_("trigger event"), max_length=100, db_index=True)
    #: payload values the event must carry, e.g. {"status": "out_for_delivery"}
    trigger_match = models.JSONField(_("event must match"), default=dict, blank=True)
    delay_amount = models.PositiveIntegerField(_("delay"), default=0)
    delay_unit = models.CharField(
        _("delay unit"), max_length=16, choices=DelayUnit.choices, default=DelayUnit.MINUTES
    )
    #: count the delay back from this payload date instead of forward from the event
    delay_before = models.CharField(
        _("delay before payload date"), max_length=60, blank=True, default=""
    )
    #: [{"fact": "total", "op": "gte", "value": "200"}], all must hold (checked when due)
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    #: [{"type": "send", "template": "delivered", "to": "customer"}, ...]
    actions = models.JSONField(_("actions"), default=list)
    #: payload keys that make another run for the same order (e.g. ["shipment_id"])
    once_per = models.JSONField(_("once per"), default=list, blank=True)
    is_enabled = models.BooleanField(_("enabled"), default=True)
    is_default = models.BooleanField(_("ships with Jornada"), default=False, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("journey")
        verbose_name_plural = _("journeys")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class RunStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    DONE = "done", _("done")
    SKIPPED = "skipped", _("skipped")


class JourneyRun(models.Model):
    """One order going through one journey once: ``key`` makes a replay find it."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="runs")
    order_id = models.BigIntegerField(db_index=True)
    key = models.CharField(max_length=200, unique=True)
    event_id = models.UUIDField()
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.WAITING)
    skip_reason = models.CharField(max_length=200, blank=True, default="")
    messages_sent = models.PositiveIntegerField(default=0)
    due_at = models.DateTimeField(default=timezone.now)
    entered_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("journey run")
        verbose_name_plural = _("journey runs")
        # with messages_sent, the journeys page's figures are read from the index alone
        indexes = [
            models.Index(fields=["journey", "status", "messages_sent"], name="journeys_run_status")
        ]

    def __str__(self) -> str:
        return self.key

"""Core records: the outbox of domain events, their per-handler deliveries, timers, workers.

``EventDelivery`` and ``Timer`` share one shape (``LeasedWork``): a row is *pending*
until a worker completes it, and it may be tried when ``due_at`` has passed. A worker
that claims a row pushes ``due_at`` forward by the lease and writes its lease token,
so a killed worker's rows become due again when the lease runs out.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DONE = "done", _("done")
    DEAD = "dead", _("dead letter")
    CANCELLED = "cancelled", _("cancelled")


class LeasedWork(models.Model):
    status = models.CharField(max_length=16, choices=WorkStatus.choices, default=WorkStatus.PENDING)
    due_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    lease_token = models.CharField(max_length=64, blank=True, default="")
    last_error = models.TextField(blank=True, default="")
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class OutboxEvent(models.Model):
    """A domain event, written in the same transaction as the change it reports."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event_type = models.CharField(max_length=100)
    aggregate = models.CharField(max_length=100, blank=True, default="", db_index=True)
    payload = models.JSONField(default=dict)
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("domain event")
        verbose_name_plural = _("domain events")

    def __str__(self) -> str:
        return f"{self.event_type} {self.id}"


class EventDelivery(LeasedWork):
    """One (event, handler) pair: completed at most once, retried with backoff, or dead."""

    id = models.BigAutoField(primary_key=True)
    # No index of its own: the (event, handler) unique constraint already leads with it,
    # and every index is one more page written by each publishing transaction.
    event = models.ForeignKey(
        OutboxEvent, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    handler = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("event delivery")
        verbose_name_plural = _("event deliveries")
        constraints = [
            models.UniqueConstraint(fields=["event", "handler"], name="core_delivery_once"),
        ]
        indexes = [models.Index(fields=["status", "due_at", "id"], name="core_delivery_due")]

    def __str__(self) -> str:
        return f"{self.handler} <- {self.event_id}"


class Timer(LeasedWork):
    """A job to run once when ``due_at`` passes (expiries, journey steps, SLA checks)."""

    id = models.BigAutoField(primary_key=True)
    job = models.CharField(max_length=100)
    key = models.CharField(max_length=200, unique=True)
    payload = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("timer")
        verbose_name_plural = _("timers")
        indexes = [models.Index(fields=["status", "due_at", "id"], name="core_timer_due")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.due_at:%Y-%m-%d %H:%M}"


class WorkerHeartbeat(models.Model):
    worker_id = models.CharField(max_length=100, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen_at = models.DateTimeField(db_index=True)
    handled = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return self.worker_id


class Document(models.Model):
    """A generated file (order report, packing slip, label, boleto, manifest …).

    Kept in the database so it is written in the same transaction as what it documents
    and backed up with it; ``sha256`` lets callers tell whether a re-render changed it.
    """

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=40)
    order_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    reference = models.CharField(max_length=100, blank=True, default="")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100, default="application/pdf")
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["kind", "reference"], name="core_document_ref")]

    def __str__(self) -> str:
        return self.filename


class StoreProfile(models.Model):
    """The store as its customers see it: one row, edited by staff (settings page).

    Read through ``jornada.core.store.store_profile()``; packing slips, messages, reports
    and labels all take the store's name, contacts and policies from here.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    name = models.CharField(_("store name"), max_length=120, default="Loja Jornada")
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True, default="")
    document = models.CharField(_("CNPJ"), max_length=20, blank=True, default="")
    email = models.EmailField(_("email"), default="contato@loja.example")
    phone = models.CharField(_("phone"), max_length=20, blank=True, default="")
    whatsapp = models.CharField(_("WhatsApp"), max_length=20, blank=True, default="")
    website = models.URLField(_("website"), blank=True, default="")
    logradouro = models.CharField(_("street"), max_length=200, blank=True, default="")
    numero = models.CharField(_("number"), max_length=20, blank=True, default="")
    complemento = models.CharField(_("complement"), max_length=100, blank=True, default="")
    bairro = models.CharField(_("district"), max_length=100, blank=True, default="")
    cidade = models.CharField(_("city"), max_length=100, blank=True, default="")
    uf = models.CharField(_("state"), max_length=2, blank=True, default="")
    cep = models.CharField(_("CEP"), max_length=8, blank=True, default="")
    logo_png = models.BinaryField(_("logo (PNG)"), blank=True, default=b"")
    return_policy = models.TextField(_("return policy"), blank=True, default="")
    refund_policy = models.TextField(_("refund policy"), blank=True, default="")
    thank_you_note = models.TextField(_("thank-you note"), blank=True, default="")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("store profile")
        verbose_name_plural = _("store profile")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="core_store_profile_single"),
        ]

    def __str__(self) -> str:
        return self.name

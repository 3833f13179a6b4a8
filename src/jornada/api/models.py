"""API records: integration keys and the stored answers behind ``Idempotency-Key``.

An ``ApiKey`` keeps only the SHA-256 of its secret; the plaintext is shown once, when
the key is made. An ``IdempotencyRecord`` is the first answer to a (caller, method,
path, key) request, kept so that a retry gets that answer byte for byte.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    """A credential an integration sends as ``Authorization: Bearer`` or ``X-API-Key``."""

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=32, unique=True, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        """True when ``scope`` (``orders:write``) is granted, exactly or by a wildcard."""
        resource = scope.split(":", 1)[0]
        return "*" in self.scopes or scope in self.scopes or f"{resource}:*" in self.scopes


class IdempotencyStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")


class IdempotencyRecord(models.Model):
    """The first answer to one ``Idempotency-Key`` within one scope (caller, method, path).

    While ``in_progress`` the request that inserted the row owns it; ``locked_at`` is its
    ownership token: whoever takes over a stale row, or stores the answer, does so with an
    update conditioned on the ``locked_at`` it saw.
    """

    scope = models.CharField(_("scope"), max_length=1024)
    key = models.CharField(_("key"), max_length=255)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=IdempotencyStatus.choices,
        default=IdempotencyStatus.IN_PROGRESS,
    )
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True)
    response_headers = models.JSONField(_("response headers"), default=dict)
    response_body = models.BinaryField(_("response body"), default=b"")
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    locked_at = models.DateTimeField(_("locked at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="api_idempotency_scope_key"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} ({self.status})"

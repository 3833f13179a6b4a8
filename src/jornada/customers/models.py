"""Customers, their addresses, and the two append-only logs LGPD and staff rely on.

Consent state lives in columns on ``Customer`` (read on every message sent); its
history - who, when, how - lives in ``ConsentLogEntry``, which is only ever appended.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.brazil.cep import UF

from .types import (
    ChangeSource,
    Channel,
    ConsentPurpose,
    ContactField,
    DocumentKind,
    Source,
)


def consent_column(channel: str) -> str:
    """The ``Customer`` column holding marketing consent on ``channel``."""
    return f"consent_{Channel(channel).value}_marketing"


def optout_column(channel: str) -> str:
    """The ``Customer`` column saying the customer refused all messages on ``channel``."""
    return f"optout_{Channel(channel).value}"


class Customer(models.Model):
    """One person or company, one row per CPF/CNPJ (``document``, normalised)."""

    name = models.CharField(_("name"), max_length=200)
    document = models.CharField(_("CPF/CNPJ"), max_length=14, unique=True)
    document_kind = models.CharField(_("document kind"), max_length=4, choices=DocumentKind.choices)
    email = models.EmailField(_("email"), max_length=254, db_index=True)
    phone_e164 = models.CharField(_("phone"), max_length=16, blank=True, default="")
    #: mobile (or a plan that cannot tell, e.g. US): can take WhatsApp and SMS
    phone_is_mobile = models.BooleanField(_("mobile phone"), default=False)
    preferred_channel = models.CharField(
        _("preferred channel"), max_length=16, choices=Channel.choices, default=Channel.EMAIL
    )
    language = models.CharField(_("language"), max_length=8, default="pt-br")
    source = models.CharField(_("came from"), max_length=16, choices=Source.choices)

    # Marketing needs consent per channel; transactional messages need none, but the
    # customer may refuse every message on a channel (opt-out).
    consent_email_marketing = models.BooleanField(_("email marketing consent"), default=False)
    consent_whatsapp_marketing = models.BooleanField(_("WhatsApp marketing consent"), default=False)
    consent_sms_marketing = models.BooleanField(_("SMS marketing consent"), default=False)
    consent_phone_marketing = models.BooleanField(_("phone marketing consent"), default=False)
    optout_email = models.BooleanField(_("opted out of email"), default=False)
    optout_whatsapp = models.BooleanField(_("opted out of WhatsApp"), default=False)
    optout_sms = models.BooleanField(_("opted out of SMS"), default=False)
    optout_phone = models.BooleanField(_("opted out of phone calls"), default=False)

    order_count = models.PositiveIntegerField(_("orders"), default=0)
    contact_confirmed_at = models.DateTimeField(
        _("contact data confirmed at"), null=True, blank=True
    )
    first_order_at = models.DateTimeField(_("first order at"), null=True, blank=True)
    last_order_at = models.DateTimeField(_("last order at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [models.Index(fields=["phone_e164"], name="customers_phone")]

    def __str__(self) -> str:
        return self.name

    def has_marketing_consent(self, channel: str) -> bool:
        return bool(getattr(self, consent_column(channel)))

    def opted_out(self, channel: str) -> bool:
        return bool(getattr(self, optout_column(channel)))

    def reachable(self, channel: str) -> bool:
        """Whether the contact data on file can carry a message on ``channel``."""
        if channel == Channel.EMAIL:
            return bool(self.email)
        if channel == Channel.PHONE:
            return bool(self.phone_e164)
        return bool(self.phone_e164) and self.phone_is_mobile


class CustomerAddress(models.Model):
    """An address the customer used; the same address (normalised) is kept once."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="addresses")
    label = models.CharField(_("label"), max_length=40, blank=True, default="")
    logradouro = models.CharField(_("street"), max_length=120)
    numero = models.CharField(_("number"), max_length=20)
    complemento = models.CharField(_("complement"), max_length=80, blank=True, default="")
    bairro = models.CharField(_("district"), max_length=80)
    cidade = models.CharField(_("city"), max_length=80)
    uf = models.CharField(_("state"), max_length=2, choices=UF.choices)
    cep = models.CharField(_("CEP"), max_length=8)
    #: hash of the normalised address: the same place typed twice is one row
    fingerprint = models.CharField(max_length=32)
    is_default = models.BooleanField(_("default"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), default=timezone.now)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "fingerprint"], name="customers_address_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.logradouro}, {self.numero} - {self.cidade}/{self.uf}"


class ConsentLogEntry(models.Model):
    """LGPD evidence: a consent given or withdrawn, by whom, when and how. Append-only."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="consent_log")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    purpose = models.CharField(_("purpose"), max_length=16, choices=ConsentPurpose.choices)
    granted = models.BooleanField(_("granted"))
    source = models.CharField(_("how"), max_length=20, choices=ChangeSource.choices)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: who, in words: the staff user's name, "customer", "system"
    actor_label = models.CharField(_("who"), max_length=150)
    at = models.DateTimeField(_("when"), default=timezone.now)
    #: what proves it: IP address, form, message id, import file
    evidence = models.TextField(_("evidence"), blank=True, default="")

    class Meta:
        verbose_name = _("consent log entry")
        verbose_name_plural = _("consent log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.channel}/{self.purpose}: {'granted' if self.granted else 'withdrawn'}"


class ContactChange(models.Model):
    """A change of email, phone or preferred channel, kept so staff see when and how."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contact_changes")
    field = models.CharField(_("field"), max_length=20, choices=ContactField.choices)
    old_value = models.CharField(_("old value"), max_length=254, blank=True, default="")
    new_value = models.CharField(_("new value"), max_length=254, blank=True, default="")
    source = models.CharField(_("how"), max_length=20, choices=ChangeSource.choices)
    actor_label = models.CharField(_("who"), max_length=150)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("contact change")
        verbose_name_plural = _("contact changes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} -> {self.new_value}"

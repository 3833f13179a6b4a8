"""Payments: every charge, every call made to a gateway, refunds, webhooks and store credit.

Card data never lands here: only the gateway's references, the brand and the last four
digits. ``Sandbox*`` models are the embedded sandbox gateway's own books (what a real
gateway keeps on its side); Jornada's records never read them directly.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.payments.states import PaymentStatus, RefundStatus


class Method(models.TextChoices):
    CREDIT_CARD = "credit_card", _("credit card")
    PIX = "pix", _("Pix")
    BOLETO = "boleto", _("boleto")
    DEBIT_CARD = "debit_card", _("debit card")
    PAYPAL = "paypal", _("PayPal")


CARD_METHODS = frozenset({Method.CREDIT_CARD, Method.DEBIT_CARD})


class Payment(models.Model):
    """One charge for (part of) an order at one gateway."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="payments")
    method = models.CharField(max_length=16, choices=Method.choices)
    gateway = models.CharField(max_length=32)
    status = models.CharField(
        max_length=24, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    currency = models.CharField(max_length=3, default="BRL")
    # principal: the part of the order's total this payment covers; amount: what is
    # charged (principal plus card interest); both exact to the cent.
    principal = models.DecimalField(max_digits=12, decimal_places=2)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    refunded_amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    instalments = models.PositiveSmallIntegerField(default=1)
    instalment_amounts = models.JSONField(default=list)  # ["33.34", "33.33", "33.33"]
    interest_free = models.BooleanField(default=True)
    # the gateway's id of the charge; empty until the charge exists there
    reference = models.CharField(max_length=100, blank=True, default="")
    idempotency_key = models.CharField(max_length=100, unique=True)
    card_brand = models.CharField(max_length=20, blank=True, default="")
    card_last4 = models.CharField(max_length=4, blank=True, default="")
    pix_copy_paste = models.TextField(blank=True, default="")
    boleto_line = models.CharField(max_length=60, blank=True, default="")
    boleto_barcode = models.CharField(max_length=44, blank=True, default="")
    boleto_due_date = models.DateField(null=True, blank=True)
    boleto_document_id = models.BigIntegerField(null=True, blank=True)
    redirect_url = models.CharField(max_length=500, blank=True, default="")
    expires_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.CharField(max_length=200, blank=True, default="")
    # when the gateway last told us something, so an older message never wins
    gateway_updated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [
            models.Index(fields=["gateway", "reference"], name="payments_reference"),
            models.Index(fields=["order", "id"], name="payments_order"),
            models.Index(fields=["status", "created_at"], name="payments_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=models.F("principal")),
                name="payments_amount_covers_principal",
            ),
            models.CheckConstraint(
                condition=models.Q(refunded_amount__gte=0)
                & models.Q(refunded_amount__lte=models.F("amount")),
                name="payments_refund_within_amount",
            ),
            models.CheckConstraint(
                condition=models.Q(principal__gt=0), name="payments_principal_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.amount} {self.status}"

    @property
    def refundable(self) -> Decimal:
        return self.amount - self.refunded_amount


class PaymentAttempt(models.Model):
    """One call to a gateway (authorize, capture, void, refund, query) and its outcome."""

    class Operation(models.TextChoices):
        AUTHORIZE = "authorize", _("authorize")
        CAPTURE = "capture", _("capture")
        VOID = "void", _("void")
        REFUND = "refund", _("refund")
        QUERY = "query", _("query status")

    class Outcome(models.TextChoices):
        OK = "ok", _("accepted")
        DECLINED = "declined", _("declined")
        ERROR = "error", _("gateway error")

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="attempts")
    operation = models.CharField(max_length=16, choices=Operation.choices)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    gateway_status = models.CharField(max_length=40, blank=True, default="")
    reason = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("payment attempt")
        verbose_name_plural = _("payment attempts")

    def __str__(self) -> str:
        return f"{self.operation} {self.outcome}"


class Refund(models.Model):
    class Destination(models.TextChoices):
        ORIGINAL = "original", _("original payment method")
        STORE_CREDIT = "store_credit", _("store credit")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    destination = models.CharField(max_length=16, choices=Destination.choices)
    status = models.CharField(
        max_length=16, choices=RefundStatus.choices, default=RefundStatus.REQUESTED
    )
    reason = models.CharField(max_length=300)
    # per instalment, for cards: how much of each instalment is given back
    instalment_amounts = models.JSONField(default=list)
    reference = models.CharField(max_length=100, blank=True, default="")
    failure_reason = models.CharField(max_length=200, blank=True, default="")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by_label = models.CharField(max_length=200, blank=True, default="")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payments_refund_positive"
            )
        ]

    def __str__(self) -> str:
        return f"refund {self.amount} {self.status}"


class WebhookEvent(models.Model):
    """A gateway's signed message, as received (raw body kept), once per event id."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("applied")
        IGNORED = "ignored", _("ignored (stale or not allowed)")
        UNKNOWN_PAYMENT = "unknown_payment", _("unknown payment")

    gateway = models.CharField(max_length=32)
    event_id = models.CharField(max_length=100)
    event_type = models.CharField(max_length=60)
    reference = models.CharField(max_length=100, blank=True, default="")
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="webhooks"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    note = models.CharField(max_length=200, blank=True, default="")
    raw_body = models.TextField()
    headers = models.JSONField(default=dict)
    occurred_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        constraints = [
            models.UniqueConstraint(fields=["gateway", "event_id"], name="payments_webhook_once")
        ]

    def __str__(self) -> str:
        return f"{self.gateway} {self.event_type} {self.event_id}"


class StoreCreditEntry(models.Model):
    """The customer's store credit as a ledger: issues are positive, uses negative."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="store_credit"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="BRL")
    refund = models.OneToOneField(
        Refund, null=True, blank=True, on_delete=models.PROTECT, related_name="store_credit"
    )
    order = models.ForeignKey(
        "orders.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("store credit entry")
        verbose_name_plural = _("store credit entries")

    def __str__(self) -> str:
        return f"{self.customer_id} {self.amount}"


# --- the sandbox gateway's own books -------------------------------------------------


class SandboxCharge(models.Model):
    """A charge as the sandbox gateway sees it (its status, money and settlement)."""

    reference = models.CharField(max_length=40, unique=True)
    idempotency_key = models.CharField(max_length=100, unique=True)
    external_reference = models.CharField(max_length=100)
    method = models.CharField(max_length=16)
    scenario = models.CharField(max_length=32)
    status = models.CharField(max_length=24)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    refunded = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    currency = models.CharField(max_length=3, default="BRL")
    instalments = models.PositiveSmallIntegerField(default=1)
    expires_at = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)  # boletos
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sandbox charge")
        verbose_name_plural = _("sandbox charges")

    def __str__(self) -> str:
        return f"{self.reference} {self.status}"


class SandboxWebhook(models.Model):
    """A webhook the sandbox gateway sends (and retries until Jornada answers 2xx)."""

    event_id = models.CharField(max_length=60, unique=True)
    body = models.JSONField()
    attempts = models.PositiveIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sandbox webhook")
        verbose_name_plural = _("sandbox webhooks")

    def __str__(self) -> str:
        return self.event_id

    def payload(self) -> dict[str, Any]:
        return dict(self.body)


class PaymentTerms(models.Model):
    """The store's payment choices, set by owners in the back office: one row (pk 1).

    Without the row the environment's settings apply (``JORNADA_PAYMENT_METHODS``,
    ``JORNADA_MAX_INSTALMENTS`` ...); ``jornada.payments.terms`` reads either.
    """

    methods = models.JSONField(_("payment methods offered"), default=list)
    max_instalments = models.PositiveSmallIntegerField(_("maximum card instalments"))
    interest_free_instalments = models.PositiveSmallIntegerField(_("interest-free instalments"))
    monthly_interest = models.DecimalField(
        _("monthly interest after that"), max_digits=6, decimal_places=4
    )
    min_instalment = models.DecimalField(_("smallest instalment"), max_digits=10, decimal_places=2)
    pix_expiry_minutes = models.PositiveIntegerField(_("Pix code valid for (minutes)"))
    boleto_due_days = models.PositiveSmallIntegerField(_("boleto due in (business days)"))
    boleto_grace_days = models.PositiveSmallIntegerField(
        _("boleto grace after the due date (business days)")
    )
    card_payment_window_minutes = models.PositiveIntegerField(
        _("card, debit and PayPal payments wait for (minutes)")
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.CharField(_("updated by"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("payment terms")
        verbose_name_plural = _("payment terms")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interest_free_instalments__lte=models.F("max_instalments")),
                name="payments_terms_interest_free_within_max",
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(self.methods)

"""Carriers, their services and rate tables; delivery promises; shipments, their tracking
history, proofs of delivery and the daily manifests."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.shipping.states import ShipmentStatus


class CarrierKind(models.TextChoices):
    CORREIOS = "correios", _("Correios-style (S10 tracking codes)")
    PRIVATE = "private", _("private carrier")
    PICKUP = "pickup", _("store pickup")


class Carrier(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=CarrierKind.choices)
    # Dotted path of the adapter class (``jornada.shipping.adapters.sandbox.SandboxCarrier``).
    adapter = models.CharField(
        _("adapter"), max_length=200, default="jornada.shipping.adapters.sandbox.SandboxCarrier"
    )
    tracking_url = models.CharField(
        _("tracking URL template"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("Use {code} for the tracking code; empty: Jornada's own tracking page."),
    )
    webhook_secret = models.CharField(_("webhook secret"), max_length=200, blank=True, default="")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("carrier")
        verbose_name_plural = _("carriers")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class CarrierService(models.Model):
    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="services")
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    s10_prefix = models.CharField(_("S10 prefix"), max_length=2, blank=True, default="")
    external_code = models.CharField(
        _("service id at the carrier platform"), max_length=40, blank=True, default=""
    )
    # Correios bill the larger of real and cubic weight (L x W x H cm / divisor kg); 0: real only.
    cubic_divisor = models.PositiveIntegerField(_("cubic weight divisor"), default=0)
    max_weight_grams = models.PositiveIntegerField(_("maximum weight (g)"), default=30000)
    handles_oversize = models.BooleanField(_("takes oversize packages"), default=False)
    handles_perishable = models.BooleanField(_("takes perishable goods"), default=True)
    insurance_rate = models.DecimalField(
        _("insurance rate on declared value"), max_digits=6, decimal_places=4, default=0
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("carrier service")
        verbose_name_plural = _("carrier services")
        ordering = ("carrier__name", "name")

    def __str__(self) -> str:
        return f"{self.carrier.name} {self.name}"


class RateRow(models.Model):
    """One line of a service's rate table: a CEP range, a weight band, a price and a time."""

    service = models.ForeignKey(CarrierService, on_delete=models.CASCADE, related_name="rates")
    cep_start = models.CharField(max_length=8)
    cep_end = models.CharField(max_length=8)
    weight_max_grams = models.PositiveIntegerField()
    price = models.DecimalField(max_digits=10, decimal_places=2)
    business_days = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("rate")
        verbose_name_plural = _("rates")
        indexes = [models.Index(fields=["service", "cep_start"], name="shipping_rate_lookup")]
        constraints = [
            models.CheckConstraint(
                condition=Q(cep_start__lte=models.F("cep_end")), name="shipping_rate_range"
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="shipping_rate_price"),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.cep_start}-{self.cep_end} <= {self.weight_max_grams} g"


class TrackingSerial(models.Model):
    """The last S10 serial used per prefix: codes are unique and never reused."""

    prefix = models.CharField(max_length=2, primary_key=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}={self.last_value}"


class DeliveryPromise(models.Model):
    """What the customer was promised: kept as computed; changes only by a recorded revision."""

    order = models.OneToOneField(
        "orders.Order", on_delete=models.CASCADE, related_name="delivery_promise"
    )
    service = models.ForeignKey(CarrierService, on_delete=models.PROTECT, related_name="+")
    promised_date = models.DateField(_("promised date"))
    processing_days = models.PositiveSmallIntegerField()
    supplier_days = models.PositiveSmallIntegerField(default=0)
    carrier_days = models.PositiveSmallIntegerField()
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("delivery promise")
        verbose_name_plural = _("delivery promises")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.promised_date}"


class PromiseRevision(models.Model):
    """A change of a promise: who, when, from what, to what and why (append-only)."""

    promise = models.ForeignKey(DeliveryPromise, on_delete=models.CASCADE, related_name="revisions")
    previous_date = models.DateField()
    new_date = models.DateField()
    reason = models.CharField(max_length=300)
    actor_label = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("promise revision")
        verbose_name_plural = _("promise revisions")

    def __str__(self) -> str:
        return f"{self.previous_date} -> {self.new_date}"


class Shipment(models.Model):
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="shipments")
    service = models.ForeignKey(CarrierService, on_delete=models.PROTECT, related_name="shipments")
    package_ids = models.JSONField(default=list)
    tracking_code = models.CharField(_("tracking code"), max_length=40, unique=True)
    external_id = models.CharField(max_length=100, blank=True, default="")
    status = models.CharField(max_length=20, choices=ShipmentStatus.choices)
    weight_grams = models.PositiveIntegerField()
    declared_value = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    price = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    promised_date = models.DateField(null=True, blank=True)
    estimated_date = models.DateField(null=True, blank=True)
    label_document_id = models.BigIntegerField(null=True, blank=True)
    manifest = models.ForeignKey(
        "Manifest", null=True, blank=True, on_delete=models.SET_NULL, related_name="shipments"
    )
    last_event_at = models.DateTimeField(null=True, blank=True)
    at_risk = models.BooleanField(default=False)
    late = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    posted_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        indexes = [
            models.Index(fields=["status", "promised_date"], name="shipping_open_by_promise"),
            models.Index(fields=["order", "id"], name="shipping_order"),
            # the shipping page's shipments of the day
            models.Index(fields=["created_at"], name="shipping_created"),
            # the board's carrier filter: a carrier's orders from the index alone
            models.Index(fields=["service", "order"], name="shipping_service_order"),
        ]

    def __str__(self) -> str:
        return self.tracking_code


class TrackingEvent(models.Model):
    """One carrier event, normalised; ``external_id`` makes repeats harmless."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    external_id = models.CharField(max_length=100)
    status = models.CharField(max_length=20, choices=ShipmentStatus.choices)
    description = models.CharField(max_length=300, blank=True, default="")
    location = models.CharField(max_length=200, blank=True, default="")
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)
    applied = models.BooleanField(default=False)
    raw = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("tracking event")
        verbose_name_plural = _("tracking events")
        constraints = [
            models.UniqueConstraint(fields=["shipment", "external_id"], name="shipping_event_once"),
        ]
        indexes = [models.Index(fields=["shipment", "occurred_at"], name="shipping_event_time")]

    def __str__(self) -> str:
        return f"{self.shipment_id} {self.status} {self.occurred_at:%Y-%m-%d %H:%M}"


class ProofOfDelivery(models.Model):
    shipment = models.OneToOneField(Shipment, on_delete=models.CASCADE, related_name="proof")
    received_by = models.CharField(_("received by"), max_length=200)
    document = models.CharField(_("document (masked)"), max_length=20, blank=True, default="")
    delivered_at = models.DateTimeField(_("delivered at"))
    photo_document_id = models.BigIntegerField(null=True, blank=True)
    signature_document_id = models.BigIntegerField(null=True, blank=True)
    recorded_by = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("proof of delivery")
        verbose_name_plural = _("proofs of delivery")

    def __str__(self) -> str:
        return f"{self.received_by} {self.delivered_at:%Y-%m-%d %H:%M}"


class Manifest(models.Model):
    """The day's hand-off list for one carrier, signed by the driver at pickup."""

    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="manifests")
    date = models.DateField()
    document_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("manifest")
        verbose_name_plural = _("manifests")
        constraints = [
            models.UniqueConstraint(fields=["carrier", "date"], name="shipping_manifest_daily")
        ]

    def __str__(self) -> str:
        return f"{self.carrier_id} {self.date}"


class InboundWebhook(models.Model):
    """A carrier webhook we accepted: its id, so a redelivery changes nothing."""

    carrier = models.ForeignKey(Carrier, on_delete=models.CASCADE, related_name="+")
    webhook_id = models.CharField(max_length=100)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["carrier", "webhook_id"], name="shipping_webhook_once")
        ]

    def __str__(self) -> str:
        return self.webhook_id


class SandboxParcel(models.Model):
    """The sandbox carrier's own memory of a parcel: the events it will report, and when."""

    tracking_code = models.CharField(max_length=40, primary_key=True)
    carrier_code = models.CharField(max_length=40)
    scenario = models.CharField(max_length=20)
    plan = models.JSONField(default=list)
    cancelled = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.tracking_code} ({self.scenario})"


class Backorder(models.Model):
    """Inventory's word that an order waits for a supplier (``inventory.OrderBackordered``)."""

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="+")
    expected_date = models.DateField(null=True, blank=True)
    skus = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["order", "expected_date"], name="shipping_backorder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.expected_date}"


class DeliveryChoice(models.Model):
    """The service the customer chose at checkout (a carrier, or pickup at a store)."""

    order = models.OneToOneField(
        "orders.Order", on_delete=models.CASCADE, related_name="delivery_choice"
    )
    service = models.ForeignKey(CarrierService, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.order_id}: {self.service_id}"

"""Orders, their lines (prices snapshotted at placement) and their timeline."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.customers.types import Source
from jornada.orders.states import OrderStatus

# Where an order was sold: the same set as where a customer came from (their first
# order's channel), so one customer history spans every channel.
SalesChannel = Source


class PaymentMethod(models.TextChoices):
    CREDIT_CARD = "credit_card", _("credit card")
    PIX = "pix", _("Pix")
    BOLETO = "boleto", _("boleto")
    DEBIT_CARD = "debit_card", _("debit card")
    PAYPAL = "paypal", _("PayPal")


class ActorKind(models.TextChoices):
    CUSTOMER = "customer", _("customer")
    STAFF = "staff", _("staff")
    SYSTEM = "system", _("system")
    INTEGRATION = "integration", _("integration")


class OrderNumberSequence(models.Model):
    """One counter row per sequence: gapless, unique order numbers on SQLite (PostgreSQL
    takes them from a database sequence, see ``orders.services._next_number``)."""

    name = models.CharField(max_length=32, primary_key=True)
    last_value = models.PositiveBigIntegerField()

    def __str__(self) -> str:
        return f"{self.name}={self.last_value}"


class Order(models.Model):
    number = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=24, choices=OrderStatus.choices)
    channel = models.CharField(max_length=20, choices=SalesChannel.choices)
    language = models.CharField(max_length=8, default="pt-br")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="orders"
    )
    # What the customer told us when ordering; the customer record may change later.
    customer_name = models.CharField(max_length=200)
    customer_document = models.CharField(max_length=20)
    customer_email = models.EmailField(max_length=254)
    customer_phone = models.CharField(max_length=20, blank=True, default="")
    recipient_name = models.CharField(max_length=200)
    ship_logradouro = models.CharField(max_length=200)
    ship_numero = models.CharField(max_length=20)
    ship_complemento = models.CharField(max_length=100, blank=True, default="")
    ship_bairro = models.CharField(max_length=100)
    ship_cidade = models.CharField(max_length=100)
    ship_uf = models.CharField(max_length=2)
    ship_cep = models.CharField(max_length=8)
    payment_method = models.CharField(max_length=16, choices=PaymentMethod.choices)
    instalments = models.PositiveSmallIntegerField(default=1)
    gift_wrap = models.BooleanField(default=False)
    gift_message = models.CharField(max_length=300, blank=True, default="")
    coupon_code = models.CharField(max_length=40, blank=True, default="")
    currency = models.CharField(max_length=3, default="BRL")
    subtotal = models.DecimalField(max_digits=12, decimal_places=2)
    shipping_total = models.DecimalField(max_digits=12, decimal_places=2)
    gift_wrap_total = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    discount_total = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    grand_total = models.DecimalField(max_digits=12, decimal_places=2)
    item_count = models.PositiveIntegerField()
    weight_grams = models.PositiveIntegerField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [
            models.Index(fields=["-placed_at", "-id"], name="orders_placed_desc"),
            models.Index(fields=["status", "-placed_at"], name="orders_status_placed"),
            models.Index(fields=["customer_document"], name="orders_document"),
            models.Index(fields=["customer_email"], name="orders_email"),
            # the back office's board filtered by state, newest first
            models.Index(fields=["ship_uf", "-placed_at", "-id"], name="orders_uf_placed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grand_total__gte=0), name="orders_total_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(instalments__gte=1), name="orders_instalments_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="+")
    sku = models.CharField(max_length=64)
    product_name = models.CharField(max_length=200)
    variant_label = models.CharField(max_length=200, blank=True, default="")
    quantity = models.PositiveIntegerField()
    unit_price = models.DecimalField(max_digits=12, decimal_places=2)
    line_total = models.DecimalField(max_digits=12, decimal_places=2)
    weight_grams = models.PositiveIntegerField()
    handling = models.JSONField(default=list)  # ["fragile", "perishable", ...] at placement

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.UniqueConstraint(fields=["order", "position"], name="orders_line_position"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="orders_line_qty"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku}"


class OrderEventType(models.TextChoices):
    PLACED = "placed", _("Order placed")
    STATUS_CHANGED = "status_changed", _("Status changed")
    CANCELLED = "cancelled", _("Order cancelled")
    ADDRESS_CHANGED = "address_changed", _("Shipping address changed")
    LINES_CHANGED = "lines_changed", _("Items changed")
    NOTE_ADDED = "note_added", _("Note added")
    MESSAGE = "message", _("Message to the customer or staff")


class OrderEvent(models.Model):
    """The order's timeline: append-only; what staff and the customer see."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=32, choices=OrderEventType.choices)
    actor_kind = models.CharField(max_length=16, choices=ActorKind.choices)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True, default="")
    params = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        indexes = [models.Index(fields=["order", "id"], name="orders_event_order")]

    def __str__(self) -> str:
        return f"{self.order_id} {self.type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: an event, once written, is history.
        if self.pk is not None:
            raise ValueError("order events are append-only")
        super().save(*args, **kwargs)

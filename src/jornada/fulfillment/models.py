"""Boxes the store packs with, and each order's fulfilment: its packages and their items."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Box(models.Model):
    """One box of the store's list (inner dimensions)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    length_mm = models.PositiveIntegerField(_("inner length (mm)"))
    width_mm = models.PositiveIntegerField(_("inner width (mm)"))
    height_mm = models.PositiveIntegerField(_("inner height (mm)"))
    max_weight_grams = models.PositiveIntegerField(_("maximum weight (g)"))
    tare_grams = models.PositiveIntegerField(_("weight of the empty box (g)"), default=0)
    insulated = models.BooleanField(_("insulated (food)"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("box")
        verbose_name_plural = _("boxes")
        ordering = ("length_mm", "width_mm", "height_mm")

    def __str__(self) -> str:
        return self.name


class FulfillmentStatus(models.TextChoices):
    PICKING = "picking", _("picking")
    PACKED = "packed", _("packed")
    CANCELLED = "cancelled", _("cancelled")


class Fulfillment(models.Model):
    order = models.OneToOneField(
        "orders.Order", on_delete=models.CASCADE, related_name="fulfillment"
    )
    status = models.CharField(max_length=16, choices=FulfillmentStatus.choices)
    started_by = models.CharField(max_length=200, blank=True, default="")
    started_at = models.DateTimeField(default=timezone.now)
    packed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("fulfilment")
        verbose_name_plural = _("fulfilments")

    def __str__(self) -> str:
        return f"{self.order_id} {self.status}"


class PackageStatus(models.TextChoices):
    OPEN = "open", _("being packed")
    CLOSED = "closed", _("packed")
    SHIPPED = "shipped", _("handed to the carrier")


class Package(models.Model):
    fulfillment = models.ForeignKey(Fulfillment, on_delete=models.CASCADE, related_name="packages")
    order_id = models.BigIntegerField(db_index=True)
    number = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=16, choices=PackageStatus.choices, default=PackageStatus.OPEN
    )
    box = models.ForeignKey(Box, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    weight_grams = models.PositiveIntegerField()
    length_mm = models.PositiveIntegerField(default=0)
    width_mm = models.PositiveIntegerField(default=0)
    height_mm = models.PositiveIntegerField(default=0)
    instructions = models.JSONField(default=list)
    marks = models.JSONField(default=list)
    declared_value = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    insure = models.BooleanField(default=False)
    express_only = models.BooleanField(default=False)
    oversize = models.BooleanField(default=False)
    gift_wrap = models.BooleanField(default=False)
    gift_message = models.CharField(max_length=300, blank=True, default="")
    packing_slip_document_id = models.BigIntegerField(null=True, blank=True)
    packed_by = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("package")
        verbose_name_plural = _("packages")
        constraints = [
            models.UniqueConstraint(
                fields=["fulfillment", "number"], name="fulfillment_package_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id}/{self.number}"


class PackageItem(models.Model):
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="items")
    order_line_id = models.BigIntegerField()
    sku = models.CharField(max_length=64)
    barcode = models.CharField(max_length=14, blank=True, default="")
    product_name = models.CharField(max_length=200)
    quantity = models.PositiveIntegerField()
    scanned = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("packed item")
        verbose_name_plural = _("packed items")
        constraints = [
            models.CheckConstraint(
                condition=Q(scanned__lte=models.F("quantity")), name="fulfillment_scan_limit"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="fulfillment_item_qty"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku}"

"""Inventory records: locations, stock levels, the movement ledger, reservations, and
purchasing (suppliers, how each SKU is sourced, purchase orders, backorders).

Stock levels are a projection of the ledger kept by the database itself: inserting a
``StockMovement`` applies its deltas to its ``StockLevel`` (trigger, migration 0002),
and inserting a ``Reservation`` writes its ``reserve``/``allocate`` movement the same
way. CHECK constraints refuse any level where reserved + allocated exceeds on hand, so
available stock cannot go below zero even if code is wrong.

Orders are referred to by id only (``order_id``): inventory sits upstream of orders.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LocationKind(models.TextChoices):
    WAREHOUSE = "warehouse", _("warehouse")
    STORE = "store", _("physical store")


class Location(models.Model):
    """A place that holds stock and ships from it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind"), max_length=16, choices=LocationKind.choices, default=LocationKind.WAREHOUSE
    )
    uf = models.CharField(_("state (UF)"), max_length=2, blank=True, default="")
    # Comma-separated UFs it serves best ("SP,RJ,MG"); orders there prefer it.
    serves_ufs = models.CharField(_("serves best (UFs)"), max_length=100, blank=True, default="")
    # Lower first when more than one location can ship.
    priority = models.PositiveIntegerField(_("allocation priority"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("stock location")
        verbose_name_plural = _("stock locations")
        ordering = ("priority", "code")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class StockLevel(models.Model):
    """Units of one SKU at one location. Written only through the ledger (triggers)."""

    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="levels")
    sku = models.CharField(_("SKU"), max_length=64)
    on_hand = models.IntegerField(_("on hand"), default=0)
    reserved = models.IntegerField(_("reserved"), default=0)
    allocated = models.IntegerField(_("allocated"), default=0)
    low_stock_threshold = models.PositiveIntegerField(_("low-stock threshold"), default=0)
    low_stock_alerted = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("stock level")
        verbose_name_plural = _("stock levels")
        constraints = [
            models.UniqueConstraint(fields=["sku", "location"], name="inventory_level_once"),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="inventory_on_hand_gte_0"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="inventory_reserved_gte_0"),
            models.CheckConstraint(condition=Q(allocated__gte=0), name="inventory_allocated_gte_0"),
            models.CheckConstraint(
                condition=Q(on_hand__gte=F("reserved") + F("allocated")),
                name="inventory_available_gte_0",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku} @ {self.location_id}"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved - self.allocated


class MovementKind(models.TextChoices):
    RECEIVE = "receive", _("received")
    ADJUST = "adjust", _("adjusted")
    RESERVE = "reserve", _("reserved")
    RELEASE = "release", _("released")
    ALLOCATE = "allocate", _("allocated")
    SHIP = "ship", _("shipped")
    TRANSFER_OUT = "transfer_out", _("transferred out")
    TRANSFER_IN = "transfer_in", _("transferred in")


class StockMovement(models.Model):
    """One ledger row: what moved, why, for which order, by whom. Append-only."""

    id = models.BigAutoField(primary_key=True)
    level = models.ForeignKey(StockLevel, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(max_length=16, choices=MovementKind.choices)
    d_on_hand = models.IntegerField(default=0)
    d_reserved = models.IntegerField(default=0)
    d_allocated = models.IntegerField(default=0)
    order_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    reason = models.CharField(max_length=300, blank=True, default="")
    reference = models.CharField(max_length=100, blank=True, default="")
    actor_label = models.CharField(max_length=200, blank=True, default="")
    actor_user_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")

    def __str__(self) -> str:
        return f"{self.kind} {self.level_id}"


class ReservationStatus(models.TextChoices):
    RESERVED = "reserved", _("reserved")
    ALLOCATED = "allocated", _("allocated")
    RELEASED = "released", _("released")
    SHIPPED = "shipped", _("shipped")
    UNTRACKED = "untracked", _("sold untracked")


class Reservation(models.Model):
    """Units of one SKU at one location held for one order until paid, released or expired."""

    id = models.BigAutoField(primary_key=True)
    order_id = models.BigIntegerField(db_index=True)
    # None for a SKU sold untracked (no stock records, no sourcing): kept so every
    # unit sold is on record, but it holds nothing.
    level = models.ForeignKey(
        StockLevel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reservations",
    )
    sku = models.CharField(max_length=64)
    quantity = models.PositiveIntegerField()
    status = models.CharField(
        max_length=16, choices=ReservationStatus.choices, default=ReservationStatus.RESERVED
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        indexes = [models.Index(fields=["status", "expires_at"], name="inventory_resv_due")]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="inventory_resv_qty_gt_0")
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku} for order {self.order_id}"


# --- purchasing ------------------------------------------------------------------------


class Supplier(models.Model):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True, default="")
    # Business days from sending the order to the goods being ready (or shipped, dropship).
    lead_time_days = models.PositiveIntegerField(_("lead time (business days)"), default=5)
    terms = models.TextField(_("terms"), blank=True, default="")
    # Integrated suppliers get purchase orders as signed webhooks too.
    # https://… for real suppliers; "sandbox:<name>" records the signed message instead.
    webhook_url = models.CharField(_("webhook URL"), max_length=300, blank=True, default="")
    webhook_secret = models.CharField(max_length=100, blank=True, default="")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")

    def __str__(self) -> str:
        return self.name


class SourcingMode(models.TextChoices):
    STOCKED = "stocked", _("stocked")
    DROPSHIP = "dropship", _("dropshipped")
    CONSIGNED = "consigned", _("consigned")


class Sourcing(models.Model):
    """How one SKU is sourced. A SKU without a row and without stock is not tracked."""

    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    mode = models.CharField(
        _("mode"), max_length=16, choices=SourcingMode.choices, default=SourcingMode.STOCKED
    )
    supplier = models.ForeignKey(
        Supplier, null=True, blank=True, on_delete=models.PROTECT, related_name="sourcing"
    )
    supplier_sku = models.CharField(_("supplier's SKU"), max_length=64, blank=True, default="")
    unit_cost = models.DecimalField(
        _("unit cost"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    allow_backorder = models.BooleanField(_("accept orders when out of stock"), default=False)

    class Meta:
        verbose_name = _("sourcing")
        verbose_name_plural = _("sourcing")

    def __str__(self) -> str:
        return f"{self.sku}: {self.mode}"

    @property
    def backorderable(self) -> bool:
        return self.supplier_id is not None and (
            self.mode == SourcingMode.DROPSHIP or self.allow_backorder
        )


class PurchaseOrderStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", _("sent")
    CONFIRMED = "confirmed", _("confirmed")
    SHIPPED = "shipped", _("shipped")
    RECEIVED = "received", _("received")
    CANCELLED = "cancelled", _("cancelled")


class PurchaseOrder(models.Model):
    """What we buy from one supplier: restock into a location, or dropship to one order."""

    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(
        max_length=16, choices=PurchaseOrderStatus.choices, default=PurchaseOrderStatus.DRAFT
    )
    dropship = models.BooleanField(default=False)
    # Restock: where the goods arrive. Dropship: the order and address they go to.
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.PROTECT)
    order_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    ship_to = models.JSONField(default=dict, blank=True)
    expected_date = models.DateField(null=True, blank=True)
    tracking_code = models.CharField(max_length=40, blank=True, default="")
    document_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"PO-{self.pk:06d}"

    @property
    def total(self) -> Decimal:
        return sum((line.unit_cost * line.quantity for line in self.lines.all()), Decimal("0.00"))


class PurchaseOrderLine(models.Model):
    purchase_order = models.ForeignKey(
        PurchaseOrder, on_delete=models.CASCADE, related_name="lines"
    )
    sku = models.CharField(max_length=64)
    supplier_sku = models.CharField(max_length=64, blank=True, default="")
    quantity = models.PositiveIntegerField()
    quantity_received = models.PositiveIntegerField(default=0)
    unit_cost = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["purchase_order", "sku"], name="inventory_po_line_once"
            ),
            models.CheckConstraint(
                condition=Q(quantity_received__lte=F("quantity")),
                name="inventory_po_line_received_lte_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku}"


class BackorderStatus(models.TextChoices):
    WAITING = "waiting", _("waiting for the supplier")
    FILLED = "filled", _("filled")
    CANCELLED = "cancelled", _("cancelled")


class Backorder(models.Model):
    """Units of one SKU an order waits for; filled in order of placement on receipt."""

    id = models.BigAutoField(primary_key=True)
    order_id = models.BigIntegerField(db_index=True)
    order_number = models.CharField(max_length=20, blank=True, default="")
    sku = models.CharField(max_length=64)
    quantity = models.PositiveIntegerField()
    quantity_filled = models.PositiveIntegerField(default=0)
    purchase_order = models.ForeignKey(
        PurchaseOrder, null=True, blank=True, on_delete=models.SET_NULL, related_name="backorders"
    )
    status = models.CharField(
        max_length=16, choices=BackorderStatus.choices, default=BackorderStatus.WAITING
    )
    order_paid = models.BooleanField(default=False)
    expected_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("backorder")
        verbose_name_plural = _("backorders")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity_filled__lte=F("quantity")),
                name="inventory_backorder_filled_lte_qty",
            ),
        ]
        indexes = [models.Index(fields=["sku", "status", "id"], name="inventory_backorder_fifo")]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku} for order {self.order_id}"

"""Buying what stock cannot cover: backorders, purchase orders grouped per supplier,
sending them (email with a PDF, webhook for integrated suppliers), tracking them, and
receiving them into stock for the orders that wait, in order of placement.

Restock orders collect every backorder of a supplier in one draft until the next send
(``inventory.purchase_orders_send``); a dropship order is one per customer order, since
the supplier ships straight to the customer's address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Case, F, When
from django.utils import timezone
from django.utils.translation import gettext as _

from jornada.brazil.business_days import business_days_add
from jornada.core.documents import document_store
from jornada.inventory import events
from jornada.inventory.adapters import supplier_notifier
from jornada.inventory.documents import purchase_order_pdf
from jornada.inventory.errors import InventoryInvalid, PurchaseOrderNotFound
from jornada.inventory.models import (
    Backorder,
    BackorderStatus,
    Location,
    LocationKind,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    Reservation,
    ReservationStatus,
    Sourcing,
    SourcingMode,
    StockLevel,
)
from jornada.inventory.states import po_transition_allowed


def receiving_location() -> Location | None:
    """Where restock orders arrive: the first active warehouse by priority."""
    return (
        Location.objects.filter(is_active=True)
        .order_by(Case(When(kind=LocationKind.WAREHOUSE, then=0), default=1), "priority", "id")
        .first()
    )


def expected_date(*, supplier_lead_days: int, now: dt.datetime) -> dt.date:
    """When a supplier's goods are expected: its lead time in business days."""
    return business_days_add(now, supplier_lead_days)


def backorders_raise(
    *,
    order_id: int,
    order_number: str,
    wanted: Mapping[str, tuple[int, Sourcing | None]],
    ship_to: Mapping[str, str],
    order_paid: bool,
    now: dt.datetime,
) -> list[Backorder]:
    """Record what the order waits for and put it on purchase orders (caller's transaction).

    SKUs without a supplier wait for stock to be received by staff. Publishes
    ``inventory.OrderBackordered`` with the latest expected date.
    """
    backorders: list[Backorder] = []
    purchase_orders: dict[int, PurchaseOrder] = {}
    dropship: dict[int, PurchaseOrder] = {}
    latest: dt.date | None = None
    for sku in sorted(wanted):
        quantity, rule = wanted[sku]
        purchase_order: PurchaseOrder | None = None
        expected: dt.date | None = None
        if rule is not None and rule.supplier is not None:
            supplier = rule.supplier
            expected = expected_date(supplier_lead_days=supplier.lead_time_days, now=now)
            if rule.mode == SourcingMode.DROPSHIP:
                purchase_order = dropship.get(supplier.pk)
                if purchase_order is None:
                    purchase_order = PurchaseOrder.objects.create(
                        supplier=supplier,
                        dropship=True,
                        order_id=order_id,
                        ship_to=dict(ship_to),
                        expected_date=expected,
                        created_at=now,
                    )
                    dropship[supplier.pk] = purchase_order
            else:
                purchase_order = (
                    PurchaseOrder.objects.filter(
                        supplier=supplier, dropship=False, status=PurchaseOrderStatus.DRAFT
                    )
                    .order_by("id")
                    .first()
                )
                if purchase_order is None:
                    purchase_order = PurchaseOrder.objects.create(
                        supplier=supplier,
                        location=receiving_location(),
                        expected_date=expected,
                        created_at=now,
                    )
            line, created = PurchaseOrderLine.objects.get_or_create(
                purchase_order=purchase_order,
                sku=sku,
                defaults={
                    "quantity": quantity,
                    "supplier_sku": rule.supplier_sku,
                    "unit_cost": rule.unit_cost,
                },
            )
            if not created:
                PurchaseOrderLine.objects.filter(pk=line.pk).update(
                    quantity=F("quantity") + quantity
                )
            purchase_orders[purchase_order.pk] = purchase_order
        backorders.append(
            Backorder.objects.create(
                order_id=order_id,
                order_number=order_number,
                sku=sku,
                quantity=quantity,
                purchase_order=purchase_order,
                order_paid=order_paid,
                expected_date=expected,
                created_at=now,
            )
        )
        if expected and (latest is None or expected > latest):
            latest = expected
    events.order_backordered_event(
        order_id=order_id,
        number=order_number,
        skus=list(wanted),
        purchase_order_ids=list(purchase_orders),
        expected_date=latest,
    )
    return backorders


def backorders_fill(*, level: StockLevel, now: dt.datetime) -> int:
    """Give newly available units of ``level`` to the orders waiting for its SKU, oldest
    first. Paid orders get allocated units; unpaid ones a hold without expiry (they
    already waited). Caller's transaction; returns units given."""
    given = 0
    waiting = list(
        Backorder.objects.filter(sku=level.sku, status=BackorderStatus.WAITING)
        .exclude(purchase_order__dropship=True)
        .order_by("id")
    )
    for backorder in waiting:
        level.refresh_from_db()
        free = level.available
        if free <= 0:
            break
        take = min(free, backorder.quantity - backorder.quantity_filled)
        status = ReservationStatus.ALLOCATED if backorder.order_paid else ReservationStatus.RESERVED
        # Rows go in directly at this level: the triggers write the ledger and the
        # constraint still refuses anything beyond what is available.
        Reservation.objects.create(
            order_id=backorder.order_id,
            level=level,
            sku=level.sku,
            quantity=take,
            status=status,
            created_at=now,
        )
        backorder.quantity_filled += take
        if backorder.quantity_filled == backorder.quantity:
            backorder.status = BackorderStatus.FILLED
        backorder.save(update_fields=["quantity_filled", "status"])
        given += take
    return given


# --- purchase orders: their life ------------------------------------------------------------


def _locked_po(purchase_order_id: int) -> PurchaseOrder:
    query = PurchaseOrder.objects.filter(pk=purchase_order_id).select_related("supplier")
    if transaction.get_connection().features.has_select_for_update:
        query = query.select_for_update(of=("self",))
    purchase_order = query.first()
    if purchase_order is None:
        raise PurchaseOrderNotFound(_("Purchase order not found."))
    return purchase_order


def _move(purchase_order: PurchaseOrder, target: str) -> None:
    if not po_transition_allowed(purchase_order.status, target):
        raise InventoryInvalid(
            _("A purchase order that is %(current)s cannot become %(target)s.")
            % {
                "current": PurchaseOrderStatus(purchase_order.status).label,
                "target": PurchaseOrderStatus(target).label,
            },
            code="transition_not_allowed",
            fields={"status": [_("Not allowed from the current status.")]},
        )
    purchase_order.status = target


def _changed(purchase_order: PurchaseOrder) -> None:
    events.purchase_order_status_event(
        purchase_order_id=purchase_order.pk,
        supplier_id=purchase_order.supplier_id,
        status=purchase_order.status,
        order_id=purchase_order.order_id,
        tracking=purchase_order.tracking_code,
    )


def purchase_order_send(*, purchase_order_id: int, now: dt.datetime | None = None) -> PurchaseOrder:
    """Draft -> sent: the PDF is stored, emailed to the supplier and, for integrated
    suppliers, posted as a signed webhook. Outside calls happen after commit."""
    now = now or timezone.now()
    with transaction.atomic():
        purchase_order = _locked_po(purchase_order_id)
        _move(purchase_order, PurchaseOrderStatus.SENT)
        lines = list(purchase_order.lines.order_by("sku"))
        pdf = purchase_order_pdf(purchase_order=purchase_order, lines=lines, now=now)
        document = document_store(
            kind="purchase_order",
            filename=f"{purchase_order.number}.pdf",
            content=pdf,
            order_id=purchase_order.order_id,
            reference=purchase_order.number,
        )
        purchase_order.document_id = document.pk
        purchase_order.sent_at = now
        purchase_order.save(update_fields=["status", "document_id", "sent_at"])
        _changed(purchase_order)
        transaction.on_commit(lambda: _deliver(purchase_order, lines, pdf))
    return purchase_order


def _deliver(purchase_order: PurchaseOrder, lines: Sequence[PurchaseOrderLine], pdf: bytes) -> None:
    supplier = purchase_order.supplier
    if supplier.email:
        message = EmailMessage(
            subject=_("Purchase order %(number)s") % {"number": purchase_order.number},
            body=_("Please find attached our purchase order %(number)s.")
            % {"number": purchase_order.number},
            to=[supplier.email],
            from_email=settings.DEFAULT_FROM_EMAIL,
        )
        message.attach(f"{purchase_order.number}.pdf", pdf, "application/pdf")
        message.send(fail_silently=False)
    if supplier.webhook_url:
        supplier_notifier().purchase_order_sent(
            supplier=supplier, purchase_order=purchase_order, lines=lines
        )


def purchase_order_confirm(
    *, purchase_order_id: int, expected: dt.date | None = None, now: dt.datetime | None = None
) -> PurchaseOrder:
    """Sent -> confirmed by the supplier, with the date they promise (if any)."""
    now = now or timezone.now()
    with transaction.atomic():
        purchase_order = _locked_po(purchase_order_id)
        _move(purchase_order, PurchaseOrderStatus.CONFIRMED)
        purchase_order.confirmed_at = now
        if expected is not None:
            purchase_order.expected_date = expected
            purchase_order.backorders.filter(status=BackorderStatus.WAITING).update(
                expected_date=expected
            )
        purchase_order.save(update_fields=["status", "confirmed_at", "expected_date"])
        _changed(purchase_order)
    return purchase_order


def purchase_order_mark_shipped(
    *, purchase_order_id: int, tracking_code: str = "", now: dt.datetime | None = None
) -> PurchaseOrder:
    """Sent/confirmed -> shipped. For dropship the tracking code is the customer's
    parcel, and the order's backorders are filled (the goods never touch our stock)."""
    now = now or timezone.now()
    tracking_code = (tracking_code or "").strip().upper()
    with transaction.atomic():
        purchase_order = _locked_po(purchase_order_id)
        if purchase_order.dropship and not tracking_code:
            raise InventoryInvalid(
                _("A dropship order needs the carrier's tracking code."),
                fields={"tracking_code": [_("Required.")]},
            )
        _move(purchase_order, PurchaseOrderStatus.SHIPPED)
        purchase_order.shipped_at = now
        purchase_order.tracking_code = tracking_code[:40]
        purchase_order.save(update_fields=["status", "shipped_at", "tracking_code"])
        if purchase_order.dropship:
            purchase_order.backorders.filter(status=BackorderStatus.WAITING).update(
                quantity_filled=F("quantity"), status=BackorderStatus.FILLED
            )
        _changed(purchase_order)
    return purchase_order


def purchase_order_receive(
    *,
    purchase_order_id: int,
    received: Mapping[str, int] | None = None,
    actor_label: str = "Jornada",
    now: dt.datetime | None = None,
) -> PurchaseOrder:
    """Goods arrived: into stock at the order's location (all lines unless ``received``
    says how many per SKU); waiting orders get them in order of placement. The order
    is received once every line is."""
    from jornada.inventory.services import StockActor, stock_receive

    now = now or timezone.now()
    with transaction.atomic():
        purchase_order = _locked_po(purchase_order_id)
        if purchase_order.status not in (
            PurchaseOrderStatus.SENT,
            PurchaseOrderStatus.CONFIRMED,
            PurchaseOrderStatus.SHIPPED,
        ):
            _move(purchase_order, PurchaseOrderStatus.RECEIVED)  # raises the refusal
        lines = {line.sku: line for line in purchase_order.lines.order_by("sku")}
        counts = (
            dict(received)
            if received is not None
            else {sku: line.quantity - line.quantity_received for sku, line in lines.items()}
        )
        unknown = sorted(set(counts) - set(lines))
        if unknown:
            raise InventoryInvalid(
                _("Not on this purchase order: %(skus)s.") % {"skus": ", ".join(unknown)},
                fields={"received": [_("Unknown SKU.")]},
            )
        for sku in sorted(counts):
            line, quantity = lines[sku], counts[sku]
            if quantity <= 0:
                continue
            if line.quantity_received + quantity > line.quantity:
                raise InventoryInvalid(
                    _("More %(sku)s than was ordered.") % {"sku": sku},
                    fields={f"received.{sku}": [_("More than was ordered.")]},
                )
            PurchaseOrderLine.objects.filter(pk=line.pk).update(
                quantity_received=F("quantity_received") + quantity
            )
            line.quantity_received += quantity
            if not purchase_order.dropship and purchase_order.location is not None:
                stock_receive(
                    location=purchase_order.location,
                    sku=sku,
                    quantity=quantity,
                    actor=StockActor(label=actor_label),
                    reason="purchase order",
                    reference=purchase_order.number,
                    now=now,
                )
        if all(line.quantity_received >= line.quantity for line in lines.values()):
            purchase_order.status = PurchaseOrderStatus.RECEIVED
            purchase_order.received_at = now
            purchase_order.save(update_fields=["status", "received_at"])
            _changed(purchase_order)
    return purchase_order


def purchase_orders_send_due(*, now: dt.datetime | None = None) -> list[int]:
    """Send every draft (the periodic grouping window has passed); returns their ids."""
    sent = []
    for purchase_order_id in (
        PurchaseOrder.objects.filter(status=PurchaseOrderStatus.DRAFT)
        .order_by("id")
        .values_list("id", flat=True)
    ):
        purchase_order_send(purchase_order_id=purchase_order_id, now=now)
        sent.append(purchase_order_id)
    return sent

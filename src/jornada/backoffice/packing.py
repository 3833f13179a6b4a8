"""The packing station: what it shows for an order, and its writes.

Reads come from fulfilment (packages, the packaging plan) and shipping (shipments and
their labels); writes go through ``jornada.fulfillment.services`` and
``jornada.shipping.shipments`` and each logs one ``StaffAction`` in the same transaction.

Scans are not logged one by one: every scan is kept on the package itself
(``PackageItem.scanned``) and ``package_closed`` records the units scanned per SKU, so the
log tells who packed what without a row per beep. Refused scans change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jornada.backoffice.models import StaffActionKind
from jornada.backoffice.services import staff_action_record, staff_actor
from jornada.core.errors import DomainError, NotFound, TransitionNotAllowed
from jornada.fulfillment import services as fulfillment
from jornada.fulfillment.models import Box, Fulfillment, Package, PackageItem, PackageStatus
from jornada.fulfillment.packaging import INSTRUCTIONS, PlannedPackage
from jornada.orders.models import Order, OrderLine
from jornada.orders.states import OrderStatus
from jornada.shipping.models import Shipment
from jornada.shipping.shipments import shipment_create

S = OrderStatus
# An order is packed once validated, while it is being fulfilled, and for what is left
# of a partly shipped one.
READY: frozenset[str] = frozenset({S.VALIDATED, S.IN_FULFILMENT, S.PARTIALLY_SHIPPED})
SHIPPED_ALREADY: frozenset[str] = frozenset(
    {S.SHIPPED, S.DELIVERED, S.COMPLETED, S.RETURN_REQUESTED, S.RETURNED, S.PARTIALLY_REFUNDED}
)

HANDLING_LABELS: dict[str, Any] = {
    "fragile": gettext_lazy("fragile"),
    "perishable": gettext_lazy("food"),
    "oversize": gettext_lazy("oversize"),
    "high_value": gettext_lazy("high value"),
}


def order_number_clean(text: str) -> str:
    """What a scanner or a person types: ``100042``, ``#100042``, with spaces around."""
    return text.strip().lstrip("#").strip()[:20]


def station_refusal(order: Order) -> str:
    """Why the order cannot be packed now, in words for the packer; empty when it can."""
    status = order.status
    values = {"number": order.number, "status": order.get_status_display()}
    if status in READY:
        return ""
    if status in (S.PLACED, S.AWAITING_PAYMENT):
        return _("Order #%(number)s is not paid yet: do not pack it.") % values
    if status == S.PAID:
        return _("Order #%(number)s is paid but not validated yet: wait for the checks.") % values
    if status == S.ON_HOLD:
        return (
            _(
                "Order #%(number)s is on hold for validation: customer service must approve it first."
            )
            % values
        )
    if status in SHIPPED_ALREADY:
        return _("Order #%(number)s was already shipped (%(status)s).") % values
    return _("Order #%(number)s was cancelled (%(status)s): do not pack it.") % values


# --- what the station shows -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StationLine:
    line: OrderLine
    flags: list[tuple[str, str]]  # (code, label)
    packed: int
    scanned: int


@dataclass(frozen=True, slots=True)
class AdvisedPackage:
    box: str  # the box's name, empty: its own packaging
    items: list[tuple[str, int]]
    instructions: list[str]
    marks: list[str]
    declared_value: Decimal
    insure: bool


@dataclass(frozen=True, slots=True)
class StationItem:
    item: PackageItem

    @property
    def done(self) -> bool:
        return self.item.scanned >= self.item.quantity

    @property
    def missing(self) -> int:
        return max(self.item.quantity - self.item.scanned, 0)


@dataclass(frozen=True, slots=True)
class StationPackage:
    package: Package
    box: str
    items: list[StationItem]
    instructions: list[str]
    scanned: int
    units: int

    @property
    def is_open(self) -> bool:
        return self.package.status == PackageStatus.OPEN

    @property
    def complete(self) -> bool:
        return self.scanned >= self.units


@dataclass(slots=True)
class Station:
    order: Order
    refusal: str
    lines: list[StationLine]
    advice: list[AdvisedPackage] = field(default_factory=list)
    advice_error: str = ""
    suggested_box: str = ""
    boxes: list[Box] = field(default_factory=list)
    packages: list[StationPackage] = field(default_factory=list)
    shipments: list[Shipment] = field(default_factory=list)
    fulfillment: Fulfillment | None = None

    @property
    def current(self) -> StationPackage | None:
        """The package being packed now: the first open one."""
        return next((p for p in self.packages if p.is_open), None)

    @property
    def can_open(self) -> bool:
        return not self.refusal and self.current is None and bool(self.advice)

    @property
    def can_close(self) -> bool:
        current = self.current
        return current is not None and (current.complete or not settings.FULFILLMENT_REQUIRE_SCAN)

    @property
    def finished(self) -> bool:
        """The order has left the building: the station only shows its documents."""
        return self.order.status in SHIPPED_ALREADY

    @property
    def can_ship(self) -> bool:
        return (
            not self.refusal
            and self.order.status != S.VALIDATED
            and self.current is None
            and any(p.package.status == PackageStatus.CLOSED for p in self.packages)
        )


def _instructions(codes: list[str] | tuple[str, ...]) -> list[str]:
    return [str(INSTRUCTIONS.get(code, code)) for code in codes]


def _advised(planned: PlannedPackage) -> AdvisedPackage:
    return AdvisedPackage(
        box=planned.box.name if planned.box else "",
        items=[(item.sku, item.quantity) for item in planned.items],
        instructions=_instructions(planned.advice.instructions),
        marks=list(planned.advice.marks),
        declared_value=planned.advice.declared_value,
        insure=planned.advice.insure,
    )


def station_for(order: Order) -> Station:
    """Everything the station shows for one order (a handful of queries)."""
    lines = list(order.lines.order_by("position"))
    boxes = {box.pk: box for box in Box.objects.filter(is_active=True)}
    packages = list(
        Package.objects.filter(order_id=order.pk)
        .select_related("box")
        .prefetch_related("items")
        .order_by("number")
    )
    packed: dict[int, int] = {}
    scanned: dict[int, int] = {}
    shown: list[StationPackage] = []
    for package in packages:
        items = sorted(package.items.all(), key=lambda i: i.pk)
        for item in items:
            packed[item.order_line_id] = packed.get(item.order_line_id, 0) + item.quantity
            scanned[item.order_line_id] = scanned.get(item.order_line_id, 0) + item.scanned
        shown.append(
            StationPackage(
                package=package,
                box=package.box.name if package.box else "",
                items=[StationItem(item) for item in items],
                instructions=_instructions(package.instructions),
                scanned=sum(item.scanned for item in items),
                units=sum(item.quantity for item in items),
            )
        )
    station = Station(
        order=order,
        refusal=station_refusal(order),
        lines=[
            StationLine(
                line=line,
                flags=[
                    (flag, str(HANDLING_LABELS.get(flag, flag))) for flag in line.handling or []
                ],
                packed=packed.get(line.pk, 0),
                scanned=scanned.get(line.pk, 0),
            )
            for line in lines
        ],
        boxes=list(boxes.values()),
        packages=shown,
        shipments=list(
            Shipment.objects.filter(order_id=order.pk)
            .select_related("service__carrier")
            .order_by("id")
        ),
        fulfillment=Fulfillment.objects.filter(order_id=order.pk).first(),
    )
    if not station.refusal and station.current is None:
        try:
            plan = fulfillment.package_plan_preview(order_id=order.pk)
        except DomainError as error:
            station.advice_error = " ".join(
                [str(error.message), *(str(m) for ms in (error.fields or {}).values() for m in ms)]
            )
            plan = []
        station.advice = [_advised(planned) for planned in plan]
        if len(plan) == 1 and plan[0].box is not None:
            station.suggested_box = plan[0].box.code
    return station


def orders_to_pack(*, limit: int = 20) -> list[Order]:
    """Orders waiting at the station, the longest wait first."""
    return list(
        Order.objects.filter(status__in=[S.VALIDATED, S.IN_FULFILMENT])
        .only("number", "status", "recipient_name", "ship_cidade", "ship_uf", "updated_at")
        .order_by("updated_at", "id")[:limit]
    )


# --- writes -----------------------------------------------------------------------------


def _refuse_unless_ready(order: Order) -> None:
    refusal = station_refusal(order)
    if refusal:
        raise TransitionNotAllowed(
            refusal, fields={"status": [_("Not allowed from the current status.")]}
        )


def _package_of(order: Order, package_id: int) -> Package:
    package = Package.objects.filter(pk=package_id, order_id=order.pk).first()
    if package is None:
        raise NotFound(_("Package not found."), code="package_not_found")
    return package


def packing_open_by_staff(
    *, order: Order, user: Any, box_code: str = "", ip_address: str | None = None
) -> list[Package]:
    """Start picking when the order is only validated, then open packages for everything
    left to pack: boxed as advised, or all in ``box_code`` when it takes them."""
    order = Order.objects.get(pk=order.pk)
    _refuse_unless_ready(order)
    actor = staff_actor(user)
    with transaction.atomic():
        started = order.status == S.VALIDATED
        fulfillment.fulfillment_start(order_id=order.pk, actor=actor)
        packages = fulfillment.package_open(
            order_id=order.pk, actor=actor, box_code=box_code or None
        )
        staff_action_record(
            user=user,
            kind=StaffActionKind.PACKAGE_OPENED,
            order=order,
            params={
                "packages": [p.number for p in packages],
                "boxes": [p.box.code if p.box else "" for p in packages],
                "box_chosen": box_code,
                "picking_started": started,
            },
            ip_address=ip_address,
        )
    return packages


def package_scan_at_station(*, order: Order, package_id: int, code: str) -> PackageItem:
    """Check one unit into the order's package (see the module docstring on logging)."""
    package = _package_of(order, package_id)
    return fulfillment.package_scan(package_id=package.pk, code=code)


def package_close_by_staff(
    *,
    order: Order,
    package_id: int,
    user: Any,
    weight_grams: int | None = None,
    ip_address: str | None = None,
) -> Package:
    """Close the package (every unit scanned) and print its packing slip."""
    package = _package_of(order, package_id)
    with transaction.atomic():
        closed = fulfillment.package_close(
            package_id=package.pk, actor=staff_actor(user), weight_grams=weight_grams
        )
        scanned: dict[str, int] = {}
        for item in closed.items.order_by("id"):
            scanned[item.sku] = scanned.get(item.sku, 0) + item.scanned
        staff_action_record(
            user=user,
            kind=StaffActionKind.PACKAGE_CLOSED,
            order=order,
            params={
                "package": closed.number,
                "box": closed.box.code if closed.box else "",
                "weight_grams": closed.weight_grams,
                "scanned": scanned,
                "packing_slip": closed.packing_slip_document_id,
            },
            ip_address=ip_address,
        )
    return closed


def shipment_create_by_staff(*, order: Order, user: Any, ip_address: str | None = None) -> Shipment:
    """Hand the closed packages to the promised carrier: tracking code, label, and the
    order's move to shipped (partially shipped while items are still to come)."""
    with transaction.atomic():
        shipment = shipment_create(order_id=order.pk, actor=staff_actor(user))
        numbers = list(
            Package.objects.filter(pk__in=shipment.package_ids)
            .order_by("number")
            .values_list("number", flat=True)
        )
        staff_action_record(
            user=user,
            kind=StaffActionKind.SHIPMENT_CREATED,
            order=order,
            params={
                "tracking_code": shipment.tracking_code,
                "service": shipment.service.code,
                "packages": numbers,
                "label": shipment.label_document_id,
            },
            ip_address=ip_address,
        )
    return shipment

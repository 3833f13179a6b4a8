"""Picking and packing an order: packages with packaging advice, scan checks, slips.

The order moves validated -> in fulfilment when picking starts. Packages are opened
with the items they hold (the plan may split them over several boxes), every unit is
scanned in, and closing a package prints its packing slip. When every unit of the
order is in a closed package the order is packed (``fulfillment.OrderPacked``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jornada.brazil.business_days import local_date
from jornada.brazil.money import Money, money_format
from jornada.catalog.models import Variant
from jornada.catalog.types import sku_normalize
from jornada.core.documents import document_store
from jornada.core.errors import DomainError, NotFound, TransitionNotAllowed
from jornada.core.store import store_profile
from jornada.fulfillment import events
from jornada.fulfillment.models import (
    Box,
    Fulfillment,
    FulfillmentStatus,
    Package,
    PackageItem,
    PackageStatus,
)
from jornada.fulfillment.packaging import Item, PlannedPackage, pack_plan
from jornada.fulfillment.selectors import box_specs, packed_quantities
from jornada.fulfillment.slip import SlipData, SlipLine, packing_slip_pdf
from jornada.orders import services as orders
from jornada.orders.models import Order, OrderLine
from jornada.orders.states import OrderStatus
from jornada.orders.types import Actor


class FulfillmentInvalid(DomainError):
    code = "fulfillment_invalid"
    status = 422


def fulfillment_start(
    *, order_id: int, actor: Actor, now: dt.datetime | None = None
) -> Fulfillment:
    """Begin picking a validated order (it moves to in fulfilment). Starting twice is harmless."""
    now = now or timezone.now()
    with transaction.atomic():
        order = orders._locked(order_id)
        existing = Fulfillment.objects.filter(order_id=order_id).first()
        if existing is not None and order.status != OrderStatus.VALIDATED:
            return existing
        if order.status != OrderStatus.VALIDATED:
            raise TransitionNotAllowed(
                _("Only a validated order can be picked."),
                fields={"status": [_("Not allowed from the current status.")]},
            )
        fulfillment = existing or Fulfillment.objects.create(
            order_id=order_id,
            status=FulfillmentStatus.PICKING,
            started_by=actor.label,
            started_at=now,
        )
        orders.order_fulfilment_start(order_id=order_id, actor=actor)
    return fulfillment


def _locked_fulfillment(order_id: int) -> Fulfillment:
    fulfillment = Fulfillment.objects.select_for_update().filter(order_id=order_id).first()
    if fulfillment is None:
        raise NotFound(_("Picking has not started for this order."), code="fulfillment_not_found")
    return fulfillment


@dataclass(frozen=True, slots=True)
class PackLine:
    sku: str
    quantity: int


def _wanted(
    order: Order, lines: Sequence[PackLine] | None, errors: dict[str, list[Any]]
) -> list[tuple[OrderLine, int]]:
    order_lines = list(order.lines.order_by("position"))
    packed = packed_quantities(order.pk)
    remaining = {line.pk: line.quantity - packed.get(line.pk, 0) for line in order_lines}
    if lines is None:
        chosen = [(line, remaining[line.pk]) for line in order_lines if remaining[line.pk] > 0]
        if not chosen:
            errors["lines"] = [_("Every item of this order is already packed.")]
        return chosen
    if not lines:
        errors["lines"] = [_("Choose at least one item.")]
    by_sku = {line.sku: line for line in order_lines}
    chosen = []
    for index, wanted in enumerate(lines):
        try:
            sku = sku_normalize(wanted.sku)
        except DomainError:
            sku = wanted.sku
        line = by_sku.get(sku)
        if line is None:
            errors[f"lines.{index}.sku"] = [_("This item is not in the order.")]
        elif not 1 <= wanted.quantity <= remaining[line.pk]:
            errors[f"lines.{index}.quantity"] = [
                _("Between 1 and %(max)d units are left to pack.") % {"max": remaining[line.pk]}
            ]
        else:
            remaining[line.pk] -= wanted.quantity
            chosen.append((line, wanted.quantity))
    return chosen


def package_open(
    *,
    order_id: int,
    actor: Actor,
    lines: Sequence[PackLine] | None = None,
    box_code: str | None = None,
) -> list[Package]:
    """Open packages for these items (None: all still unpacked), boxed as advised.

    The plan splits items over several packages when no box takes them all (oversize
    and food always apart). ``box_code`` puts everything in that box instead, if it fits.
    """
    errors: dict[str, list[Any]] = {}
    with transaction.atomic():
        order = Order.objects.get(pk=order_id)
        fulfillment = _locked_fulfillment(order_id)
        if fulfillment.status != FulfillmentStatus.PICKING:
            raise TransitionNotAllowed(
                _("This order is already packed."), fields={"status": [_("Already packed.")]}
            )
        chosen = _wanted(order, lines, errors)
        variants = {
            v.sku: v
            for v in Variant.objects.filter(
                sku__in=[line.sku for line, _q in chosen]
            ).select_related("product")
        }
        boxes = box_specs()
        if box_code:
            boxes = [b for b in boxes if b.code == box_code]
            if not boxes:
                errors["box"] = [_("Unknown box.")]
        if errors:
            raise FulfillmentInvalid(_("The package has invalid fields."), fields=errors)
        items = [_item(line, quantity, variants.get(line.sku)) for line, quantity in chosen]
        try:
            plan = pack_plan(items, boxes, gift_wrap=order.gift_wrap)
        except ValueError as error:
            raise FulfillmentInvalid(
                _("An item fits in none of the boxes."),
                fields={
                    "box" if box_code else "lines": [
                        _("%(sku)s fits in no box.") % {"sku": str(error)}
                    ]
                },
            ) from None
        if box_code and len(plan) > 1:
            raise FulfillmentInvalid(
                _("These items do not fit in one box of this size."),
                fields={"box": [_("Too small for these items.")]},
            )
        line_of = {line.sku: line for line, _q in chosen}
        number = Package.objects.filter(fulfillment=fulfillment).count()
        created: list[Package] = []
        box_rows = {
            b.code: b for b in Box.objects.filter(code__in=[p.box.code for p in plan if p.box])
        }
        for planned in plan:
            number += 1
            package = Package.objects.create(
                fulfillment=fulfillment,
                order_id=order_id,
                number=number,
                box=box_rows.get(planned.box.code) if planned.box else None,
                weight_grams=planned.weight_grams,
                length_mm=planned.dimensions_mm[0],
                width_mm=planned.dimensions_mm[1],
                height_mm=planned.dimensions_mm[2],
                instructions=list(planned.advice.instructions),
                marks=list(planned.advice.marks),
                declared_value=planned.advice.declared_value,
                insure=planned.advice.insure,
                express_only=planned.advice.express_only,
                oversize=planned.advice.oversize,
                gift_wrap=order.gift_wrap,
                gift_message=order.gift_message,
                packed_by=actor.label,
            )
            PackageItem.objects.bulk_create(
                PackageItem(
                    package=package,
                    order_line_id=line_of[item.sku].pk,
                    sku=item.sku,
                    barcode=variants[item.sku].barcode if item.sku in variants else "",
                    product_name=line_of[item.sku].product_name,
                    quantity=item.quantity,
                )
                for item in planned.items
            )
            created.append(package)
    return created


def package_plan_preview(*, order_id: int) -> list[PlannedPackage]:
    """The packages ``package_open`` would open now for everything still unpacked, with
    their boxes and advice, without writing anything (what the packing station shows).

    Empty when every item is packed; raises ``FulfillmentInvalid`` like ``package_open``
    when an item fits in no box.
    """
    order = Order.objects.get(pk=order_id)
    errors: dict[str, list[Any]] = {}
    chosen = _wanted(order, None, errors)
    if not chosen:
        return []
    variants = {
        v.sku: v
        for v in Variant.objects.filter(sku__in=[line.sku for line, _q in chosen]).select_related(
            "product"
        )
    }
    items = [_item(line, quantity, variants.get(line.sku)) for line, quantity in chosen]
    try:
        return pack_plan(items, box_specs(), gift_wrap=order.gift_wrap)
    except ValueError as error:
        raise FulfillmentInvalid(
            _("An item fits in none of the boxes."),
            fields={"lines": [_("%(sku)s fits in no box.") % {"sku": str(error)}]},
        ) from None


def _item(line: OrderLine, quantity: int, variant: Variant | None) -> Item:
    flags = set(line.handling or [])
    dims = (variant.length_mm, variant.width_mm, variant.height_mm) if variant else (1, 1, 1)
    return Item(
        sku=line.sku,
        quantity=quantity,
        weight_grams=line.weight_grams // max(line.quantity, 1),
        dimensions_mm=dims,
        unit_price=line.unit_price,
        fragile="fragile" in flags,
        perishable="perishable" in flags,
        oversize="oversize" in flags,
        high_value="high_value" in flags,
    )


def package_scan(*, package_id: int, code: str) -> PackageItem:
    """Check one unit in by its barcode (GTIN/EAN) or SKU; refuses what the package
    does not hold or holds already scanned in full."""
    code = (code or "").strip()
    with transaction.atomic():
        package = Package.objects.select_for_update().filter(pk=package_id).first()
        if package is None:
            raise NotFound(_("Package not found."), code="package_not_found")
        if package.status != PackageStatus.OPEN:
            raise TransitionNotAllowed(
                _("This package is already closed."), fields={"status": [_("Already closed.")]}
            )
        items = list(package.items.all())
        matching = [i for i in items if code and (i.barcode == code or i.sku == code.upper())]
        if not matching:
            raise FulfillmentInvalid(
                _("This item does not belong in this package."),
                fields={"code": [_("Not in this package: %(code)s") % {"code": code}]},
            )
        item = next((i for i in matching if i.scanned < i.quantity), None)
        if item is None:
            raise FulfillmentInvalid(
                _("Every unit of this item is already scanned."),
                fields={"code": [_("Already scanned in full.")]},
            )
        item.scanned += 1
        item.save(update_fields=["scanned"])
    return item


def package_close(
    *,
    package_id: int,
    actor: Actor,
    weight_grams: int | None = None,
    now: dt.datetime | None = None,
) -> Package:
    """Close a package (every unit scanned), print its packing slip; the last one packs
    the order."""
    now = now or timezone.now()
    if weight_grams is not None and not 1 <= weight_grams <= 1_000_000:
        raise FulfillmentInvalid(
            _("The weight is not valid."), fields={"weight_grams": [_("Between 1 and 1000000 g.")]}
        )
    with transaction.atomic():
        package = Package.objects.select_for_update().filter(pk=package_id).first()
        if package is None:
            raise NotFound(_("Package not found."), code="package_not_found")
        if package.status != PackageStatus.OPEN:
            raise TransitionNotAllowed(
                _("This package is already closed."), fields={"status": [_("Already closed.")]}
            )
        items = list(package.items.all())
        missing = [i.sku for i in items if i.scanned < i.quantity]
        if settings.FULFILLMENT_REQUIRE_SCAN and missing:
            raise FulfillmentInvalid(
                _("Scan every unit before closing the package."),
                fields={"items": [_("Not scanned yet: %(skus)s") % {"skus": ", ".join(missing)}]},
            )
        fulfillment = _locked_fulfillment(package.order_id)
        order = Order.objects.get(pk=package.order_id)
        total = Package.objects.filter(fulfillment=fulfillment).count()
        slip = packing_slip_pdf(slip_data(order, package, items, total=total))
        document = document_store(
            kind="packing_slip",
            filename=f"romaneio-{order.number}-{package.number}.pdf",
            content=slip,
            order_id=order.pk,
            reference=f"{order.number}/{package.number}",
        )
        package.status = PackageStatus.CLOSED
        package.closed_at = now
        package.packing_slip_document_id = document.pk
        if weight_grams is not None:
            package.weight_grams = weight_grams
        package.packed_by = actor.label
        package.save()
        packed = packed_quantities(order.pk)
        complete = all(packed.get(line.pk, 0) >= line.quantity for line in order.lines.all())
        still_open = Package.objects.filter(fulfillment=fulfillment, status=PackageStatus.OPEN)
        if complete and not still_open.exists():
            fulfillment.status = FulfillmentStatus.PACKED
            fulfillment.packed_at = now
            fulfillment.save(update_fields=["status", "packed_at"])
            ids = list(
                Package.objects.filter(fulfillment=fulfillment)
                .order_by("number")
                .values_list("id", flat=True)
            )
            events.order_packed_event(order=order, package_ids=ids, slip_document_id=document.pk)
    return package


def slip_data(
    order: Order, package: Package, items: Sequence[PackageItem], *, total: int
) -> SlipData:
    store = store_profile()
    lines_by_id = {line.pk: line for line in order.lines.all()}

    def money(value: Decimal) -> str:
        return money_format(Money(value, order.currency), language="pt-br")

    slip_lines = []
    for item in items:
        line = lines_by_id.get(item.order_line_id)
        unit = line.unit_price if line else Decimal("0")
        name = item.product_name + (
            f" ({line.variant_label})" if line and line.variant_label else ""
        )
        slip_lines.append(
            SlipLine(item.sku, name, item.quantity, money(unit), money(unit * item.quantity))
        )
    street = f"{order.ship_logradouro}, {order.ship_numero}"
    if order.ship_complemento:
        street += f", {order.ship_complemento}"
    contacts = tuple(
        c
        for c in (
            store.email,
            store.phone,
            f"WhatsApp {store.whatsapp}" if store.whatsapp else "",
            store.website,
        )
        if c
    )
    return SlipData(
        store_name=store.name,
        store_contacts=contacts,
        logo_png=bytes(store.logo_png or b""),
        order_number=order.number,
        placed_on=local_date(order.placed_at).strftime("%d/%m/%Y"),
        recipient=order.recipient_name,
        address=(
            street,
            f"{order.ship_bairro} · {order.ship_cidade}/{order.ship_uf}",
            f"CEP {order.ship_cep[:5]}-{order.ship_cep[5:]}",
        ),
        package=f"{package.number}/{total}",
        lines=tuple(slip_lines),
        gift=order.gift_wrap,
        gift_message=order.gift_message,
        return_policy=store.return_policy,
        refund_policy=store.refund_policy,
        thank_you_note=store.thank_you_note,
        total=money(order.grand_total),
    )


def packages_mark_shipped(*, package_ids: Sequence[int]) -> int:
    """Closed packages handed to a carrier (called by shipping in its transaction)."""
    return Package.objects.filter(pk__in=list(package_ids), status=PackageStatus.CLOSED).update(
        status=PackageStatus.SHIPPED
    )

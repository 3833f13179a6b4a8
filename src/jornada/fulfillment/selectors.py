"""Reads of fulfilment: the store's boxes, pick lists, packages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings

from jornada.fulfillment.models import Box, Package, PackageStatus
from jornada.fulfillment.packaging import BoxSpec
from jornada.orders.models import OrderLine


def box_specs() -> list[BoxSpec]:
    return [
        BoxSpec(
            code=b.code,
            name=b.name,
            dimensions_mm=(b.length_mm, b.width_mm, b.height_mm),
            max_weight_grams=b.max_weight_grams,
            tare_grams=b.tare_grams,
            insulated=b.insulated,
        )
        for b in Box.objects.filter(is_active=True)
    ]


@dataclass(frozen=True, slots=True)
class PickLine:
    sku: str
    product_name: str
    variant_label: str
    quantity: int
    orders: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PickGroup:
    location: str
    lines: tuple[PickLine, ...]


def _locations(skus: set[str]) -> dict[str, str]:
    """Where each SKU is picked: with the inventory app, its first active location (by
    priority) holding units of it; else the store's default location."""
    default = settings.FULFILLMENT_DEFAULT_LOCATION
    if not skus or not apps.is_installed("jornada.inventory"):
        return dict.fromkeys(skus, default)
    from jornada.inventory.selectors import levels_list

    found: dict[str, str] = {}
    for sku in sorted(skus):
        stocked = [
            level
            for level in levels_list(sku=sku, limit=50)
            if level.location.is_active and level.on_hand > 0
        ]
        found[sku] = stocked[0].location.name if stocked else default
    return found


def pick_list(*, order_ids: Iterable[int]) -> list[PickGroup]:
    """What to pick for these orders, grouped by location, then by SKU (quantities summed)."""
    lines = list(
        OrderLine.objects.filter(order_id__in=list(order_ids))
        .select_related("order")
        .order_by("sku", "order__number")
    )
    where = _locations({line.sku for line in lines})
    grouped: dict[str, dict[str, list[OrderLine]]] = defaultdict(lambda: defaultdict(list))
    for line in lines:
        grouped[where[line.sku]][line.sku].append(line)
    return [
        PickGroup(
            location=location,
            lines=tuple(
                PickLine(
                    sku=sku,
                    product_name=rows[0].product_name,
                    variant_label=rows[0].variant_label,
                    quantity=sum(r.quantity for r in rows),
                    orders=tuple(dict.fromkeys(r.order.number for r in rows)),
                )
                for sku, rows in sorted(by_sku.items())
            ),
        )
        for location, by_sku in sorted(grouped.items())
    ]


def packed_quantities(order_id: int) -> dict[int, int]:
    """Units of each order line already placed in a package."""
    totals: dict[int, int] = defaultdict(int)
    for package in Package.objects.filter(order_id=order_id).prefetch_related("items"):
        for item in package.items.all():
            totals[item.order_line_id] += item.quantity
    return dict(totals)


def packages_of(order_id: int, *, status: str | None = None) -> list[Package]:
    query = Package.objects.filter(order_id=order_id).prefetch_related("items").order_by("number")
    if status:
        query = query.filter(status=status)
    return list(query)


def closed_unshipped(order_id: int) -> list[Package]:
    return packages_of(order_id, status=PackageStatus.CLOSED)

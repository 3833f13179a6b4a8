"""Packaging advice and box choice: pure functions over plain values.

The items' handling flags decide how to pack (fragile: protective fill and a FRÁGIL mark;
perishable: insulated box, ice pack, never with non-food, express services only;
oversize: its own packaging and a carrier service that takes it; high value: declared
value and insurance). The box is the smallest of the store's list whose inner size takes
the items' volume (with room for fill) and the largest item, within its weight limit.
When no single box takes everything, items are split across several packages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

# Room left around the items: loose fill for ordinary goods, more for fragile ones.
FILL_FACTOR = Decimal("1.15")
FRAGILE_FILL_FACTOR = Decimal("1.40")

INSTRUCTIONS = {
    "protective_fill": _("Wrap each item in bubble wrap and fill the gaps."),
    "fragile_mark": _("Mark the box FRÁGIL on every side."),
    "insulated": _("Use an insulated box with an ice pack; keep away from heat."),
    "separate_food": _("Pack food apart from non-food items."),
    "own_packaging": _("Ships in its own packaging with an oversize service."),
    "declared_value": _("Declare the value and insure the package."),
    "gift_wrap": _("Gift wrap the items and add the message card; no prices inside."),
}
MARKS = {"fragile": "FRÁGIL", "perishable": "PERECÍVEL", "oversize": "VOLUME GRANDE"}


@dataclass(frozen=True, slots=True)
class Item:
    sku: str
    quantity: int
    weight_grams: int
    dimensions_mm: tuple[int, int, int]
    unit_price: Decimal = Decimal("0")
    fragile: bool = False
    perishable: bool = False
    oversize: bool = False
    high_value: bool = False

    @property
    def volume_mm3(self) -> int:
        length, width, height = self.dimensions_mm
        return length * width * height * self.quantity


@dataclass(frozen=True, slots=True)
class BoxSpec:
    code: str
    name: str
    dimensions_mm: tuple[int, int, int]
    max_weight_grams: int
    tare_grams: int = 0
    insulated: bool = False

    @property
    def volume_mm3(self) -> int:
        length, width, height = self.dimensions_mm
        return length * width * height


@dataclass(frozen=True, slots=True)
class Advice:
    instructions: tuple[str, ...]
    marks: tuple[str, ...]
    declared_value: Decimal
    insure: bool
    express_only: bool
    oversize: bool


@dataclass(frozen=True, slots=True)
class PlannedPackage:
    items: tuple[Item, ...]
    box: BoxSpec | None  # None: ships in its own packaging (oversize)
    weight_grams: int
    advice: Advice
    dimensions_mm: tuple[int, int, int] = field(default=(0, 0, 0))


def advice_for(items: Sequence[Item], *, gift_wrap: bool = False) -> Advice:
    fragile = any(i.fragile for i in items)
    perishable = any(i.perishable for i in items)
    oversize = any(i.oversize for i in items)
    high_value = any(i.high_value for i in items)
    instructions: list[str] = []
    if fragile:
        instructions += ["protective_fill", "fragile_mark"]
    if perishable:
        instructions += ["insulated", "separate_food"]
    if oversize:
        instructions.append("own_packaging")
    if high_value:
        instructions.append("declared_value")
    if gift_wrap:
        instructions.append("gift_wrap")
    marks = tuple(
        MARKS[flag]
        for flag, present in (
            ("fragile", fragile),
            ("perishable", perishable),
            ("oversize", oversize),
        )
        if present
    )
    declared = sum((i.unit_price * i.quantity for i in items), Decimal("0"))
    return Advice(
        instructions=tuple(instructions),
        marks=marks,
        declared_value=declared if high_value else Decimal("0"),
        insure=high_value,
        express_only=perishable,
        oversize=oversize,
    )


def _fits(items: Sequence[Item], box: BoxSpec) -> bool:
    if not items:
        return False
    need_insulated = any(i.perishable for i in items)
    if need_insulated != box.insulated:
        return False
    weight = sum(i.weight_grams * i.quantity for i in items) + box.tare_grams
    if weight > box.max_weight_grams:
        return False
    factor = FRAGILE_FILL_FACTOR if any(i.fragile for i in items) else FILL_FACTOR
    if Decimal(sum(i.volume_mm3 for i in items)) * factor > box.volume_mm3:
        return False
    inner = sorted(box.dimensions_mm)
    return all(
        all(a <= b for a, b in zip(sorted(i.dimensions_mm), inner, strict=True)) for i in items
    )


def box_choose(items: Sequence[Item], boxes: Sequence[BoxSpec]) -> BoxSpec | None:
    """The smallest box that takes all the items, or None."""
    for box in sorted(boxes, key=lambda b: (b.volume_mm3, b.max_weight_grams, b.code)):
        if _fits(items, box):
            return box
    return None


def _units(items: Sequence[Item]) -> list[Item]:
    """One entry per unit, largest first (first-fit decreasing)."""
    units = [
        Item(
            i.sku,
            1,
            i.weight_grams,
            i.dimensions_mm,
            i.unit_price,
            i.fragile,
            i.perishable,
            i.oversize,
            i.high_value,
        )
        for i in items
        for _n in range(i.quantity)
    ]
    return sorted(units, key=lambda u: (-u.volume_mm3, -u.weight_grams, u.sku))


def _merge(units: Sequence[Item]) -> tuple[Item, ...]:
    merged: dict[str, Item] = {}
    for unit in units:
        seen = merged.get(unit.sku)
        merged[unit.sku] = (
            unit
            if seen is None
            else Item(
                unit.sku,
                seen.quantity + 1,
                unit.weight_grams,
                unit.dimensions_mm,
                unit.unit_price,
                unit.fragile,
                unit.perishable,
                unit.oversize,
                unit.high_value,
            )
        )
    return tuple(merged.values())


def _planned(items: tuple[Item, ...], box: BoxSpec | None, gift_wrap: bool) -> PlannedPackage:
    weight = sum(i.weight_grams * i.quantity for i in items) + (box.tare_grams if box else 0)
    if box is not None:
        dims = box.dimensions_mm
    else:
        largest = max(items, key=lambda i: i.volume_mm3)
        dims = largest.dimensions_mm
    return PlannedPackage(items, box, weight, advice_for(items, gift_wrap=gift_wrap), dims)


def pack_plan(
    items: Sequence[Item], boxes: Sequence[BoxSpec], *, gift_wrap: bool = False
) -> list[PlannedPackage]:
    """Packages for these items: oversize apart, food apart, the rest in as few boxes as fit.

    Raises ``ValueError`` naming the SKU when one unit fits in no box at all.
    """
    plans: list[PlannedPackage] = []
    for item in items:
        if item.oversize:
            for _n in range(item.quantity):
                plans.append(_planned((_units([item])[0],), None, gift_wrap))
    groups = [
        [i for i in items if not i.oversize and i.perishable],
        [i for i in items if not i.oversize and not i.perishable],
    ]
    for group in groups:
        if not group:
            continue
        box = box_choose(group, boxes)
        if box is not None:
            plans.append(_planned(tuple(group), box, gift_wrap))
            continue
        open_bins: list[list[Item]] = []
        for unit in _units(group):
            for bin_units in open_bins:
                if box_choose([*bin_units, unit], boxes) is not None:
                    bin_units.append(unit)
                    break
            else:
                if box_choose([unit], boxes) is None:
                    raise ValueError(unit.sku)
                open_bins.append([unit])
        for bin_units in open_bins:
            merged = _merge(bin_units)
            plans.append(_planned(merged, box_choose(merged, boxes), gift_wrap))
    return plans

"""Reads: stock levels, an order's holds, and the audit of levels against the ledger."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Sum

from jornada.inventory.models import (
    Backorder,
    BackorderStatus,
    Location,
    Reservation,
    ReservationStatus,
    StockLevel,
    StockMovement,
)


def location_get(code: str) -> Location | None:
    return Location.objects.filter(code=code).first()


def levels_list(*, sku: str = "", location_code: str = "", limit: int = 200) -> list[StockLevel]:
    query = StockLevel.objects.select_related("location").order_by("sku", "location__priority")
    if sku:
        query = query.filter(sku=sku)
    if location_code:
        query = query.filter(location__code=location_code)
    return list(query[:limit])


def available_by_sku(skus: list[str]) -> dict[str, int]:
    """Units that can still be promised, per SKU, over active locations."""
    rows = (
        StockLevel.objects.filter(sku__in=skus, location__is_active=True)
        .values("sku")
        .annotate(free=Sum(F("on_hand") - F("reserved") - F("allocated")))
    )
    return {row["sku"]: int(row["free"] or 0) for row in rows}


def pick_locations(skus: Iterable[str]) -> dict[str, str]:
    """Where each SKU is picked: the name of the first active location (by priority)
    with units on hand. SKUs found nowhere are left out (fulfilment's default applies)."""
    found: dict[str, str] = {}
    for sku, name in (
        StockLevel.objects.filter(sku__in=list(skus), on_hand__gt=0, location__is_active=True)
        .order_by("sku", "location__priority", "location_id")
        .values_list("sku", "location__name")
    ):
        found.setdefault(sku, name)
    return found


def order_holdings(order_id: int) -> dict[str, int]:
    """Units held (reserved or allocated) for an order, per SKU."""
    held: dict[str, int] = {}
    for sku, quantity in Reservation.objects.filter(
        order_id=order_id, status__in=[ReservationStatus.RESERVED, ReservationStatus.ALLOCATED]
    ).values_list("sku", "quantity"):
        held[sku] = held.get(sku, 0) + quantity
    return held


def order_backorders(order_id: int) -> list[Backorder]:
    return list(
        Backorder.objects.filter(order_id=order_id)
        .exclude(status=BackorderStatus.CANCELLED)
        .order_by("sku")
    )


@dataclass(frozen=True, slots=True)
class Drift:
    level_id: int
    sku: str
    location: str
    recorded: tuple[int, int, int]
    from_ledger: tuple[int, int, int]


def stock_audit() -> list[Drift]:
    """Recompute every level from the ledger; list the levels that disagree.

    Reservations are checked too: units a level says are reserved/allocated must be
    what the open reservations hold there.
    """
    sums = {
        row["level_id"]: (
            int(row["on_hand"] or 0),
            int(row["reserved"] or 0),
            int(row["allocated"] or 0),
        )
        for row in StockMovement.objects.values("level_id").annotate(
            on_hand=Sum("d_on_hand"), reserved=Sum("d_reserved"), allocated=Sum("d_allocated")
        )
    }
    held: dict[tuple[int, str], int] = {}
    for level_id, status, quantity in Reservation.objects.filter(
        status__in=[ReservationStatus.RESERVED, ReservationStatus.ALLOCATED]
    ).values_list("level_id", "status", "quantity"):
        held[(level_id, status)] = held.get((level_id, status), 0) + quantity
    drifts = []
    for level in StockLevel.objects.select_related("location").order_by("sku", "location_id"):
        recorded = (level.on_hand, level.reserved, level.allocated)
        from_ledger = sums.get(level.pk, (0, 0, 0))
        from_holds = (
            from_ledger[0],
            held.get((level.pk, ReservationStatus.RESERVED), 0),
            held.get((level.pk, ReservationStatus.ALLOCATED), 0),
        )
        if recorded != from_ledger or from_ledger != from_holds:
            drifts.append(
                Drift(
                    level_id=level.pk,
                    sku=level.sku,
                    location=level.location.code,
                    recorded=recorded,
                    from_ledger=from_ledger,
                )
            )
    return drifts

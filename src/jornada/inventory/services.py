"""Every write to stock: holding it for orders, releasing it, allocating it on payment,
and staff moves (adjust, receive, transfer, ship).

Every movement is a ``StockMovement`` row; the database applies it to the level and
refuses it if available stock would go below zero (see ``models`` and ``allocation``).
Rows are always written ordered by SKU then level, so locks come in one order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jornada.core.db import insert_rows
from jornada.inventory import events
from jornada.inventory.allocation import (
    quantities_by_sku,
    reservation_expiry,
    reservations_insert,
)
from jornada.inventory.errors import InventoryInvalid, NotEnoughStock, OutOfStock
from jornada.inventory.models import (
    Backorder,
    BackorderStatus,
    Location,
    MovementKind,
    Reservation,
    ReservationStatus,
    Sourcing,
    SourcingMode,
    StockLevel,
    StockMovement,
)

SYSTEM = "Jornada"


@dataclass(frozen=True, slots=True)
class StockActor:
    """Who moved stock, as the ledger records it."""

    label: str = SYSTEM
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class Movement:
    level: StockLevel
    kind: str
    d_on_hand: int = 0
    d_reserved: int = 0
    d_allocated: int = 0
    order_id: int | None = None
    reason: str = ""
    reference: str = ""


_LEDGER_FIELDS = (
    "level",
    "kind",
    "d_on_hand",
    "d_reserved",
    "d_allocated",
    "order_id",
    "reason",
    "reference",
    "actor_label",
    "actor_user_id",
    "created_at",
)


def ledger_write(
    movements: Sequence[Movement], *, actor: StockActor, now: dt.datetime | None = None
) -> None:
    """Append movements (one statement); the database moves the levels in SKU order.

    Raises ``IntegrityError`` if any level would break its constraints; callers that
    want to answer instead of failing run this in a savepoint.
    """
    if not movements:
        return
    now = now or timezone.now()
    ordered = sorted(movements, key=lambda m: (m.level.sku, m.level.pk))
    insert_rows(
        StockMovement,
        _LEDGER_FIELDS,
        [
            (
                m.level.pk,
                m.kind,
                m.d_on_hand,
                m.d_reserved,
                m.d_allocated,
                m.order_id,
                m.reason[:300],
                m.reference[:100],
                actor.label[:200],
                actor.user_id,
                now,
            )
            for m in ordered
        ],
    )


def stock_lock_skus(skus: Iterable[str]) -> None:
    """Lock the stock rows of ``skus`` for the caller's transaction, in the order every
    stock write takes them (SKU, then level), before several orders hold stock one after
    the other in one transaction: without it, two such orders would lock their SKUs in
    two runs, and a concurrent write could take them between in the other order. One
    statement on PostgreSQL; nothing on SQLite, whose transaction has the whole database."""
    if not connection.features.has_select_for_update:
        return
    wanted = sorted(set(skus))
    if wanted:
        list(
            StockLevel.objects.filter(sku__in=wanted)
            .order_by("sku", "pk")
            .select_for_update()
            .values_list("pk", flat=True)
        )


def level_ensure(*, location: Location, sku: str) -> StockLevel:
    """The level of ``sku`` at ``location``, created empty the first time."""
    level = StockLevel.objects.filter(location=location, sku=sku).first()
    if level is not None:
        return level
    try:
        with transaction.atomic():
            return StockLevel.objects.create(location=location, sku=sku)
    except IntegrityError:  # created by someone else meanwhile
        return StockLevel.objects.get(location=location, sku=sku)


# --- holding stock for an order ----------------------------------------------------------


@dataclass(slots=True)
class _Plan:
    reserve: dict[str, int] = field(default_factory=dict)
    untracked: dict[str, int] = field(default_factory=dict)
    backorder: dict[str, tuple[int, Sourcing | None]] = field(default_factory=dict)
    short: dict[str, int] = field(default_factory=dict)


def _plan(wanted: dict[str, int], *, always_backorder: bool) -> _Plan:
    """What to hold, to buy and to refuse, when the fast path could not hold everything."""
    available: dict[str, int] = {}
    tracked: set[str] = set()
    for sku, is_active, avail in StockLevel.objects.filter(sku__in=wanted).values_list(
        "sku", "location__is_active", F("on_hand") - F("reserved") - F("allocated")
    ):
        tracked.add(sku)
        if is_active:
            available[sku] = available.get(sku, 0) + max(int(avail), 0)
    rules = {r.sku: r for r in Sourcing.objects.filter(sku__in=wanted).select_related("supplier")}
    plan = _Plan()
    for sku, quantity in wanted.items():
        rule = rules.get(sku)
        if rule is None and sku not in tracked:
            if settings.INVENTORY_SELL_UNTRACKED:
                plan.untracked[sku] = quantity
                continue
            plan.short[sku] = 0
            continue
        if rule is not None and rule.mode == SourcingMode.DROPSHIP and rule.backorderable:
            plan.backorder[sku] = (quantity, rule)
            continue
        have = available.get(sku, 0)
        if have >= quantity:
            plan.reserve[sku] = quantity
        elif always_backorder or (rule is not None and rule.backorderable):
            if have:
                plan.reserve[sku] = have
            plan.backorder[sku] = (quantity - have, rule)
        else:
            plan.short[sku] = have
    return plan


def _hold(
    *,
    order_id: int,
    order_number: str,
    wanted: dict[str, int],
    uf: str,
    status: str,
    expires_at: dt.datetime | None,
    lines: Sequence[tuple[str, int]],
    ship_to: dict[str, str],
    always_backorder: bool,
    now: dt.datetime,
) -> dict[str, int]:
    """Fast path: everything held in one statement. Else plan, hold what can be held,
    and backorder what the sourcing allows; else refuse naming the short SKUs."""
    try:
        with transaction.atomic():
            held, untracked = reservations_insert(
                order_id=order_id,
                wanted=wanted,
                uf=uf,
                status=status,
                expires_at=expires_at,
                now=now,
            )
            if {**held, **untracked} == wanted:
                return held
            raise _NotAll
    except (_NotAll, IntegrityError):
        pass  # the savepoint is rolled back: nothing of the fast path remains
    plan = _plan(wanted, always_backorder=always_backorder)
    if plan.short:
        raise OutOfStock(plan.short, lines=lines)
    try:
        with transaction.atomic():
            held, untracked = reservations_insert(
                order_id=order_id,
                wanted={**plan.reserve, **plan.untracked},
                uf=uf,
                status=status,
                expires_at=expires_at,
                now=now,
            )
            if held != plan.reserve or untracked != plan.untracked:
                raise _NotAll
    except (_NotAll, IntegrityError):
        # Another writer took the units between our read and our write.
        again = _plan(wanted, always_backorder=always_backorder)
        raise OutOfStock(again.short or {sku: 0 for sku in plan.reserve}, lines=lines) from None
    if plan.backorder:
        from jornada.inventory.purchasing import backorders_raise

        backorders_raise(
            order_id=order_id,
            order_number=order_number,
            wanted=plan.backorder,
            ship_to=ship_to,
            order_paid=status == ReservationStatus.ALLOCATED,
            now=now,
        )
    return held


class _NotAll(Exception):
    """Fewer units were held than asked for."""


def stock_reserve_for_order(
    *,
    order_id: int,
    order_number: str,
    lines: Sequence[tuple[str, int]],
    uf: str,
    payment_method: str,
    ship_to: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> dict[str, int]:
    """Hold every line of a newly placed order, in the caller's transaction.

    ``lines`` are (SKU, quantity) in the order's line order (errors name ``lines.N.sku``).
    The hold expires with the payment window of ``payment_method``. Raises
    ``OutOfStock`` (nothing held) when a SKU is short and its sourcing does not accept
    backorders; SKUs with neither stock records nor sourcing are not tracked and pass
    (``INVENTORY_SELL_UNTRACKED``). Returns the units held per SKU.
    """
    now = now or timezone.now()
    return _hold(
        order_id=order_id,
        order_number=order_number,
        wanted=quantities_by_sku(lines),
        uf=uf,
        status=ReservationStatus.RESERVED,
        expires_at=reservation_expiry(payment_method=payment_method, placed_at=now),
        lines=lines,
        ship_to=ship_to or {},
        always_backorder=False,
        now=now,
    )


def _level_of(reservation: Reservation) -> StockLevel:
    """The level a holding reservation draws from (only untracked rows have none)."""
    if reservation.level is None:
        raise ValueError(f"reservation {reservation.pk} holds no stock")
    return reservation.level


def _locked_reservations(order_id: int, statuses: Iterable[str]) -> list[Reservation]:
    query = (
        Reservation.objects.filter(order_id=order_id, status__in=list(statuses))
        .select_related("level")
        .order_by("sku", "level_id", "id")
    )
    if connection.features.has_select_for_update:
        query = query.select_for_update(of=("self",))
    return list(query)


def stock_release_for_order(
    *,
    order_id: int,
    reason: str,
    only_expired_before: dt.datetime | None = None,
    publish: bool = True,
    actor: StockActor | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Give back what an order holds (reserved and allocated units) and cancel what it
    still waits for from suppliers. Idempotent: a second call finds nothing and does
    nothing. With ``only_expired_before``, only reservations that expired by then.
    Returns the units released."""
    now = now or timezone.now()
    actor = actor or StockActor()
    with transaction.atomic():
        statuses = [ReservationStatus.RESERVED]
        if only_expired_before is None:
            statuses.append(ReservationStatus.ALLOCATED)
        held = _locked_reservations(order_id, statuses)
        if only_expired_before is not None:
            held = [
                r for r in held if r.expires_at is not None and r.expires_at <= only_expired_before
            ]
        movements = [
            Movement(
                level=_level_of(r),
                kind=MovementKind.RELEASE,
                d_reserved=-r.quantity if r.status == ReservationStatus.RESERVED else 0,
                d_allocated=-r.quantity if r.status == ReservationStatus.ALLOCATED else 0,
                order_id=order_id,
                reason=reason,
            )
            for r in held
        ]
        ledger_write(movements, actor=actor, now=now)
        if held:
            Reservation.objects.filter(pk__in=[r.pk for r in held]).update(
                status=ReservationStatus.RELEASED, released_at=now, release_reason=reason[:300]
            )
        cancelled = 0
        if only_expired_before is None:
            cancelled = Backorder.objects.filter(
                order_id=order_id, status=BackorderStatus.WAITING
            ).update(status=BackorderStatus.CANCELLED)
        if publish and (held or cancelled):
            events.stock_released_event(order_id=order_id, reason=reason)
    return sum(r.quantity for r in held)


def stock_replace_for_order(
    *,
    order_id: int,
    order_number: str,
    lines: Sequence[tuple[str, int]],
    uf: str,
    payment_method: str,
    placed_at: dt.datetime,
    ship_to: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> dict[str, int]:
    """The order's items changed before payment: release what it held and hold the new
    lines, keeping the original payment window. Raises ``OutOfStock`` (caller rolls back)."""
    now = now or timezone.now()
    stock_release_for_order(order_id=order_id, reason="lines changed", publish=False, now=now)
    return _hold(
        order_id=order_id,
        order_number=order_number,
        wanted=quantities_by_sku(lines),
        uf=uf,
        status=ReservationStatus.RESERVED,
        expires_at=reservation_expiry(payment_method=payment_method, placed_at=placed_at),
        lines=lines,
        ship_to=ship_to or {},
        always_backorder=False,
        now=now,
    )


def stock_allocate_for_order(
    *, order_id: int, order_number: str = "", now: dt.datetime | None = None
) -> int:
    """The order is paid: its reserved units become allocated (no longer expire).

    If its hold had already expired, the units are held again; what is short now is
    backordered, since a paid order is never refused. Idempotent. Returns units allocated.
    """
    now = now or timezone.now()
    with transaction.atomic():
        reserved = _locked_reservations(order_id, [ReservationStatus.RESERVED])
        ledger_write(
            [
                Movement(
                    level=_level_of(r),
                    kind=MovementKind.ALLOCATE,
                    d_reserved=-r.quantity,
                    d_allocated=r.quantity,
                    order_id=order_id,
                    reason="paid",
                )
                for r in reserved
            ],
            actor=StockActor(),
            now=now,
        )
        Reservation.objects.filter(pk__in=[r.pk for r in reserved]).update(
            status=ReservationStatus.ALLOCATED, expires_at=None
        )
        allocated = sum(r.quantity for r in reserved)
        Backorder.objects.filter(order_id=order_id, status=BackorderStatus.WAITING).update(
            order_paid=True
        )
        holds = Reservation.objects.filter(order_id=order_id)
        active = holds.filter(
            status__in=[ReservationStatus.ALLOCATED, ReservationStatus.SHIPPED]
        ).exists()
        if not reserved and not active:
            expired = holds.filter(release_reason="expired").values_list("sku", "quantity")
            wanted = quantities_by_sku(expired)
            if wanted:
                held = _hold(
                    order_id=order_id,
                    order_number=order_number,
                    wanted=wanted,
                    uf="",
                    status=ReservationStatus.ALLOCATED,
                    expires_at=None,
                    lines=sorted(wanted.items()),
                    ship_to={},
                    always_backorder=True,
                    now=now,
                )
                allocated += sum(held.values())
    return allocated


def stock_ship_for_order(*, order_id: int, now: dt.datetime | None = None) -> int:
    """The order's allocated units left the building: on hand and allocated go down."""
    now = now or timezone.now()
    with transaction.atomic():
        allocated = _locked_reservations(order_id, [ReservationStatus.ALLOCATED])
        ledger_write(
            [
                Movement(
                    level=_level_of(r),
                    kind=MovementKind.SHIP,
                    d_on_hand=-r.quantity,
                    d_allocated=-r.quantity,
                    order_id=order_id,
                    reason="shipped",
                )
                for r in allocated
            ],
            actor=StockActor(),
            now=now,
        )
        Reservation.objects.filter(pk__in=[r.pk for r in allocated]).update(
            status=ReservationStatus.SHIPPED
        )
    return sum(r.quantity for r in allocated)


def reservations_expire(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Release every hold whose payment window has passed; returns the orders released."""
    now = now or timezone.now()
    orders = list(
        Reservation.objects.filter(status=ReservationStatus.RESERVED, expires_at__lte=now)
        .order_by("expires_at")
        .values_list("order_id", flat=True)
        .distinct()[:limit]
    )
    released = 0
    for order_id in dict.fromkeys(orders):
        if stock_release_for_order(
            order_id=order_id, reason="expired", only_expired_before=now, now=now
        ):
            released += 1
    return released


# --- staff moves ---------------------------------------------------------------------------


def _check_quantity(
    quantity: int, *, field_name: str = "quantity", allow_negative: bool = False
) -> None:
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity == 0:
        raise InventoryInvalid(
            _("Give a whole, non-zero number of units."), fields={field_name: [_("Required.")]}
        )
    if quantity < 0 and not allow_negative:
        raise InventoryInvalid(
            _("Give a positive number of units."), fields={field_name: [_("Must be positive.")]}
        )


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InventoryInvalid(_("Say why the stock changes."), fields={"reason": [_("Required.")]})
    if len(reason) > 300:
        raise InventoryInvalid(
            _("The reason is too long."), fields={"reason": [_("At most 300 characters.")]}
        )
    return reason


def _not_enough(sku: str, location: Location) -> NotEnoughStock:
    return NotEnoughStock(
        _("Not enough available stock of %(sku)s at %(location)s.")
        % {"sku": sku, "location": location.code},
        fields={"quantity": [_("More than is available.")]},
    )


def stock_adjust(
    *,
    location: Location,
    sku: str,
    delta: int,
    reason: str,
    actor: StockActor,
    now: dt.datetime | None = None,
) -> StockLevel:
    """Count correction by staff (found, lost, damaged): on hand moves by ``delta``.
    Refused when it would leave less on hand than is reserved and allocated."""
    _check_quantity(delta, field_name="delta", allow_negative=True)
    reason = _check_reason(reason)
    with transaction.atomic():
        level = level_ensure(location=location, sku=sku)
        try:
            with transaction.atomic():
                ledger_write(
                    [
                        Movement(
                            level=level, kind=MovementKind.ADJUST, d_on_hand=delta, reason=reason
                        )
                    ],
                    actor=actor,
                    now=now,
                )
        except IntegrityError:
            raise _not_enough(sku, location) from None
        level.refresh_from_db()
    return level


def stock_receive(
    *,
    location: Location,
    sku: str,
    quantity: int,
    actor: StockActor,
    reason: str = "received",
    reference: str = "",
    now: dt.datetime | None = None,
) -> StockLevel:
    """Units arrived at ``location``; orders waiting for the SKU get them first, in
    order of placement."""
    _check_quantity(quantity)
    now = now or timezone.now()
    with transaction.atomic():
        level = level_ensure(location=location, sku=sku)
        ledger_write(
            [
                Movement(
                    level=level,
                    kind=MovementKind.RECEIVE,
                    d_on_hand=quantity,
                    reason=reason,
                    reference=reference,
                )
            ],
            actor=actor,
            now=now,
        )
        from jornada.inventory.purchasing import backorders_fill

        backorders_fill(level=level, now=now)
        level.refresh_from_db()
    return level


def stock_transfer(
    *,
    source: Location,
    target: Location,
    sku: str,
    quantity: int,
    actor: StockActor,
    reason: str = "transfer",
    now: dt.datetime | None = None,
) -> tuple[StockLevel, StockLevel]:
    """Move available units between locations (one ledger row out, one in)."""
    _check_quantity(quantity)
    if source.pk == target.pk:
        raise InventoryInvalid(
            _("Choose two different locations."), fields={"to": [_("Same as the origin.")]}
        )
    with transaction.atomic():
        out = level_ensure(location=source, sku=sku)
        into = level_ensure(location=target, sku=sku)
        try:
            with transaction.atomic():
                ledger_write(
                    [
                        Movement(
                            level=out,
                            kind=MovementKind.TRANSFER_OUT,
                            d_on_hand=-quantity,
                            reason=reason,
                            reference=target.code,
                        ),
                        Movement(
                            level=into,
                            kind=MovementKind.TRANSFER_IN,
                            d_on_hand=quantity,
                            reason=reason,
                            reference=source.code,
                        ),
                    ],
                    actor=actor,
                    now=now,
                )
        except IntegrityError:
            raise _not_enough(sku, source) from None
        from jornada.inventory.purchasing import backorders_fill

        backorders_fill(level=into, now=now or timezone.now())
        out.refresh_from_db()
        into.refresh_from_db()
    return out, into


def low_stock_check(*, now: dt.datetime | None = None) -> int:
    """Publish ``inventory.StockLow`` once when a level falls to its threshold, and arm
    the alert again once it is above. Returns the alerts published."""
    available = F("on_hand") - F("reserved") - F("allocated")
    published = 0
    with transaction.atomic():
        low = list(
            StockLevel.objects.filter(low_stock_threshold__gt=0, low_stock_alerted=False)
            .annotate(free=available)
            .filter(free__lte=F("low_stock_threshold"))
            .select_related("location")
            .order_by("sku", "location_id")
        )
        for level in low:
            events.stock_low_event(
                sku=level.sku,
                location_id=level.location_id,
                location_code=level.location.code,
                available=level.free,  # type: ignore[attr-defined]
                threshold=level.low_stock_threshold,
            )
            published += 1
        StockLevel.objects.filter(pk__in=[lv.pk for lv in low]).update(low_stock_alerted=True)
        StockLevel.objects.filter(
            low_stock_alerted=True,
            on_hand__gt=F("reserved") + F("allocated") + F("low_stock_threshold"),
        ).update(low_stock_alerted=False)
    return published


def total_on_hand(sku: str) -> int:
    return int(StockLevel.objects.filter(sku=sku).aggregate(t=Sum("on_hand"))["t"] or 0)

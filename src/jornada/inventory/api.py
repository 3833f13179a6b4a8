"""``/api/v1/inventory``: HTTP wiring only. Stock levels, staff moves (adjust, receive,
transfer), purchase orders and the ledger audit. Scopes ``inventory:read`` and
``inventory:write`` (staff sessions may do everything)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from jornada.api.auth import require_scope
from jornada.api.idempotency import idempotent
from jornada.api.models import ApiKey
from jornada.api.schemas import ErrorOut
from jornada.inventory import purchasing, selectors, services
from jornada.inventory.errors import LocationNotFound
from jornada.inventory.models import Location, PurchaseOrder, StockLevel

router = Router(tags=["inventory"])

ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


class LevelOut(Schema):
    sku: str
    location: str
    on_hand: int
    reserved: int
    allocated: int
    available: int
    low_stock_threshold: int


class LevelFilters(Schema):
    sku: str = ""
    location: str = ""
    limit: int = Field(default=200, ge=1, le=1000)


class AdjustIn(Schema):
    location: str
    sku: str = Field(min_length=1, max_length=64)
    delta: int
    reason: str = Field(max_length=300)


class ReceiveIn(Schema):
    location: str
    sku: str = Field(min_length=1, max_length=64)
    quantity: int
    reference: str = Field(default="", max_length=100)


class TransferIn(Schema):
    source: str = Field(alias="from")
    target: str = Field(alias="to")
    sku: str = Field(min_length=1, max_length=64)
    quantity: int
    reason: str = Field(default="transfer", max_length=300)


class PurchaseOrderLineOut(Schema):
    sku: str
    supplier_sku: str
    quantity: int
    quantity_received: int
    unit_cost: str


class PurchaseOrderOut(Schema):
    id: int
    number: str
    supplier: str
    status: str
    dropship: bool
    order_id: int | None
    expected_date: dt.date | None
    tracking_code: str
    lines: list[PurchaseOrderLineOut]


class ConfirmIn(Schema):
    expected_date: dt.date | None = None


class ShipIn(Schema):
    tracking_code: str = Field(default="", max_length=40)


class ReceivePoIn(Schema):
    received: dict[str, int] | None = None


class DriftOut(Schema):
    sku: str
    location: str
    recorded: list[int]
    from_ledger: list[int]


def _actor(request: HttpRequest) -> services.StockActor:
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiKey):
        return services.StockActor(label=f"{auth.name} ({auth.prefix})")
    if isinstance(auth, AbstractBaseUser):
        return services.StockActor(label=auth.get_username(), user_id=auth.pk)
    return services.StockActor()


def _location(code: str) -> Location:
    location = selectors.location_get(code)
    if location is None:
        raise LocationNotFound(
            _("Stock location not found."), fields={"location": [_("Unknown location.")]}
        )
    return location


def _level_out(level: StockLevel) -> LevelOut:
    return LevelOut(
        sku=level.sku,
        location=level.location.code,
        on_hand=level.on_hand,
        reserved=level.reserved,
        allocated=level.allocated,
        available=level.available,
        low_stock_threshold=level.low_stock_threshold,
    )


def _po_out(purchase_order: PurchaseOrder) -> PurchaseOrderOut:
    return PurchaseOrderOut(
        id=purchase_order.pk,
        number=purchase_order.number,
        supplier=purchase_order.supplier.name,
        status=purchase_order.status,
        dropship=purchase_order.dropship,
        order_id=purchase_order.order_id,
        expected_date=purchase_order.expected_date,
        tracking_code=purchase_order.tracking_code,
        lines=[
            PurchaseOrderLineOut(
                sku=line.sku,
                supplier_sku=line.supplier_sku,
                quantity=line.quantity,
                quantity_received=line.quantity_received,
                unit_cost=str(line.unit_cost),
            )
            for line in purchase_order.lines.order_by("sku")
        ],
    )


@router.get("/levels", response={200: list[LevelOut], **ERRORS}, summary="Stock levels")
@require_scope("inventory:read")
def levels(request: HttpRequest, filters: Query[LevelFilters]) -> list[LevelOut]:
    """On hand, reserved, allocated and available per SKU and location."""
    found = selectors.levels_list(
        sku=filters.sku.strip().upper(), location_code=filters.location, limit=filters.limit
    )
    return [_level_out(level) for level in found]


@router.post("/adjust", response={200: LevelOut, **ERRORS}, summary="Adjust a count (staff)")
@require_scope("inventory:write")
@idempotent(required=False)
def adjust(request: HttpRequest, payload: AdjustIn) -> LevelOut:
    level = services.stock_adjust(
        location=_location(payload.location),
        sku=payload.sku.strip().upper(),
        delta=payload.delta,
        reason=payload.reason,
        actor=_actor(request),
    )
    return _level_out(level)


@router.post("/receive", response={200: LevelOut, **ERRORS}, summary="Receive units")
@require_scope("inventory:write")
@idempotent(required=False)
def receive(request: HttpRequest, payload: ReceiveIn) -> LevelOut:
    level = services.stock_receive(
        location=_location(payload.location),
        sku=payload.sku.strip().upper(),
        quantity=payload.quantity,
        reference=payload.reference,
        actor=_actor(request),
    )
    return _level_out(level)


@router.post("/transfer", response={200: list[LevelOut], **ERRORS}, summary="Transfer units")
@require_scope("inventory:write")
@idempotent(required=False)
def transfer(request: HttpRequest, payload: TransferIn) -> list[LevelOut]:
    out, into = services.stock_transfer(
        source=_location(payload.source),
        target=_location(payload.target),
        sku=payload.sku.strip().upper(),
        quantity=payload.quantity,
        reason=payload.reason,
        actor=_actor(request),
    )
    return [_level_out(out), _level_out(into)]


@router.get("/audit", response={200: list[DriftOut], **ERRORS}, summary="Levels vs ledger")
@require_scope("inventory:read")
def audit(request: HttpRequest) -> list[DriftOut]:
    """Levels whose figures differ from the sum of their ledger rows (empty: all good)."""
    return [
        DriftOut(
            sku=d.sku,
            location=d.location,
            recorded=list(d.recorded),
            from_ledger=list(d.from_ledger),
        )
        for d in selectors.stock_audit()
    ]


@router.get("/purchase-orders", response={200: list[PurchaseOrderOut], **ERRORS})
@require_scope("inventory:read")
def purchase_orders(request: HttpRequest, status: str = "") -> list[PurchaseOrderOut]:
    query = PurchaseOrder.objects.select_related("supplier").order_by("-id")
    if status:
        query = query.filter(status=status)
    return [_po_out(po) for po in query[:200]]


@router.post("/purchase-orders/{po_id}/send", response={200: PurchaseOrderOut, **ERRORS})
@require_scope("inventory:write")
@idempotent(required=False)
def purchase_order_send(request: HttpRequest, po_id: int) -> PurchaseOrderOut:
    return _po_out(purchasing.purchase_order_send(purchase_order_id=po_id))


@router.post("/purchase-orders/{po_id}/confirm", response={200: PurchaseOrderOut, **ERRORS})
@require_scope("inventory:write")
@idempotent(required=False)
def purchase_order_confirm(
    request: HttpRequest, po_id: int, payload: ConfirmIn
) -> PurchaseOrderOut:
    return _po_out(
        purchasing.purchase_order_confirm(purchase_order_id=po_id, expected=payload.expected_date)
    )


@router.post("/purchase-orders/{po_id}/ship", response={200: PurchaseOrderOut, **ERRORS})
@require_scope("inventory:write")
@idempotent(required=False)
def purchase_order_ship(request: HttpRequest, po_id: int, payload: ShipIn) -> PurchaseOrderOut:
    return _po_out(
        purchasing.purchase_order_mark_shipped(
            purchase_order_id=po_id, tracking_code=payload.tracking_code
        )
    )


@router.post("/purchase-orders/{po_id}/receive", response={200: PurchaseOrderOut, **ERRORS})
@require_scope("inventory:write")
@idempotent(required=False)
def purchase_order_receive(
    request: HttpRequest, po_id: int, payload: ReceivePoIn
) -> PurchaseOrderOut:
    return _po_out(
        purchasing.purchase_order_receive(
            purchase_order_id=po_id,
            received=payload.received,
            actor_label=_actor(request).label,
        )
    )

"""``/api/v1/fulfillment``: picking and packing (warehouse). HTTP wiring only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from jornada.api.idempotency import idempotent
from jornada.api.schemas import ErrorOut
from jornada.core.errors import NotFound
from jornada.core.models import Document
from jornada.core.roles import Role
from jornada.fulfillment import selectors, services
from jornada.fulfillment.models import Package
from jornada.fulfillment.packaging import INSTRUCTIONS
from jornada.fulfillment.permissions import authorise
from jornada.orders.models import Order
from jornada.orders.selectors import order_get_by_number

router = Router(tags=["fulfillment"])
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
READ, WRITE = "fulfillment:read", "fulfillment:write"


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class PackLineIn(Strict):
    sku: str = Field(min_length=1, max_length=64)
    quantity: int


class PackageIn(Strict):
    lines: list[PackLineIn] | None = Field(default=None, description="omit: everything left")
    box: str | None = Field(default=None, description="a box code; omit: the advised box")


class ScanIn(Strict):
    code: str = Field(min_length=1, max_length=64, description="GTIN/EAN barcode or SKU")


class CloseIn(Strict):
    weight_grams: int | None = None


class PackageItemOut(Schema):
    sku: str
    product_name: str
    quantity: int
    scanned: int


class PackageOut(Schema):
    id: int
    order: str
    number: int
    status: str
    box: str | None
    weight_grams: int
    marks: list[str]
    instructions: list[str]
    declared_value: str
    insure: bool
    gift_wrap: bool
    gift_message: str
    packing_slip_document_id: int | None
    items: list[PackageItemOut]


class PickLineOut(Schema):
    sku: str
    product_name: str
    variant_label: str
    quantity: int
    orders: list[str]


class PickGroupOut(Schema):
    location: str
    lines: list[PickLineOut]


def _order(number: str) -> Order:
    order = order_get_by_number(number=number)
    if order is None:
        raise NotFound("order not found", code="order_not_found")
    return order


def package_out(package: Package, number: str) -> PackageOut:
    return PackageOut(
        id=package.pk,
        order=number,
        number=package.number,
        status=package.status,
        box=package.box.code if package.box else None,
        weight_grams=package.weight_grams,
        marks=list(package.marks),
        instructions=[str(INSTRUCTIONS.get(code, code)) for code in package.instructions],
        declared_value=str(package.declared_value),
        insure=package.insure,
        gift_wrap=package.gift_wrap,
        gift_message=package.gift_message,
        packing_slip_document_id=package.packing_slip_document_id,
        items=[
            PackageItemOut(
                sku=i.sku, product_name=i.product_name, quantity=i.quantity, scanned=i.scanned
            )
            for i in package.items.order_by("id")
        ],
    )


def _package(package_id: int) -> tuple[Package, str]:
    package = Package.objects.select_related("box").filter(pk=package_id).first()
    if package is None:
        raise NotFound("package not found", code="package_not_found")
    number = Order.objects.filter(pk=package.order_id).values_list("number", flat=True).get()
    return package, number


class PickFilters(Schema):
    orders: list[str] = Field(default_factory=list, description="order numbers")


@router.get("/pick-list", response={200: list[PickGroupOut], **ERRORS}, summary="Pick list")
def pick_list(request: HttpRequest, filters: Query[PickFilters]) -> list[PickGroupOut]:
    """What to pick for these orders, grouped by location; quantities summed per SKU."""
    authorise(request, scope=READ, role=Role.WAREHOUSE)
    ids = list(Order.objects.filter(number__in=filters.orders).values_list("id", flat=True))
    return [
        PickGroupOut(
            location=g.location,
            lines=[
                PickLineOut(
                    sku=line.sku,
                    product_name=line.product_name,
                    variant_label=line.variant_label,
                    quantity=line.quantity,
                    orders=list(line.orders),
                )
                for line in g.lines
            ],
        )
        for g in selectors.pick_list(order_ids=ids)
    ]


@router.post("/orders/{number}/start", response={200: list[PackageOut], **ERRORS})
@idempotent(required=False)
def start(request: HttpRequest, number: str) -> list[PackageOut]:
    """Picking begins: the order moves to in fulfilment."""
    actor = authorise(request, scope=WRITE, role=Role.WAREHOUSE)
    order = _order(number)
    services.fulfillment_start(order_id=order.pk, actor=actor)
    return [package_out(p, number) for p in selectors.packages_of(order.pk)]


@router.get("/orders/{number}/packages", response={200: list[PackageOut], **ERRORS})
def packages(request: HttpRequest, number: str) -> list[PackageOut]:
    authorise(request, scope=READ, role=Role.WAREHOUSE)
    order = _order(number)
    return [package_out(p, number) for p in selectors.packages_of(order.pk)]


@router.post("/orders/{number}/packages", response={201: list[PackageOut], **ERRORS})
@idempotent(required=False)
def package_open(request: HttpRequest, number: str, payload: PackageIn) -> Status[list[PackageOut]]:
    """Open packages with the advised boxes (split when one box does not take all)."""
    actor = authorise(request, scope=WRITE, role=Role.WAREHOUSE)
    order = _order(number)
    lines = (
        None
        if payload.lines is None
        else [services.PackLine(sku=line.sku, quantity=line.quantity) for line in payload.lines]
    )
    created = services.package_open(
        order_id=order.pk, actor=actor, lines=lines, box_code=payload.box
    )
    return Status(201, [package_out(p, number) for p in created])


@router.post("/packages/{package_id}/scan", response={200: PackageOut, **ERRORS})
def package_scan(request: HttpRequest, package_id: int, payload: ScanIn) -> PackageOut:
    authorise(request, scope=WRITE, role=Role.WAREHOUSE)
    services.package_scan(package_id=package_id, code=payload.code)
    package, number = _package(package_id)
    return package_out(package, number)


@router.post("/packages/{package_id}/close", response={200: PackageOut, **ERRORS})
@idempotent(required=False)
def package_close(request: HttpRequest, package_id: int, payload: CloseIn) -> PackageOut:
    """Every unit scanned: the package closes and its packing slip is printed."""
    actor = authorise(request, scope=WRITE, role=Role.WAREHOUSE)
    services.package_close(package_id=package_id, actor=actor, weight_grams=payload.weight_grams)
    package, number = _package(package_id)
    return package_out(package, number)


@router.get("/packages/{package_id}/slip", response={200: None, **ERRORS}, summary="Packing slip")
def package_slip(request: HttpRequest, package_id: int) -> HttpResponse:
    authorise(request, scope=READ, role=Role.WAREHOUSE)
    package, _number = _package(package_id)
    document_id = package.packing_slip_document_id
    document = Document.objects.filter(pk=document_id).first() if document_id else None
    if document is None:
        raise NotFound("the package is not closed yet", code="document_not_found")
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return response

"""``/api/v1/shipping``: quotes, delivery choice and promise, shipments, proof of
delivery, rate tables, manifests, the SLA lists and the carriers' signed webhooks."""

from __future__ import annotations

import base64
import binascii
import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from jornada.api.idempotency import idempotent
from jornada.api.schemas import ErrorOut
from jornada.brazil.business_days import local_date
from jornada.core.errors import DomainError, NotFound
from jornada.core.models import Document
from jornada.core.roles import Role
from jornada.fulfillment.permissions import authorise
from jornada.orders.models import Order
from jornada.orders.selectors import order_get_by_number
from jornada.shipping import selectors, services, shipments, sla
from jornada.shipping.models import DeliveryPromise, Shipment
from jornada.shipping.states import ShipmentStatus

router = Router(tags=["shipping"])
webhook_router = Router(tags=["shipping (carrier webhooks)"], auth=None)
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
READ, WRITE = "shipping:read", "shipping:write"


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class QuoteLineIn(Strict):
    sku: str = Field(min_length=1, max_length=64)
    quantity: int


class QuoteIn(Strict):
    cep: str = Field(min_length=1, max_length=10)
    lines: list[QuoteLineIn]


class QuoteOptionOut(Schema):
    service: str
    service_name: str
    carrier: str
    carrier_name: str
    price: str
    business_days: int
    promised_date: dt.date
    packages: int


class ChoiceIn(Strict):
    service: str = Field(min_length=1, max_length=40)


class RevisionOut(Schema):
    previous_date: dt.date
    new_date: dt.date
    reason: str
    by: str
    at: dt.datetime


class PromiseOut(Schema):
    order: str
    service: str
    promised_date: dt.date
    processing_days: int
    supplier_days: int
    carrier_days: int
    revisions: list[RevisionOut]


class ReviseIn(Strict):
    promised_date: dt.date
    reason: str = Field(max_length=300)


class ShipIn(Strict):
    package_ids: list[int] | None = None
    service: str | None = None


class EventOut(Schema):
    status: str
    status_label: str
    description: str
    location: str
    occurred_at: dt.datetime


class ProofOut(Schema):
    received_by: str
    document: str
    delivered_at: dt.datetime
    photo_document_id: int | None
    signature_document_id: int | None


class ShipmentOut(Schema):
    id: int
    order: str
    carrier: str
    service: str
    tracking_code: str
    tracking_url: str
    status: str
    status_label: str
    weight_grams: int
    promised_date: dt.date | None
    estimated_date: dt.date | None
    late: bool
    at_risk: bool
    label_document_id: int | None
    events: list[EventOut]
    proof: ProofOut | None


class DeliveryIn(Strict):
    received_by: str = Field(max_length=200)
    document: str = Field(default="", max_length=20)
    delivered_at: dt.datetime | None = None
    photo_base64: str | None = None
    signature_base64: str | None = None


class RatesIn(Strict):
    service: str = Field(min_length=1, max_length=40)
    csv: str = Field(min_length=1, max_length=2_000_000)


class RatesOut(Schema):
    service: str
    rows: int


class ManifestIn(Strict):
    carrier: str = Field(min_length=1, max_length=40)
    date: dt.date


class ManifestOut(Schema):
    carrier: str
    date: dt.date
    shipments: list[str]
    document_id: int | None


class OnTimeOut(Schema):
    carrier: str
    delivered: int
    on_time: int
    rate: float


def _order(number: str) -> Order:
    order = order_get_by_number(number=number)
    if order is None:
        raise NotFound("order not found", code="order_not_found")
    return order


def _shipment(code: str) -> Shipment:
    shipment = selectors.shipment_by_code(code)
    if shipment is None:
        raise NotFound("shipment not found", code="shipment_not_found")
    return shipment


def shipment_out(shipment: Shipment) -> ShipmentOut:
    proof = getattr(shipment, "proof", None) if shipment.delivered_at else None
    carrier = shipment.service.carrier
    return ShipmentOut(
        id=shipment.pk,
        order=shipment.order.number,
        carrier=carrier.code,
        service=shipment.service.code,
        tracking_code=shipment.tracking_code,
        tracking_url=shipments.tracking_url(carrier, shipment.tracking_code),
        status=shipment.status,
        status_label=str(ShipmentStatus(shipment.status).label),
        weight_grams=shipment.weight_grams,
        promised_date=shipment.promised_date,
        estimated_date=shipment.estimated_date,
        late=shipment.late,
        at_risk=shipment.at_risk,
        label_document_id=shipment.label_document_id,
        events=[
            EventOut(
                status=e.status,
                status_label=str(ShipmentStatus(e.status).label),
                description=e.description,
                location=e.location,
                occurred_at=e.occurred_at,
            )
            for e in selectors.tracking_history(shipment)
        ],
        proof=ProofOut(
            received_by=proof.received_by,
            document=proof.document,
            delivered_at=proof.delivered_at,
            photo_document_id=proof.photo_document_id,
            signature_document_id=proof.signature_document_id,
        )
        if proof
        else None,
    )


def promise_out(promise: DeliveryPromise) -> PromiseOut:
    return PromiseOut(
        order=promise.order.number,
        service=promise.service.code,
        promised_date=promise.promised_date,
        processing_days=promise.processing_days,
        supplier_days=promise.supplier_days,
        carrier_days=promise.carrier_days,
        revisions=[
            RevisionOut(
                previous_date=r.previous_date,
                new_date=r.new_date,
                reason=r.reason,
                by=r.actor_label,
                at=r.created_at,
            )
            for r in promise.revisions.order_by("id")
        ],
    )


@router.post("/quote", response={200: list[QuoteOptionOut], **ERRORS}, summary="Quote delivery")
def quote(request: HttpRequest, payload: QuoteIn) -> list[QuoteOptionOut]:
    """Every service that delivers these items to the CEP, cheapest first, with the date
    the customer would be promised today."""
    authorise(request, scope=READ, role=Role.CUSTOMER_SERVICE)
    options = services.quote(
        cep=payload.cep, lines=[(line.sku.strip().upper(), line.quantity) for line in payload.lines]
    )
    return [
        QuoteOptionOut(
            service=o.service,
            service_name=o.service_name,
            carrier=o.carrier,
            carrier_name=o.carrier_name,
            price=str(o.price),
            business_days=o.business_days,
            promised_date=o.promised_date,
            packages=o.packages,
        )
        for o in options
    ]


@router.post("/orders/{number}/delivery", response={200: ChoiceIn, **ERRORS})
@idempotent(required=False)
def choose(request: HttpRequest, number: str, payload: ChoiceIn) -> ChoiceIn:
    """The customer's delivery option (a carrier service or pickup at a store), before
    the order is validated; one of the options the quote offers for the order."""
    authorise(request, scope="orders:write", role=Role.CUSTOMER_SERVICE)
    choice = services.delivery_choose(order_id=_order(number).pk, service_code=payload.service)
    return ChoiceIn(service=choice.service.code)


@router.get("/orders/{number}/promise", response={200: PromiseOut, **ERRORS})
def promise(request: HttpRequest, number: str) -> PromiseOut:
    authorise(request, scope=READ, role=Role.CUSTOMER_SERVICE)
    found = DeliveryPromise.objects.filter(order=_order(number)).first()
    if found is None:
        raise NotFound("no promise yet", code="promise_not_found")
    return promise_out(found)


@router.post("/orders/{number}/promise", response={200: PromiseOut, **ERRORS})
@idempotent(required=False)
def promise_revise(request: HttpRequest, number: str, payload: ReviseIn) -> PromiseOut:
    """Change the promised date openly: the revision keeps the old date and the reason."""
    actor = authorise(request, scope=WRITE, role=Role.CUSTOMER_SERVICE)
    revised = services.delivery_promise_revise(
        order_id=_order(number).pk,
        promised_date=payload.promised_date,
        reason=payload.reason,
        actor_label=actor.label,
    )
    return promise_out(revised)


@router.post("/orders/{number}/shipments", response={201: ShipmentOut, **ERRORS})
@idempotent(required=False)
def ship(request: HttpRequest, number: str, payload: ShipIn) -> Status[ShipmentOut]:
    """Hand packed packages to the carrier: tracking code and label."""
    actor = authorise(request, scope=WRITE, role=Role.WAREHOUSE)
    created = shipments.shipment_create(
        order_id=_order(number).pk,
        actor=actor,
        package_ids=payload.package_ids,
        service_code=payload.service,
    )
    return Status(201, shipment_out(_shipment(created.tracking_code)))


@router.get("/shipments/{code}", response={200: ShipmentOut, **ERRORS})
def shipment_detail(request: HttpRequest, code: str) -> ShipmentOut:
    authorise(request, scope=READ, role=Role.CUSTOMER_SERVICE)
    return shipment_out(_shipment(code))


@router.get("/shipments/{code}/label", response={200: None, **ERRORS}, summary="Label (PDF)")
def label(request: HttpRequest, code: str) -> HttpResponse:
    authorise(request, scope=READ, role=Role.WAREHOUSE)
    document_id = _shipment(code).label_document_id
    document = Document.objects.filter(pk=document_id).first() if document_id else None
    if document is None:
        raise NotFound("this shipment has no label", code="document_not_found")
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return response


def _image(value: str | None, field: str) -> bytes | None:
    if value is None:
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise DomainError(
            "invalid image", code="validation_error", fields={field: ["Send base64."]}
        ) from None


@router.post("/shipments/{code}/delivery", response={200: ShipmentOut, **ERRORS})
@idempotent(required=False)
def record_delivery(request: HttpRequest, code: str, payload: DeliveryIn) -> ShipmentOut:
    """Proof of delivery recorded by staff: store pickup, or a carrier without one."""
    actor = authorise(request, scope=WRITE, role=Role.CUSTOMER_SERVICE)
    shipments.shipment_record_delivery(
        shipment_id=_shipment(code).pk,
        received_by=payload.received_by,
        document=payload.document,
        delivered_at=payload.delivered_at,
        photo=_image(payload.photo_base64, "photo_base64"),
        signature=_image(payload.signature_base64, "signature_base64"),
        actor=actor,
    )
    return shipment_out(_shipment(code))


@router.post("/rates", response={200: RatesOut, **ERRORS}, summary="Import a rate table (CSV)")
@idempotent(required=False)
def rates_import(request: HttpRequest, payload: RatesIn) -> RatesOut:
    """Replaces the service's table; columns cep_start, cep_end, weight_max_grams, price,
    business_days. Every bad cell is named (``rows.3.price``); nothing is written then."""
    authorise(request, scope=WRITE, role=Role.OWNER)
    rows = services.rates_import(service_code=payload.service, csv_text=payload.csv)
    return RatesOut(service=payload.service, rows=rows)


@router.post("/manifests", response={200: ManifestOut, **ERRORS}, summary="Daily manifest")
@idempotent(required=False)
def manifest(request: HttpRequest, payload: ManifestIn) -> ManifestOut:
    authorise(request, scope=WRITE, role=Role.WAREHOUSE)
    made = sla.manifest_create(carrier_code=payload.carrier, date=payload.date)
    return ManifestOut(
        carrier=payload.carrier,
        date=payload.date,
        shipments=list(
            made.shipments.order_by("tracking_code").values_list("tracking_code", flat=True)
        ),
        document_id=made.document_id,
    )


@router.get("/late", response={200: list[ShipmentOut], **ERRORS}, summary="Late shipments")
def late(request: HttpRequest, at_risk: bool = False) -> list[ShipmentOut]:
    """Past the promise (``at_risk=true``: not late yet, but quiet or estimated late)."""
    authorise(request, scope=READ, role=Role.CUSTOMER_SERVICE)
    query = selectors.shipments_at_risk() if at_risk else selectors.shipments_late()
    return [shipment_out(s) for s in query[:200]]


@router.get("/on-time", response={200: list[OnTimeOut], **ERRORS}, summary="On-time rate")
def on_time(request: HttpRequest, days: int = 30) -> list[OnTimeOut]:
    authorise(request, scope=READ, role=Role.CUSTOMER_SERVICE)
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=max(days, 1))
    return [
        OnTimeOut(
            carrier=r.carrier, delivered=r.delivered, on_time=r.on_time, rate=round(r.rate, 4)
        )
        for r in selectors.on_time_by_carrier(since=since)
    ]


class UnshippedOut(Schema):
    order: str
    status: str
    promised_date: dt.date
    ship_by: dt.date


@router.get("/at-risk-unshipped", response={200: list[UnshippedOut], **ERRORS})
def at_risk_unshipped(request: HttpRequest) -> list[UnshippedOut]:
    """Orders still in the building that can no longer leave in time for their promise."""
    authorise(request, scope=READ, role=Role.CUSTOMER_SERVICE)
    today = local_date(dt.datetime.now(dt.UTC))
    return [
        UnshippedOut(
            order=r.number, status=r.status, promised_date=r.promised_date, ship_by=r.ship_by
        )
        for r in selectors.orders_at_risk_before_shipping(today=today)
    ]


class WebhookOut(Schema):
    stored: int


@webhook_router.post("/{carrier}", response={200: WebhookOut, **ERRORS}, summary="Carrier webhook")
def carrier_webhook(request: HttpRequest, carrier: str) -> WebhookOut:
    """Signed (Standard Webhooks: ``webhook-id``, ``webhook-timestamp``,
    ``webhook-signature``); a redelivered id is acknowledged and changes nothing."""
    headers = {
        name: request.headers.get(name, "")
        for name in ("webhook-id", "webhook-timestamp", "webhook-signature", "x-me-signature")
    }
    stored = shipments.webhook_receive(carrier_code=carrier, headers=headers, body=request.body)
    return WebhookOut(stored=stored)

"""``/api/v1/validation``: the hold queue, approvals and rejections (customer service)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from pydantic import ConfigDict, Field

from jornada.api.idempotency import idempotent
from jornada.api.schemas import ErrorOut
from jornada.core.errors import NotFound
from jornada.core.models import Document
from jornada.core.roles import Role
from jornada.fulfillment.permissions import authorise
from jornada.orders.models import Order
from jornada.orders.selectors import order_get_by_number
from jornada.validation import selectors, services
from jornada.validation.models import ValidationResult
from jornada.validation.risk import LABELS

router = Router(tags=["validation"])
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
READ, WRITE = "validation:read", "validation:write"


class ApproveIn(Schema):
    model_config = ConfigDict(extra="forbid")
    note: str = Field(default="", max_length=300)


class RejectIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(max_length=300)


class ReasonOut(Schema):
    code: str
    points: int
    detail: str
    label: str


class ValidationOut(Schema):
    order: str
    order_status: str
    score: int
    decision: str
    reasons: list[ReasonOut]
    decided_by: str
    note: str
    checked_at: dt.datetime
    decided_at: dt.datetime | None
    report_document_id: int | None


def validation_out(result: ValidationResult) -> ValidationOut:
    return ValidationOut(
        order=result.order.number,
        order_status=result.order.status,
        score=result.score,
        decision=result.decision,
        reasons=[
            ReasonOut(
                code=r["code"],
                points=r["points"],
                detail=r.get("detail", ""),
                label=str(LABELS.get(r["code"], r["code"])),
            )
            for r in result.reasons
        ],
        decided_by=result.decided_by,
        note=result.decision_note,
        checked_at=result.checked_at,
        decided_at=result.decided_at,
        report_document_id=result.report_document_id,
    )


def _order(number: str) -> Order:
    order = order_get_by_number(number=number)
    if order is None:
        raise NotFound("order not found", code="order_not_found")
    return order


@router.get("/holds", response={200: list[ValidationOut], **ERRORS}, summary="Orders on hold")
def holds(request: HttpRequest) -> list[ValidationOut]:
    """Waiting for review: highest score first, then oldest."""
    authorise(request, scope=READ, role=Role.CUSTOMER_SERVICE)
    return [validation_out(r) for r in selectors.holds_pending()[:200]]


@router.get("/orders/{number}", response={200: ValidationOut, **ERRORS})
def validation_detail(request: HttpRequest, number: str) -> ValidationOut:
    authorise(request, scope=READ, role=Role.CUSTOMER_SERVICE)
    return validation_out(services.validation_get(order_id=_order(number).pk))


@router.post("/orders/{number}/approve", response={200: ValidationOut, **ERRORS})
@idempotent(required=False)
def approve(request: HttpRequest, number: str, payload: ApproveIn) -> ValidationOut:
    """The order is validated: promise fixed, report printed, fulfilment may start."""
    actor = authorise(request, scope=WRITE, role=Role.CUSTOMER_SERVICE)
    result = services.order_hold_approve(order_id=_order(number).pk, actor=actor, note=payload.note)
    result.order.refresh_from_db()
    return validation_out(result)


@router.post("/orders/{number}/reject", response={200: ValidationOut, **ERRORS})
@idempotent(required=False)
def reject(request: HttpRequest, number: str, payload: RejectIn) -> ValidationOut:
    """The order is cancelled with the reason; refund and stock release follow."""
    actor = authorise(request, scope=WRITE, role=Role.CUSTOMER_SERVICE)
    result = services.order_hold_reject(
        order_id=_order(number).pk, actor=actor, reason=payload.reason
    )
    result.order.refresh_from_db()
    return validation_out(result)


@router.get("/orders/{number}/report", response={200: None, **ERRORS}, summary="Order report")
def report(request: HttpRequest, number: str) -> HttpResponse:
    authorise(request, scope=READ, role=Role.CUSTOMER_SERVICE)
    result = services.validation_get(order_id=_order(number).pk)
    document_id = result.report_document_id
    document = Document.objects.filter(pk=document_id).first() if document_id else None
    if document is None:
        raise NotFound("the order is not validated yet", code="document_not_found")
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return response

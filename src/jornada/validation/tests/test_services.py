"""Validation of paid orders: automatic, on hold, approved, rejected; the order report."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from jornada.brazil.documents import cpf_mask
from jornada.core.errors import DomainError, TransitionNotAllowed
from jornada.core.models import Document, OutboxEvent
from jornada.orders.models import Order
from jornada.orders.types import Actor, LineInput
from jornada.shipping.models import DeliveryPromise, RateRow
from jornada.shipping.tests.journey import (
    document_content,
    drain,
    place_and_pay,
    statuses,
    timeline,
)
from jornada.shipping.tests.pdf import flat, pdf_text
from jornada.validation.models import Decision, ValidationResult
from jornada.validation.services import order_hold_approve, order_hold_reject, order_validation_run

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 24, 13, 0, tzinfo=dt.UTC)  # Tuesday, 10:00 in São Paulo
CS = Actor(kind="staff", label="carla")


def events_of(order: Order, prefix: str) -> list[OutboxEvent]:
    return list(
        OutboxEvent.objects.filter(
            aggregate=f"order:{order.pk}", event_type__startswith=prefix
        ).order_by("occurred_at")
    )


def test_a_clean_paid_order_validates_itself_with_its_report_and_promise(catalog, wiring):
    # given
    with time_machine.travel(T0, tick=False):
        order = place_and_pay()

        # when the worker delivers OrderStatusChanged(paid)
        drain()

    # then
    order.refresh_from_db()
    assert order.status == "validated"
    result = ValidationResult.objects.get(order=order)
    assert (result.score, result.reasons, result.decision, result.decided_by) == (
        0,
        [],
        Decision.VALIDATED,
        "Jornada",
    )
    promise = DeliveryPromise.objects.get(order=order)
    assert (promise.service.code, promise.promised_date) == ("correios-pac", dt.date(2026, 12, 1))
    assert timeline(order)[-1] == ("status_changed", {"from": "paid", "to": "validated"})
    [validated] = events_of(order, "validation.")
    assert validated.event_type == "validation.OrderValidated"
    assert validated.payload == {
        "order_id": order.pk,
        "number": order.number,
        "promised_date": "2026-12-01",
        "report_document_id": result.report_document_id,
    }
    assert result.report_document_id is not None
    report = Document.objects.get(pk=result.report_document_id)
    assert (report.kind, report.order_id, report.filename) == (
        "order_report",
        order.pk,
        f"pedido-{order.number}.pdf",
    )


def test_the_order_report_says_who_bought_what_how_it_was_paid_and_when_it_arrives(catalog):
    with time_machine.travel(T0, tick=False):
        order = place_and_pay()
        result = order_validation_run(order_id=order.pk)
    assert result is not None

    text = flat(pdf_text(document_content(result.report_document_id)))
    assert f"Pedido {order.number}" in text
    assert "Maria da Silva" in text
    assert f"CPF/CNPJ: {cpf_mask(order.customer_document)}" in text
    assert order.customer_document not in text  # never the whole document
    assert "Pagamento: credit card em 3x" in text or "Pagamento: cartão de crédito em 3x" in text
    assert "CAM-M Camiseta Jornada 2 R$ 59,90 R$ 119,80" in text
    assert "CANECA Caneca de cerâmica 1 R$ 39,90 R$ 39,90" in text
    assert f"Total R$ {order.grand_total:.2f}".replace(".", ",") in text
    assert "Entrega prevista até 01/12/2026 (Correios PAC)" in text


def test_a_risky_order_goes_on_hold_with_its_score_and_reasons(catalog, wiring):
    # a first purchase of high value
    order = place_and_pay(lines=(LineInput("CAMERA", 1),))

    drain()

    order.refresh_from_db()
    assert order.status == "on_hold"
    result = ValidationResult.objects.get(order=order)
    assert (result.score, result.decision, result.report_document_id) == (35, Decision.HELD, None)
    assert result.reasons == [
        {"code": "first_purchase_high_value", "points": 35, "detail": str(order.grand_total)}
    ]
    assert timeline(order)[-1] == (
        "status_changed",
        {"from": "paid", "to": "on_hold", "reason": "score 35: first_purchase_high_value"},
    )
    [held] = events_of(order, "validation.")
    assert held.payload == {
        "order_id": order.pk,
        "number": order.number,
        "score": 35,
        "reasons": ["first_purchase_high_value"],
    }
    assert not Document.objects.filter(order_id=order.pk).exists()


def test_customer_service_approves_a_held_order(catalog):
    order = place_and_pay(lines=(LineInput("CAMERA", 1),))
    order_validation_run(order_id=order.pk)

    result = order_hold_approve(order_id=order.pk, actor=CS, note="Cliente confirmou por telefone")

    order.refresh_from_db()
    assert order.status == "validated"
    assert (result.decision, result.decided_by, result.decision_note) == (
        Decision.APPROVED,
        "carla",
        "Cliente confirmou por telefone",
    )
    assert statuses(order) == ["paid", "on_hold", "validated"]
    assert timeline(order)[-1] == (
        "status_changed",
        {"from": "on_hold", "to": "validated", "reason": "Cliente confirmou por telefone"},
    )
    assert [e.event_type for e in events_of(order, "validation.")] == [
        "validation.OrderHeld",
        "validation.OrderValidated",
    ]
    assert Document.objects.filter(order_id=order.pk, kind="order_report").count() == 1


def test_customer_service_rejects_a_held_order_which_is_cancelled(catalog):
    order = place_and_pay(lines=(LineInput("CAMERA", 1),))
    order_validation_run(order_id=order.pk)

    order_hold_reject(order_id=order.pk, actor=CS, reason="Documento de terceiro")

    order.refresh_from_db()
    assert (order.status, order.cancel_reason) == ("cancelled", "Documento de terceiro")
    assert timeline(order)[-1] == (
        "cancelled",
        {"from": "on_hold", "reason": "Documento de terceiro"},
    )
    rejected = events_of(order, "validation.")[-1]
    assert rejected.payload == {
        "order_id": order.pk,
        "number": order.number,
        "reason": "Documento de terceiro",
    }
    # payments refund and inventory releases stock on this event (their handlers)
    cancelled = OutboxEvent.objects.get(
        event_type="orders.OrderCancelled", aggregate=f"order:{order.pk}"
    )
    assert cancelled.payload["reason"] == "Documento de terceiro"


def test_a_rejection_without_a_reason_is_refused_and_nothing_changes(catalog):
    order = place_and_pay(lines=(LineInput("CAMERA", 1),))
    order_validation_run(order_id=order.pk)
    before = OutboxEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        order_hold_reject(order_id=order.pk, actor=CS, reason="  ")

    assert set(refused.value.fields) == {"reason"}
    order.refresh_from_db()
    assert order.status == "on_hold"
    assert ValidationResult.objects.get(order=order).decision == Decision.HELD
    assert OutboxEvent.objects.count() == before


def test_an_order_not_on_hold_cannot_be_approved_or_rejected(catalog):
    order = place_and_pay()
    order_validation_run(order_id=order.pk)
    before = OutboxEvent.objects.count()

    with pytest.raises(TransitionNotAllowed):
        order_hold_approve(order_id=order.pk, actor=CS)
    with pytest.raises(TransitionNotAllowed):
        order_hold_reject(order_id=order.pk, actor=CS, reason="x")

    order.refresh_from_db()
    assert order.status == "validated"
    assert OutboxEvent.objects.count() == before


def test_a_repeated_paid_event_checks_the_order_only_once(catalog):
    order = place_and_pay()

    first = order_validation_run(order_id=order.pk)
    second = order_validation_run(order_id=order.pk)

    assert first is not None and second is None
    assert ValidationResult.objects.filter(order=order).count() == 1
    assert Document.objects.filter(order_id=order.pk).count() == 1


def test_an_address_no_carrier_serves_goes_on_hold(catalog):
    RateRow.objects.all().delete()
    order = place_and_pay()

    result = order_validation_run(order_id=order.pk)

    assert result is not None
    assert [r["code"] for r in result.reasons] == ["no_carrier"]
    order.refresh_from_db()
    assert order.status == "on_hold"
    assert not DeliveryPromise.objects.exists()


def test_the_same_document_under_another_name_and_many_orders_add_up(catalog):
    document = "52998224725"
    place_and_pay(document=document)
    place_and_pay(document=document)
    place_and_pay(document=document)
    order = place_and_pay(document=document, name="José Pereira")

    result = order_validation_run(order_id=order.pk)

    assert result is not None
    assert {r["code"] for r in result.reasons} >= {"document_velocity", "address_velocity"}
    assert result.decision == Decision.HELD


def test_an_item_that_fits_no_box_holds_the_order_instead_of_failing(catalog):
    from jornada.fulfillment.models import Box

    Box.objects.update(is_active=False)
    order = place_and_pay()

    result = order_validation_run(order_id=order.pk)

    assert result is not None and [r["code"] for r in result.reasons] == ["no_carrier"]
    order.refresh_from_db()
    assert order.status == "on_hold"
    with pytest.raises(DomainError):
        order_hold_approve(order_id=order.pk, actor=CS)
    order.refresh_from_db()
    assert order.status == "on_hold"

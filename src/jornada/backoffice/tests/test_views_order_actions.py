"""Order page actions owned by other apps: approve / reject a held order (validation),
refund a payment (payments), and the payment panel."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jornada.backoffice.models import StaffAction
from jornada.orders.models import Order, OrderEvent
from jornada.orders.types import LineInput
from jornada.payments.adapters.sandbox import sandbox_card_token
from jornada.payments.models import Payment, Refund
from jornada.payments.services import CardInput, payment_card_submit
from jornada.payments.tests.conftest import drain, payments_world  # noqa: F401
from jornada.shipping.tests.journey import place, place_and_pay, store_catalog
from jornada.validation.models import Decision, ValidationResult
from jornada.validation.services import order_validation_run

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def store(db: Any) -> Any:
    return store_catalog()


@pytest.fixture
def held(store: Any) -> Order:
    order = place_and_pay(lines=(LineInput("CAMERA", 1),))
    order_validation_run(order_id=order.pk)
    order.refresh_from_db()
    assert order.status == "on_hold"
    return order


@pytest.fixture
def paid(store: Any) -> Payment:
    order = place(payment_method="credit_card", instalments=1)
    drain()
    payment_card_submit(
        order_id=order.pk,
        card=CardInput(
            token=sandbox_card_token("5555555555554444"), brand="mastercard", last4="4444"
        ),
    )
    drain()
    return Payment.objects.get(order=order, status="paid")


def url(name: str, order: Order) -> str:
    return reverse(f"backoffice:{name}", args=[order.number])


# --- approve / reject ------------------------------------------------------------------


def test_customer_service_sees_approve_and_reject_on_a_held_order(client, agent, held):
    client.force_login(agent)
    body = client.get(url("order_detail", held)).content.decode()
    assert url("order_approve", held) in body
    assert url("order_reject", held) in body


def test_warehouse_and_finance_see_no_approve_button(client, packer, make_staff, held):
    for user in (packer, make_staff("fabio", "finance")):
        client.force_login(user)
        body = client.get(url("order_detail", held)).content.decode()
        assert url("order_approve", held) not in body


def test_approving_a_held_order_validates_it_and_logs_it(client, agent, held):
    client.force_login(agent)
    response = client.post(
        url("order_approve", held), {"approve-note": "Cliente conhecido"}, **HTMX
    )
    assert response.status_code == 200, response.content
    held.refresh_from_db()
    assert held.status == "validated"
    result = ValidationResult.objects.get(order=held)
    assert result.decision == Decision.APPROVED
    assert result.decision_note == "Cliente conhecido"
    action = StaffAction.objects.get()
    assert (action.kind, action.order_number, action.user_id) == (
        "order_hold_approved",
        held.number,
        agent.pk,
    )
    assert 'data-status="validated"' in response.content.decode()
    assert url("order_approve", held) not in response.content.decode()


def test_rejecting_needs_a_reason_and_cancels_the_order(client, agent, held):
    client.force_login(agent)
    refused = client.post(url("order_reject", held), {"reject-reason": " "}, **HTMX)
    assert refused.status_code == 422
    assert not StaffAction.objects.exists()
    response = client.post(url("order_reject", held), {"reject-reason": "Fraude provável"}, **HTMX)
    assert response.status_code == 200
    held.refresh_from_db()
    assert held.status == "cancelled"
    assert ValidationResult.objects.get(order=held).decision == Decision.REJECTED
    assert StaffAction.objects.get().kind == "order_hold_rejected"


def test_warehouse_cannot_approve_and_nothing_changes(client, packer, held):
    client.force_login(packer)
    response = client.post(url("order_approve", held), {}, **HTMX)
    assert response.status_code == 403
    held.refresh_from_db()
    assert held.status == "on_hold"
    assert ValidationResult.objects.get(order=held).decision == Decision.HELD
    assert not StaffAction.objects.exists()


def test_approving_an_order_not_held_is_refused_and_nothing_changes(client, agent, store):
    order = place_and_pay()
    client.force_login(agent)
    events = OrderEvent.objects.filter(order=order).count()
    response = client.post(url("order_approve", order), {}, **HTMX)
    assert response.status_code == 409
    order.refresh_from_db()
    assert order.status == "paid"
    assert OrderEvent.objects.filter(order=order).count() == events
    assert not StaffAction.objects.exists()


# --- payment panel and refunds ---------------------------------------------------------


def test_payment_panel_shows_method_status_and_instalments(client, make_staff, paid):
    client.force_login(make_staff("fabio", "finance"))
    body = client.get(url("order_detail", paid.order)).content.decode()
    assert 'class="card panel panel-payment"' in body
    assert 'data-payment-status="paid"' in body
    assert "4444" in body
    assert url("order_refund", paid.order) in body


def test_customer_service_sees_the_payment_but_no_refund_form(client, agent, paid):
    client.force_login(agent)
    body = client.get(url("order_detail", paid.order)).content.decode()
    assert "panel-payment" in body
    assert url("order_refund", paid.order) not in body


def test_warehouse_sees_no_payment_panel(client, packer, paid):
    client.force_login(packer)
    body = client.get(url("order_detail", paid.order)).content.decode()
    assert "panel-payment" not in body


def test_finance_refunds_part_of_a_payment_through_payments(client, make_staff, paid):
    finance = make_staff("fabio", "finance")
    client.force_login(finance)
    response = client.post(
        url("order_refund", paid.order),
        {"payment": paid.pk, "amount": "10,00", "reason": "Item com defeito"},
    )
    assert response.status_code == 302
    refund = Refund.objects.get()
    assert (refund.status, str(refund.amount)) == ("issued", "10.00")
    paid.refresh_from_db()
    assert paid.status == "partially_refunded"
    action = StaffAction.objects.get()
    assert action.kind == "refund_requested"
    assert action.params["amount"] == "10.00"


def test_a_warehouse_user_cannot_refund_and_nothing_is_written(client, packer, paid):
    client.force_login(packer)
    response = client.post(url("order_refund", paid.order), {"payment": paid.pk, "reason": "x"})
    assert response.status_code == 403
    assert not Refund.objects.exists()
    assert not StaffAction.objects.exists()
    paid.refresh_from_db()
    assert paid.status == "paid"


def test_a_refund_without_reason_or_above_the_paid_amount_is_refused(client, make_staff, paid):
    client.force_login(make_staff("fabio", "finance"))
    for data in (
        {"reason": ""},
        {"reason": "x", "amount": "999999"},
        {"reason": "x", "amount": "a"},
    ):
        response = client.post(url("order_refund", paid.order), {"payment": paid.pk, **data})
        assert response.status_code == 302
    assert not Refund.objects.exists()
    assert not StaffAction.objects.exists()


def test_a_payment_of_another_order_cannot_be_refunded_here(client, make_staff, paid, store):
    other = place()
    client.force_login(make_staff("fabio", "finance"))
    client.post(url("order_refund", other), {"payment": paid.pk, "reason": "x"})
    assert not Refund.objects.exists()
    assert not StaffAction.objects.exists()

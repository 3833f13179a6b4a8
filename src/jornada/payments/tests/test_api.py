"""The payments API: the customer's payment page data, card tokens only, refunds."""

from __future__ import annotations

import logging
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from jornada.api.services import api_key_create
from jornada.orders.selectors import order_access_token
from jornada.payments.adapters.sandbox import sandbox_card_token
from jornada.payments.cards import find_card_numbers
from jornada.payments.models import Payment, PaymentAttempt, Refund
from jornada.payments.tests.conftest import drain

pytestmark = pytest.mark.django_db


def my(order, path: str = "") -> str:
    return f"/api/v1/my/orders/{order.number}/payments{path}?token={order_access_token(order)}"


def card_body(**overrides):
    body = {
        "card_token": sandbox_card_token("4111111111111111"),
        "brand": "visa",
        "last4": "1111",
        "instalments": 2,
    }
    body.update(overrides)
    return body


def test_the_customer_sees_the_pix_code_and_its_qr(place):
    # given a Pix the sandbox will not pay by itself
    order = place("pix")
    order.customer_email = "maria+expire@example.com.br"
    order.save()
    drain()

    # when
    response = Client().get(my(order))

    # then
    assert response.status_code == 200
    [payment] = response.json()
    assert payment["method"] == "pix" and payment["status"] == "pending"
    assert payment["pix_copy_paste"].startswith("000201")
    assert payment["pix_qr_svg"].startswith("<svg")
    assert Decimal(payment["amount"]) == order.grand_total


def test_a_wrong_token_sees_nothing(place):
    order = place("pix")
    drain()
    response = Client().get(f"/api/v1/my/orders/{order.number}/payments?token=forged")
    assert response.status_code == 404


def test_the_customer_downloads_the_boleto_pdf(place):
    order = place("boleto")
    drain()
    payment = Payment.objects.get(order=order)
    response = Client().get(my(order, f"/{payment.pk}/boleto.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_instalment_table_is_what_would_be_charged(place):
    order = place("credit_card")
    response = Client().get(my(order, "/options"))
    options = response.json()
    assert options[0]["count"] == 1 and Decimal(options[0]["total"]) == order.grand_total
    for option in options:
        assert (
            Decimal(option["instalment"]) * option["count"]
            >= Decimal(option["total"]) - Decimal("0.01") * option["count"]
        )


def test_the_customer_pays_by_card_token_in_two_instalments(place):
    # given
    order = place("credit_card", instalments=1)
    drain()

    # when
    response = Client().post(my(order, "/card"), data=card_body(), content_type="application/json")
    drain()

    # then
    assert response.status_code == 201, response.content
    assert response.json()["instalments"] == 2
    payment = Payment.objects.get(order=order)
    assert payment.status == "paid" and payment.instalments == 2
    assert sum(Decimal(v) for v in payment.instalment_amounts) == payment.amount


def test_bad_card_fields_are_named_translated_and_nothing_is_written(place):
    # given
    order = place("credit_card", instalments=1)
    drain()

    # when
    response = Client().post(
        my(order, "/card"),
        data=card_body(brand="bogus", last4="12a4", instalments=20),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="pt-br",
    )

    # then
    assert response.status_code == 422
    error = response.json()["error"]
    assert set(error["fields"]) == {"brand", "last4", "instalments"}
    assert error["fields"]["last4"] == ["Informe os 4 últimos dígitos do cartão."]
    assert not PaymentAttempt.objects.exists()
    assert Payment.objects.get(order=order).reference == ""


def test_a_cvv_field_is_refused_by_name(place):
    order = place("credit_card", instalments=1)
    drain()
    response = Client().post(
        my(order, "/card"), data=card_body(cvv="123"), content_type="application/json"
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["cvv"]
    assert not PaymentAttempt.objects.exists()


LUHN_RUN = re.compile(r"(?<![0-9A-Za-z])(?:\d[ -]?){12,18}\d(?![0-9A-Za-z])")


def _database_text() -> str:
    """Every text and JSON value of every table, as one string."""
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            columns = [
                str(f.column)
                for f in model._meta.concrete_fields
                if f.get_internal_type() in ("CharField", "TextField", "JSONField")
            ]
            if not columns:
                continue
            cursor.execute(f"SELECT {', '.join(columns)} FROM {table}")
            for row in cursor.fetchall():
                chunks.extend(str(value) for value in row if value is not None)
    return "\n".join(chunks)


def test_a_card_number_is_refused_and_found_nowhere_after_a_card_payment(place, caplog):
    # given an order, and a client that sends the card number along
    caplog.set_level(logging.DEBUG)
    order = place("credit_card", instalments=1)
    drain()
    pan = "4111 1111 1111 1111"

    # when
    refused = Client().post(
        my(order, "/card"),
        data=card_body(holder={"card_number": pan}),
        content_type="application/json",
    )
    paid = Client().post(my(order, "/card"), data=card_body(), content_type="application/json")
    drain()

    # then the first is refused naming the field, the second pays
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "card_number_refused"
    assert list(refused.json()["error"]["fields"]) == ["holder.card_number"]
    assert paid.status_code == 201
    assert Payment.objects.get(order=order).status == "paid"
    # and no card number is in the database or the logs
    assert list(find_card_numbers(_database_text())) == []
    assert list(find_card_numbers(caplog.text)) == []
    assert "4111" not in refused.content.decode()


def test_staff_see_an_orders_payments_and_an_api_key_may_only_ask_for_refunds(place, finance_user):
    # given a paid Pix order and an API key with payment scopes
    order = place("pix")
    drain()
    payment = Payment.objects.get(order=order)
    _, key = api_key_create(name="erp", scopes=["payments:read", "payments:write"])
    auth = {"Authorization": f"Bearer {key}"}

    # when
    listed = Client().get(f"/api/v1/payments/orders/{order.number}", headers=auth)
    asked = Client().post(
        f"/api/v1/payments/{payment.pk}/refunds",
        data={"amount": "5.00", "reason": "late delivery"},
        content_type="application/json",
        headers=auth,
    )
    approve = Client().post(f"/api/v1/payments/refunds/{asked.json()['id']}/approve", headers=auth)

    # then
    assert listed.status_code == 200 and listed.json()[0]["status"] == "paid"
    assert asked.status_code == 201 and asked.json()["status"] == "requested"
    assert approve.status_code == 403
    assert Refund.objects.get().status == "requested"

    # when finance approves in the back office
    client = Client()
    client.force_login(finance_user)
    approved = client.post(f"/api/v1/payments/refunds/{asked.json()['id']}/approve")

    # then
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "issued"
    assert Payment.objects.get(pk=payment.pk).refunded_amount == Decimal("5.00")


def test_a_refund_with_bad_fields_names_them(place, finance_user):
    order = place("pix")
    drain()
    payment = Payment.objects.get(order=order)
    client = Client()
    client.force_login(finance_user)
    response = client.post(
        f"/api/v1/payments/{payment.pk}/refunds",
        data={"amount": "99999.00", "reason": "x", "destination": "cash"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"amount", "destination"}
    assert not Refund.objects.exists()


def test_errors_follow_the_customers_language(place):
    order = place("credit_card", instalments=1)
    drain()
    response = Client().post(
        my(order, "/card"),
        data=card_body(last4="x"),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 422
    # pydantic's own length check first (translated by the API layer), then ours
    assert response.json()["error"]["fields"]["last4"] == ["Introduce al menos 4 caracteres."]
    response = Client().post(
        my(order, "/card"),
        data=card_body(last4="12ab"),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.json()["error"]["fields"]["last4"] == [
        "Introduce los 4 últimos dígitos de la tarjeta."
    ]

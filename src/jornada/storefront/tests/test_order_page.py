"""The customer's order page, reached from the link in every message."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from jornada.brazil.documents import cpf_generate
from jornada.core.documents import document_store
from jornada.core.store import store_profile_update
from jornada.core.testing import worker_drain
from jornada.customers.types import CustomerInput
from jornada.notifications.rendering import order_url
from jornada.orders.models import Order
from jornada.orders.selectors import order_access_token
from jornada.orders.services import order_add_note, order_cancel, order_place
from jornada.orders.types import Actor
from jornada.payments.adapters import sandbox_delivery
from jornada.payments.adapters.sandbox import sandbox_card_token
from jornada.payments.models import Payment
from jornada.payments.services import CardInput, payment_card_submit
from jornada.payments.tests.conftest import client_transport
from jornada.shipping.tests.journey import order_input, store_catalog

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC)
STAFF = Actor(kind="staff", label="ana")


@pytest.fixture
def world(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.PAYMENT_GATEWAY = "sandbox"
    settings.SANDBOX_CONFIRM_SECONDS = 0
    settings.SANDBOX_WEBHOOK_URL = ""
    monkeypatch.setattr(sandbox_delivery, "transport_factory", client_transport)
    store_catalog()


def page_url(order: Order, token: str | None = None) -> str:
    token = order_access_token(order) if token is None else token
    return reverse("storefront:order", args=[order.number]) + f"?token={token}"


def open_page(order: Order, token: str | None = None) -> Any:
    return Client().get(page_url(order, token))


def test_the_link_in_the_messages_opens_the_order_page(world: None) -> None:
    order = order_place(data=order_input(), actor=Actor.customer()).order

    url = urlsplit(order_url(order))
    response = Client().get(f"{url.path}?{url.query}")

    assert response.status_code == 200
    assert f"Pedido {order.number}" in response.content.decode()


def test_a_pix_order_awaiting_payment_shows_how_to_pay(world: None) -> None:
    with time_machine.travel(MONDAY, tick=False):
        order = order_place(
            data=order_input(payment_method="pix", instalments=1), actor=Actor.customer()
        ).order
        worker_drain()
        payment = Payment.objects.get(order=order)

        response = open_page(order)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Aguardando pagamento" in html
    assert payment.pix_copy_paste
    assert f'value="{payment.pix_copy_paste}"' in html
    assert "<svg" in html  # the QR code
    assert "R$ 159,70" in html  # 2 x 59.90 + 39.90 in pt-BR money
    assert "Copiar código" in html


def test_a_paid_and_validated_order_shows_progress_promise_and_its_summary_pdf(
    world: None,
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        order = order_place(data=order_input(), actor=Actor.customer()).order
        worker_drain()
        payment_card_submit(
            order_id=order.pk,
            card=CardInput(
                token=sandbox_card_token("4111111111111111"), brand="visa", last4="1111"
            ),
        )
        worker_drain()
        order.refresh_from_db()
        assert order.status == "validated"
        order_add_note(order_id=order.pk, text="cliente VIP, conferir embalagem", actor=STAFF)

        response = open_page(order)

    html = response.content.decode()
    assert "Em preparação" in html
    assert 'aria-current="step"' in html
    assert "Entrega prevista até" in html
    assert "Visa •••• 1111" in html
    assert "3× de" in html  # noqa: RUF001
    assert "Pagamento confirmado" in html  # on the history
    assert "cliente VIP" not in html  # staff notes stay with the staff
    assert "Maria da Silva" in html
    assert order.customer_document not in html  # the CPF only masked
    summary = response.context["view"].documents
    assert [label for _id, label in summary] == ["Resumo do pedido (PDF)"]
    pdf = Client().get(
        reverse("storefront:order_document", args=[order.number, summary[0][0]])
        + f"?token={order_access_token(order)}"
    )
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert bytes(pdf.content).startswith(b"%PDF")


def test_another_orders_token_a_changed_token_or_none_opens_nothing(world: None) -> None:
    mine = order_place(data=order_input(), actor=Actor.customer()).order
    theirs = order_place(data=order_input(name="João Souza"), actor=Actor.customer()).order
    good = order_access_token(mine)

    answers = [
        open_page(mine, order_access_token(theirs)),
        open_page(mine, good[:-2] + ("AA" if not good.endswith("AA") else "BB")),
        open_page(mine, ""),
        Client().get(reverse("storefront:order", args=[mine.number])),
        open_page(theirs, good),
    ]

    for response in answers:
        assert response.status_code == 404
        html = response.content.decode()
        assert "Este link não é válido" in html
        assert "Maria" not in html and "João" not in html


def test_documents_are_only_the_customers_own_and_never_labels(world: None) -> None:
    mine = order_place(data=order_input(), actor=Actor.customer()).order
    theirs = order_place(data=order_input(name="João Souza"), actor=Actor.customer()).order
    label = document_store(
        kind="shipping_label", filename="l.pdf", content=b"%PDF-1.4 label", order_id=mine.pk
    )
    their_report = document_store(
        kind="order_report", filename="r.pdf", content=b"%PDF-1.4 r", order_id=theirs.pk
    )
    token = order_access_token(mine)

    for document_id in (label.pk, their_report.pk, 999_999):
        response = Client().get(
            reverse("storefront:order_document", args=[mine.number, document_id])
            + f"?token={token}"
        )
        assert response.status_code == 404


def test_the_page_is_private_and_never_cached(world: None) -> None:
    order = order_place(data=order_input(), actor=Actor.customer()).order

    response = open_page(order)

    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]
    assert Client().post(page_url(order)).status_code == 405


def test_the_page_speaks_the_orders_language(world: None) -> None:
    spanish = order_place(data=order_input(language="es"), actor=Actor.customer()).order
    english = order_place(data=order_input(language="en"), actor=Actor.customer()).order

    es = open_page(spanish)
    en = open_page(english)

    assert es["Content-Language"] == "es"
    assert f"Pedido {spanish.number}" in es.content.decode()
    assert "Avance del pedido" in es.content.decode()
    assert f"Order {english.number}" in en.content.decode()
    assert "History" in en.content.decode()


def test_a_cancelled_order_says_so_without_progress_steps(world: None) -> None:
    order = order_place(data=order_input(), actor=Actor.customer()).order
    order_cancel(order_id=order.pk, reason="fraude suspeita (interno)", actor=STAFF)

    html = open_page(order).content.decode()

    assert "Cancelado" in html
    assert 'aria-current="step"' not in html
    assert "fraude" not in html  # the staff's reason is not the customer's business


def test_missing_data_and_very_long_names_do_not_break_the_page(world: None) -> None:
    long_name = "Maria " + "Aparecida " * 18 + "da Silva"
    data = order_input(
        customer=CustomerInput(
            name=long_name[:200], document=cpf_generate(), email="maria@example.com.br", phone=""
        )
    )
    order = order_place(data=data, actor=Actor.customer()).order
    store_profile_update(
        phone="", whatsapp="", website="", logo_png=b"", return_policy="Trocas em até 7 dias."
    )

    response = open_page(order)

    html = response.content.decode()
    assert response.status_code == 200
    assert long_name[:200] in html
    assert "Trocas em até 7 dias." in html
    assert "wa.me" not in html

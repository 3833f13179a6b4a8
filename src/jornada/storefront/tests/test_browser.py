"""The customer's order page in a real browser (Debian's Chromium driven by Playwright),
at a phone's size: the customer pays a Pix order by copying its code."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from jornada.backoffice.tests.test_browser import CHROMIUM, allow_async_unsafe, browser
from jornada.core.testing import worker_drain
from jornada.orders.selectors import order_access_token
from jornada.orders.services import order_place
from jornada.orders.types import Actor
from jornada.payments.models import Payment
from jornada.shipping.tests.journey import order_input
from jornada.storefront.tests.test_order_page import world

__all__ = ["allow_async_unsafe", "browser", "world"]

pytestmark = [
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason=f"no Chromium at {CHROMIUM} (Debian package 'chromium'; .ci/run installs it)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url,
        locale="pt-BR",
        viewport={"width": 390, "height": 844},
        permissions=["clipboard-read", "clipboard-write"],
    )
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    yield tab
    context.close()


def test_the_customer_opens_the_link_and_copies_the_pix_code(phone: Any, world: None) -> None:
    from playwright.sync_api import expect

    order = order_place(
        data=order_input(payment_method="pix", instalments=1), actor=Actor.customer()
    ).order
    worker_drain()
    code = Payment.objects.get(order=order).pix_copy_paste

    phone.goto(f"/pedido/{order.number}?token={order_access_token(order)}")

    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Pedido {order.number}")
    expect(phone.get_by_test_id("status")).to_have_text("Aguardando pagamento")
    expect(phone.get_by_label("Código Pix copia e cola")).to_have_value(code)
    expect(phone.get_by_role("img", name="QR Code Pix")).to_be_visible()
    phone.get_by_role("button", name="Copiar código").click()
    expect(phone.get_by_role("status")).to_have_text("Copiado.")
    assert phone.evaluate("navigator.clipboard.readText()") == code
    # nothing on the page is wider than the phone
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_changed_link_shows_a_clear_page_not_an_error(phone: Any, world: None) -> None:
    from playwright.sync_api import expect

    order = order_place(data=order_input(), actor=Actor.customer()).order

    response = phone.goto(f"/pedido/{order.number}?token=not-the-token")

    assert response is not None and response.status == 404
    expect(phone.get_by_role("heading", level=1)).to_have_text("Este link não é válido")

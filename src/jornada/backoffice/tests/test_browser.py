"""The back office in a real browser: Debian's Chromium driven by Playwright.

Playwright's sync API runs an event loop in the test thread, which trips Django's
"async-unsafe" guard on every ORM call the test makes; the guard is lifted for this
module only (the live server answers from its own thread, unaffected).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest

from jornada.backoffice.tests.conftest import PASSWORD, place
from jornada.orders.models import Order, OrderEvent

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason=f"no Chromium at {CHROMIUM} (Debian package 'chromium'; .ci/run installs it)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="module")
def allow_async_unsafe() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser(allow_async_unsafe: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, locale="pt-BR", viewport={"width": 1024, "height": 768}
    )
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    yield tab
    context.close()


def log_in(page: Any, username: str) -> None:
    page.goto("/backoffice/")
    assert "/backoffice/login/" in page.url
    page.get_by_label("Senha").fill(PASSWORD)
    page.locator("#id_username").fill(username)
    page.get_by_role("button", name="Acessar").click()
    page.wait_for_url(re.compile(r"/backoffice/orders/"))


def test_customer_service_finds_an_order_notes_it_and_cancels_it(page, agent, catalog):
    from playwright.sync_api import expect

    # given: Maria's order and someone else's
    maria = place(name="Maria da Silva", document="529.982.247-25")
    other = place(name="Pedro Alves")
    # when: logging in and searching by CPF without punctuation (keyboard only)
    log_in(page, "carla")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pedidos")
    page.locator("#board-q").fill("52998224725")
    page.locator("#board-q").press("Enter")
    # then: only Maria's order is on the board, and the URL keeps the search
    results = page.locator("#board-results")
    expect(results.get_by_role("link", name=f"#{maria.number}")).to_be_visible()
    expect(results.get_by_role("link", name=f"#{other.number}")).to_have_count(0)
    assert "q=52998224725" in page.url
    # when: opening it
    results.get_by_role("link", name=f"#{maria.number}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Pedido #{maria.number}")
    expect(page.locator("#timeline")).to_contain_text("Pedido realizado")
    page.evaluate("window.__samePage = true")
    # when: adding a note
    page.locator("#id_text").fill("Cliente pediu embrulho discreto")
    page.get_by_role("button", name="Adicionar nota").click()
    # then: the note shows at once, announced in the live region, without a reload
    expect(page.locator("#live")).to_contain_text("Nota adicionada.")
    expect(page.locator(".notes")).to_contain_text("Cliente pediu embrulho discreto")
    assert page.evaluate("window.__samePage") is True
    # when: cancelling with a reason, confirming the dialog
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#id_reason").fill("Cliente desistiu por telefone")
    page.get_by_role("button", name="Cancelar pedido").click()
    # then: status, timeline and actions change together
    expect(page.locator("[data-status]")).to_have_text("cancelado")
    expect(page.locator("#timeline")).to_contain_text("Motivo: Cliente desistiu por telefone")
    expect(page.get_by_role("button", name="Cancelar pedido")).to_have_count(0)
    expect(page.locator("#live")).to_contain_text("Pedido cancelado.")
    assert page.evaluate("window.__samePage") is True
    maria.refresh_from_db()
    assert maria.status == "cancelled"
    assert list(
        OrderEvent.objects.filter(order=maria).order_by("id").values_list("type", flat=True)
    ) == ["placed", "note_added", "cancelled"]


def test_dismissing_the_confirmation_cancels_nothing(page, agent, order):
    from playwright.sync_api import expect

    log_in(page, "carla")
    page.goto(f"/backoffice/orders/{order.number}/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("#id_reason").fill("engano")
    page.get_by_role("button", name="Cancelar pedido").click()
    expect(page.locator("[data-status]")).to_have_text("realizado")
    assert Order.objects.get(pk=order.pk).status == "placed"


def test_a_warehouse_user_cannot_cancel_or_reach_the_settings(page, packer, order):
    from playwright.sync_api import expect

    log_in(page, "wagner")
    nav = page.get_by_role("navigation", name="Seções")
    expect(nav.get_by_role("link", name="Pedidos")).to_be_visible()
    expect(nav.get_by_role("link", name="Loja")).to_have_count(0)
    page.goto(f"/backoffice/orders/{order.number}/")
    expect(page.get_by_role("button", name="Adicionar nota")).to_be_visible()
    expect(page.get_by_role("button", name="Cancelar pedido")).to_have_count(0)
    response = page.goto("/backoffice/settings/store/")
    assert response is not None and response.status == 403
    expect(page.locator("main")).to_contain_text("Seu papel não dá acesso a esta página")


def test_switching_the_language_to_spanish(page, agent, order):
    from playwright.sync_api import expect

    log_in(page, "carla")
    page.get_by_label("Idioma").select_option("es")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("button", name="Cambiar idioma")).to_be_visible()
    expect(page.locator("#stage-counts")).to_contain_text("esperando el pago")
    page.goto(f"/backoffice/orders/{order.number}/")
    expect(page.get_by_role("heading", name="Cronología")).to_be_visible()
    expect(page.get_by_role("button", name="Cancelar pedido")).to_be_visible()

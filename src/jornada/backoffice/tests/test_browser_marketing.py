"""Messages and journeys in a real browser (Debian's Chromium with Playwright): the live
template preview beside the editor and switching a journey off in place."""

from __future__ import annotations

import re
from typing import Any

from jornada.backoffice.models import StaffAction
from jornada.backoffice.tests import test_browser as browser_tests
from jornada.backoffice.tests.conftest import PASSWORD
from jornada.journeys.models import Journey
from jornada.journeys.services import journeys_ensure_defaults
from jornada.notifications.defaults import all_default_templates
from jornada.notifications.models import MessageTemplate

pytestmark = browser_tests.pytestmark
allow_async_unsafe = browser_tests.allow_async_unsafe
browser = browser_tests.browser
page = browser_tests.page


def default_wording() -> None:
    """Live-server tests empty the tables between tests: put back the rows that the
    migrations load."""
    journeys_ensure_defaults()
    if not MessageTemplate.objects.exists():
        MessageTemplate.objects.bulk_create(
            MessageTemplate(updated_by="Jornada", **fields) for fields in all_default_templates()
        )


def log_in_marketing(page: Any, username: str) -> None:
    page.goto("/backoffice/")
    page.locator("#id_username").fill(username)
    page.get_by_label("Senha").fill(PASSWORD)
    page.get_by_role("button", name="Acessar").click()
    page.wait_for_url(re.compile(r"/backoffice/messages/"))


def test_marketing_previews_a_draft_live_and_saves_it(page, marketer):
    from playwright.sync_api import expect

    # given
    default_wording()
    template = MessageTemplate.objects.get(
        key="order_confirmation", channel="sms", language="pt-br"
    )
    log_in_marketing(page, "marta")
    # when: opening the editor from the templates list and typing
    page.get_by_role("link", name="Modelos de mensagem: edite o texto e veja como fica").click()
    page.locator(f'a[data-template="{template.pk}"]').click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("order_confirmation")
    page.locator("#id_body_text").fill("Oi {{ customer.first_name }}! Pedido {{ order.number }}.")
    # then: the preview beside the editor follows, nothing is saved yet
    expect(page.locator('[data-preview="text"]')).to_have_text("Oi Maria! Pedido 100042.")
    template.refresh_from_db()
    assert "Oi {{" not in template.body_text
    # when: a broken tag is typed, the preview says where
    page.locator("#id_body_text").fill("Oi {% if %}")
    expect(page.locator("#template-preview [role=alert]")).to_contain_text("body_text")
    # when: fixed and saved
    page.locator("#id_body_text").fill("Oi {{ customer.first_name }}!")
    page.get_by_role("button", name="Salvar").click()
    # then
    expect(page.locator("#live")).to_contain_text("Modelo salvo.")
    template.refresh_from_db()
    assert template.body_text == "Oi {{ customer.first_name }}!"
    assert StaffAction.objects.filter(kind="template_updated").count() == 1


def test_marketing_switches_a_journey_off_in_place(page, marketer):
    from playwright.sync_api import expect

    default_wording()
    journey = Journey.objects.get(slug="delivered")
    log_in_marketing(page, "marta")
    page.get_by_role("navigation", name="Seções").get_by_role("link", name="Jornadas").click()
    page.evaluate("window.__samePage = true")
    row = page.locator('tr[data-journey="delivered"]')
    row.get_by_role("button", name=re.compile("Desligar")).click()
    expect(page.locator('tr[data-journey="delivered"]')).to_have_attribute("data-enabled", "0")
    expect(page.locator("#live")).to_contain_text("desligada")
    assert page.evaluate("window.__samePage") is True
    journey.refresh_from_db()
    assert not journey.is_enabled
    assert StaffAction.objects.filter(kind="journey_disabled").count() == 1

"""Issue 9's walkthrough in a real browser (Debian's Chromium driven by Playwright).

An order paid by card through the sandbox gateway lands on hold (a first purchase of high
value); customer service finds it and approves it; a warehouse user packs it at the
station by typing scans and pressing Enter, as a barcode scanner does, closes the
package, opens the packing slip and the label, hands it to the carrier; the order page
shows the timeline; and the warehouse user cannot refund.

The browser fixtures come from ``test_browser.py``. Other live-server tests empty the
database after them, so what the data migrations install (boxes, carriers and their rate
tables, journeys, message templates) is installed again first, by the same functions.
"""

from __future__ import annotations

import importlib
import os
import re
from typing import Any

import pytest

from jornada.backoffice.models import StaffAction
from jornada.backoffice.tests import test_browser
from jornada.backoffice.tests.test_browser import CHROMIUM, log_in
from jornada.core.models import Document
from jornada.orders.models import Order
from jornada.orders.services import order_place
from jornada.orders.types import Actor, LineInput
from jornada.payments.adapters import sandbox_delivery
from jornada.payments.adapters.sandbox import sandbox_card_token
from jornada.payments.models import Payment, Refund
from jornada.payments.services import CardInput, payment_card_submit
from jornada.payments.tests.conftest import client_transport, drain
from jornada.shipping.models import Shipment
from jornada.shipping.tests.journey import order_input, store_catalog

pytestmark = [
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason=f"no Chromium at {CHROMIUM} (Debian package 'chromium'; .ci/run installs it)",
    ),
    pytest.mark.django_db(transaction=True),
]


# The browser fixtures of test_browser.py, shared.
allow_async_unsafe = test_browser.allow_async_unsafe
browser = test_browser.browser
page = test_browser.page

# (module, function) of the data migrations this walkthrough needs; all are idempotent.
DATA_MIGRATIONS = (
    ("jornada.fulfillment.migrations.0002_default_boxes", "forwards"),
    ("jornada.shipping.migrations.0002_default_carriers", "forwards"),
    ("jornada.journeys.migrations.0002_default_journeys", "journeys_create"),
    ("jornada.notifications.migrations.0002_default_templates", "templates_create"),
)


@pytest.fixture
def installed_data(transactional_db: None) -> None:
    from django.apps import apps

    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


CAMERA_EAN = "7891000000042"
SHIRT_EAN = "7891000000011"


@pytest.fixture
def gateway(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.PAYMENT_GATEWAY = "sandbox"
    settings.SANDBOX_CONFIRM_SECONDS = 0
    settings.SANDBOX_WEBHOOK_URL = ""
    monkeypatch.setattr(sandbox_delivery, "transport_factory", client_transport)


def held_order_paid_by_card() -> Order:
    """Placed and paid through the real services; validation holds it (a first purchase
    of high value)."""
    store_catalog()
    order = order_place(
        data=order_input(lines=(LineInput("CAMERA", 1),)), actor=Actor.customer("Maria")
    ).order
    drain()
    payment_card_submit(
        order_id=order.pk,
        card=CardInput(token=sandbox_card_token("4111111111111111"), brand="visa", last4="1111"),
    )
    drain()
    order.refresh_from_db()
    assert order.status == "on_hold", order.status
    return order


def scan(tab: Any, code: str) -> None:
    """What a barcode scanner does: type the code into the focused field, press Enter."""
    tab.keyboard.type(code)
    tab.keyboard.press("Enter")


def fetch_pdf(tab: Any, link: Any) -> bytes:
    assert link.get_attribute("target") == "_blank"
    response = tab.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body: bytes = response.body()
    assert body.startswith(b"%PDF")
    return body


def test_a_held_order_is_approved_packed_with_scans_shipped_and_not_refundable_by_the_warehouse(
    page, installed_data, gateway, agent, packer
):
    from playwright.sync_api import expect

    order = held_order_paid_by_card()
    number = order.number

    # customer service logs in, finds the order by its number and approves it
    log_in(page, "carla")
    page.locator("#board-q").fill(f"#{number}")
    page.locator("#board-q").press("Enter")
    page.locator("#board-results").get_by_role("link", name=f"#{number}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Pedido #{number}")
    expect(page.locator("[data-status]")).to_have_text("em análise")
    page.locator("#id_approve-note").fill("Cliente confirmou a compra por telefone")
    page.get_by_role("button", name="Aprovar pedido").click()
    expect(page.locator("[data-status]")).to_have_text("aprovado")
    expect(page.locator("#live")).to_contain_text("Pedido aprovado.")
    page.locator(".logout-form button").click()
    page.wait_for_url(re.compile(r"/backoffice/login/"))

    # a warehouse user opens the station from the menu and scans the order number
    log_in(page, "wagner")
    page.get_by_role("navigation", name="Seções").get_by_role(
        "link", name="Estação de embalagem"
    ).click()
    expect(page.locator("#packing-order")).to_be_focused()
    scan(page, f"#{number}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Embalando o pedido #{number}")
    # the advice: the camera is fragile and of high value, in the suggested box
    expect(page.locator(".advice-list")).to_contain_text("FRÁGIL")
    expect(page.locator(".advice-list")).to_contain_text("Valor declarado")
    expect(page.locator("#packing-box")).to_have_value("caixa-p")
    expect(page.get_by_role("button", name="Abrir volume")).to_be_focused()
    page.keyboard.press("Enter")

    # scans: a wrong item is refused, the right one ticks, one too many is refused
    scan_field = page.locator("#scan-code")
    expect(scan_field).to_be_focused()
    page.evaluate("window.__samePage = true")
    scan(page, SHIRT_EAN)
    feedback = page.locator("#scan-feedback")
    expect(feedback).to_contain_text("Este item não pertence a este volume.")
    expect(feedback).to_have_class(re.compile("scan-error"))
    expect(page.locator("#live")).to_contain_text("Este item não pertence a este volume.")
    expect(scan_field).to_be_focused()
    expect(scan_field).to_have_value("")
    scan(page, CAMERA_EAN)
    expect(feedback).to_contain_text("CAMERA (Câmera mirrorless): 1 de 1 bipados.")
    expect(feedback).to_have_class(re.compile("scan-ok"))
    expect(page.locator("#package-live tr[data-sku=CAMERA]")).to_contain_text("tudo bipado")
    line = order.lines.get(sku="CAMERA")
    expect(page.locator(f"#line-scanned-{line.pk}")).to_have_text("1/1")  # the items list too
    # two scans in a row, faster than the answers: each is checked, in order
    scan(page, CAMERA_EAN)
    scan(page, SHIRT_EAN)
    expect(feedback).to_contain_text("Este item não pertence a este volume.")
    expect(page.locator("#package-live tr[data-sku=CAMERA]")).to_contain_text("1/1")
    assert page.evaluate("window.__samePage") is True

    # close the package: the packing slip opens as a PDF in a new tab
    page.get_by_role("button", name="Fechar volume").click()
    expect(page.locator("#live")).to_contain_text("Volume 1 fechado: imprima o romaneio.")
    slip = page.get_by_role("link", name="Romaneio 1 (PDF)")
    expect(slip).to_be_focused()
    fetch_pdf(page, slip)

    # hand it to the carrier: the label, and the order is shipped
    page.get_by_role("button", name="Gerar etiqueta e despachar").click()
    expect(page.locator("[data-status]")).to_have_text("enviado")
    shipment = Shipment.objects.get(order_id=order.pk)
    label = page.get_by_role("link", name=f"Etiqueta {shipment.tracking_code} (PDF)")
    expect(label).to_be_visible()
    fetch_pdf(page, label)
    assert shipment.label_document_id is not None
    assert Document.objects.get(pk=shipment.label_document_id).kind == "shipping_label"
    assert page.evaluate("window.__samePage") is True

    # the order page tells the whole story
    page.get_by_role("link", name="Página do pedido").click()
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Situação mudou de em análise para aprovado")
    expect(timeline).to_contain_text("Situação mudou de aprovado para em separação")
    expect(timeline).to_contain_text("Situação mudou de em separação para enviado")
    assert list(
        StaffAction.objects.filter(order_id=order.pk).order_by("id").values_list("kind", flat=True)
    ) == ["order_hold_approved", "package_opened", "package_closed", "shipment_created"]

    # the warehouse user cannot refund: no button, and a forged POST is refused
    expect(page.get_by_role("button", name="Reembolsar")).to_have_count(0)
    payment = Payment.objects.get(order_id=order.pk)
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    answer = page.request.post(
        f"/backoffice/orders/{number}/refund/",
        form={"payment": str(payment.pk), "amount": "", "reason": "tentativa"},
        headers={"X-CSRFToken": token, "Referer": page.url},
    )
    assert answer.status == 403
    assert "Seu papel não dá acesso a esta página" in answer.text()
    assert not Refund.objects.exists()
    assert Payment.objects.get(pk=payment.pk).refunded_amount == payment.refunded_amount
    assert not StaffAction.objects.filter(kind="refund_requested").exists()
    assert Order.objects.get(pk=order.pk).status == "shipped"

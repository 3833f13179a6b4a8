"""Purchase orders on the stock page: the page with its lines, sending and confirming
(finance), receiving in full or in part (warehouse), through inventory, logged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from jornada.backoffice.models import StaffAction
from jornada.core.models import Document
from jornada.inventory.models import (
    Location,
    PurchaseOrder,
    PurchaseOrderLine,
    StockLevel,
    Supplier,
)

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def warehouse(catalog: Any) -> Location:
    return Location.objects.create(code="cd-sp", name="CD São Paulo", uf="SP", priority=10)


@pytest.fixture
def finance(make_staff: Any) -> Any:
    return make_staff("fabio", "finance")


def a_purchase_order(location: Location | None, *, status: str = "draft", **fields: Any) -> Any:
    # test data: inventory writes these from backorders in the running system
    supplier = Supplier.objects.create(name="Malharia Sul", email="pedidos@malharia.example")
    purchase_order = PurchaseOrder.objects.create(
        supplier=supplier, location=location, status=status, **fields
    )
    PurchaseOrderLine.objects.create(
        purchase_order=purchase_order,
        sku="CAM-M",
        supplier_sku="MS-123",
        quantity=10,
        unit_cost=Decimal("21.50"),
    )
    PurchaseOrderLine.objects.create(
        purchase_order=purchase_order, sku="CANECA", quantity=4, unit_cost=Decimal("12.00")
    )
    return purchase_order


def url(name: str, purchase_order: Any) -> str:
    return reverse(f"backoffice:{name}", args=[purchase_order.pk])


def on_hand(location: Location, sku: str) -> int:
    level = StockLevel.objects.filter(location=location, sku=sku).first()
    return level.on_hand if level else 0


def received(purchase_order: Any) -> dict[str, int]:
    return dict(purchase_order.lines.values_list("sku", "quantity_received"))


def live_text(response: Any) -> str:
    body = response.content.decode()
    return body[body.index('id="live"') :]


def test_the_urls_are_named(warehouse):
    purchase_order = a_purchase_order(warehouse)
    base = f"/backoffice/stock/purchase-orders/{purchase_order.pk}/"
    assert url("purchase_order", purchase_order) == base
    assert url("purchase_order_send", purchase_order) == base + "send/"
    assert url("purchase_order_confirm", purchase_order) == base + "confirm/"
    assert url("purchase_order_receive", purchase_order) == base + "receive/"


# --- the page ------------------------------------------------------------------------------


def test_the_stock_page_links_each_purchase_order(client, packer, warehouse):
    purchase_order = a_purchase_order(warehouse)
    client.force_login(packer)
    body = client.get(reverse("backoffice:stock")).content.decode()
    assert url("purchase_order", purchase_order) in body
    assert purchase_order.number in body


def test_the_page_shows_lines_with_ordered_and_received(client, packer, warehouse):
    purchase_order = a_purchase_order(warehouse, status="sent")
    PurchaseOrderLine.objects.filter(sku="CAM-M").update(quantity_received=3)
    client.force_login(packer)
    body = client.get(url("purchase_order", purchase_order)).content.decode()
    assert "Malharia Sul" in body and "CD São Paulo" in body and "MS-123" in body
    row = body[body.index('data-sku="CAM-M"') :]
    row = row[: row.index("</tr>")]
    assert 'data-received="3"' in row
    assert 'name="received.CAM-M"' in row and 'value="7"' in row  # what is still expected
    assert 'name="received_before" value="3"' in body
    assert "R$ 263,00" in body  # 10 x 21,50 + 4 x 12,00


def test_a_purchase_order_without_lines_location_or_dates_still_renders(client, finance, db):
    supplier = Supplier.objects.create(name="Sem Email")
    purchase_order = PurchaseOrder.objects.create(supplier=supplier)
    client.force_login(finance)
    response = client.get(url("purchase_order", purchase_order))
    assert response.status_code == 200
    assert purchase_order.number in response.content.decode()


def test_an_unknown_purchase_order_is_404(client, packer, db):
    client.force_login(packer)
    assert client.get("/backoffice/stock/purchase-orders/999/").status_code == 404


def test_each_role_sees_only_its_own_actions(client, packer, finance, warehouse):
    draft = a_purchase_order(warehouse)
    sent = a_purchase_order(warehouse, status="sent")
    client.force_login(finance)
    assert (
        url("purchase_order_send", draft)
        in client.get(url("purchase_order", draft)).content.decode()
    )
    finance_sent = client.get(url("purchase_order", sent)).content.decode()
    assert url("purchase_order_confirm", sent) in finance_sent
    assert 'name="received.CAM-M"' not in finance_sent
    client.force_login(packer)
    packer_draft = client.get(url("purchase_order", draft)).content.decode()
    assert url("purchase_order_send", draft) not in packer_draft
    assert 'name="received.CAM-M"' not in packer_draft  # a draft cannot be received
    packer_sent = client.get(url("purchase_order", sent)).content.decode()
    assert 'name="received.CAM-M"' in packer_sent
    assert url("purchase_order_confirm", sent) not in packer_sent


@pytest.mark.parametrize("who", ["agent", "marketer"])
def test_customer_service_and_marketing_cannot_see_purchase_orders(client, request, who, warehouse):
    purchase_order = a_purchase_order(warehouse)
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("purchase_order", purchase_order)).status_code == 403


# --- send ----------------------------------------------------------------------------------


def test_finance_sends_a_draft_which_is_stored_emailed_and_logged(
    client, finance, warehouse, django_capture_on_commit_callbacks
):
    purchase_order = a_purchase_order(warehouse)
    client.force_login(finance)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("purchase_order_send", purchase_order), headers=HTMX)
    # then
    assert response.status_code == 200
    purchase_order.refresh_from_db()
    assert purchase_order.status == "sent"
    assert bytes(Document.objects.get(pk=purchase_order.document_id).content).startswith(b"%PDF")
    assert [m.to for m in mail.outbox] == [["pedidos@malharia.example"]]
    assert f"{purchase_order.number} enviado para Malharia Sul." in live_text(response)
    action = StaffAction.objects.get()
    assert (action.kind, action.user_id) == ("purchase_order_sent", finance.pk)
    assert action.params == {
        "purchase_order": purchase_order.number,
        "supplier": "Malharia Sul",
        "document": purchase_order.document_id,
    }


def test_sending_twice_is_refused_and_writes_nothing(client, finance, warehouse):
    purchase_order = a_purchase_order(warehouse)
    client.force_login(finance)
    client.post(url("purchase_order_send", purchase_order))
    documents = Document.objects.count()
    # when
    response = client.post(url("purchase_order_send", purchase_order), headers=HTMX)
    # then
    assert response.status_code == 409
    assert "já está enviado" in live_text(response)
    assert Document.objects.count() == documents
    assert StaffAction.objects.count() == 1


def test_the_warehouse_cannot_send_and_nothing_is_written(client, packer, warehouse):
    purchase_order = a_purchase_order(warehouse)
    client.force_login(packer)
    assert client.post(url("purchase_order_send", purchase_order)).status_code == 403
    purchase_order.refresh_from_db()
    assert (purchase_order.status, purchase_order.document_id) == ("draft", None)
    assert not StaffAction.objects.exists()


# --- confirm -------------------------------------------------------------------------------


def test_finance_records_the_supplier_s_confirmation_with_its_date(client, finance, warehouse):
    purchase_order = a_purchase_order(warehouse, status="sent")
    client.force_login(finance)
    # when: typed by hand, without the date picker and without JavaScript
    response = client.post(
        url("purchase_order_confirm", purchase_order), {"expected_date": "15/12/2099"}
    )
    # then
    assert response.status_code == 302
    purchase_order.refresh_from_db()
    assert (purchase_order.status, purchase_order.expected_date) == (
        "confirmed",
        dt.date(2099, 12, 15),
    )
    action = StaffAction.objects.get()
    assert action.kind == "purchase_order_confirmed"
    assert action.params == {"purchase_order": purchase_order.number, "expected_date": "2099-12-15"}


@pytest.mark.parametrize(
    ("typed", "field_text"),
    [("amanhã", "Escreva uma data como 31/12/2026."), ("2020-01-01", "Informe hoje ou uma data")],
)
def test_a_bad_or_past_expected_date_is_refused_naming_the_field(
    client, finance, warehouse, typed, field_text
):
    purchase_order = a_purchase_order(warehouse, status="sent")
    client.force_login(finance)
    response = client.post(
        url("purchase_order_confirm", purchase_order), {"expected_date": typed}, headers=HTMX
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert 'id="po-expected-error"' in body and field_text in body
    assert f'value="{typed}"' in body  # what was typed stays in the field
    purchase_order.refresh_from_db()
    assert (purchase_order.status, purchase_order.expected_date) == ("sent", None)
    assert not StaffAction.objects.exists()


def test_confirming_a_draft_is_refused(client, finance, warehouse):
    purchase_order = a_purchase_order(warehouse)
    client.force_login(finance)
    response = client.post(url("purchase_order_confirm", purchase_order), headers=HTMX)
    assert response.status_code == 409
    assert PurchaseOrder.objects.get(pk=purchase_order.pk).status == "draft"
    assert not StaffAction.objects.exists()


def test_the_warehouse_cannot_confirm(client, packer, warehouse):
    purchase_order = a_purchase_order(warehouse, status="sent")
    client.force_login(packer)
    assert client.post(url("purchase_order_confirm", purchase_order)).status_code == 403
    assert PurchaseOrder.objects.get(pk=purchase_order.pk).status == "sent"
    assert not StaffAction.objects.exists()


# --- receive -------------------------------------------------------------------------------


def field_name(key: str) -> str:
    """``received__CAM_M`` is the field ``received.CAM-M``."""
    if key.startswith("received__"):
        return "received." + key.removeprefix("received__").replace("_", "-")
    return key


def receive(client: Any, purchase_order: Any, htmx: bool = True, **data: str) -> Any:
    return client.post(
        url("purchase_order_receive", purchase_order),
        {field_name(k): v for k, v in data.items()},
        headers=HTMX if htmx else {},
    )


def test_receiving_part_puts_it_in_stock_and_keeps_the_rest_expected(client, packer, warehouse):
    purchase_order = a_purchase_order(warehouse, status="confirmed")
    client.force_login(packer)
    # when
    response = receive(
        client, purchase_order, received__CAM_M="3", received__CANECA="", received_before="0"
    )
    # then
    assert response.status_code == 200
    assert received(purchase_order) == {"CAM-M": 3, "CANECA": 0}
    assert (on_hand(warehouse, "CAM-M"), on_hand(warehouse, "CANECA")) == (3, 0)
    assert PurchaseOrder.objects.get(pk=purchase_order.pk).status == "confirmed"
    assert "Recebidas 3 unidades" in live_text(response)
    body = response.content.decode()
    assert 'name="received_before" value="3"' in body
    action = StaffAction.objects.get()
    assert (action.kind, action.user_id) == ("purchase_order_received", packer.pk)
    assert action.params == {
        "purchase_order": purchase_order.number,
        "received": {"CAM-M": 3},
        "complete": False,
    }


def test_receiving_the_rest_completes_the_purchase_order(client, packer, warehouse):
    purchase_order = a_purchase_order(warehouse, status="sent")
    PurchaseOrderLine.objects.filter(sku="CAM-M").update(quantity_received=3)
    client.force_login(packer)
    # when: the form as drawn (what is still expected), without JavaScript
    response = receive(
        client,
        purchase_order,
        htmx=False,
        received__CAM_M="7",
        received__CANECA="4",
        received_before="3",
    )
    # then
    assert response.status_code == 302
    purchase_order.refresh_from_db()
    assert purchase_order.status == "received"
    assert received(purchase_order) == {"CAM-M": 10, "CANECA": 4}
    assert (on_hand(warehouse, "CAM-M"), on_hand(warehouse, "CANECA")) == (7, 4)
    assert StaffAction.objects.get().params["complete"] is True


def test_receiving_a_received_purchase_order_again_changes_nothing(client, packer, warehouse):
    purchase_order = a_purchase_order(warehouse, status="sent")
    client.force_login(packer)
    receive(client, purchase_order, received__CAM_M="10", received__CANECA="4", received_before="0")
    # when
    response = receive(
        client, purchase_order, received__CAM_M="10", received__CANECA="4", received_before="0"
    )
    # then
    assert response.status_code == 409
    assert "já foi recebido por completo" in live_text(response)
    assert (on_hand(warehouse, "CAM-M"), on_hand(warehouse, "CANECA")) == (10, 4)
    assert StaffAction.objects.count() == 1


def test_the_same_partial_form_sent_twice_counts_the_goods_once(client, packer, warehouse):
    purchase_order = a_purchase_order(warehouse, status="sent")
    client.force_login(packer)
    receive(client, purchase_order, received__CAM_M="2", received_before="0")
    # when: the same form again (double click, or the back button)
    response = receive(client, purchase_order, received__CAM_M="2", received_before="0")
    # then
    assert response.status_code == 409
    assert received(purchase_order)["CAM-M"] == 2
    assert on_hand(warehouse, "CAM-M") == 2
    assert StaffAction.objects.count() == 1
    assert 'value="8"' in response.content.decode()  # the fields start again from what is left


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"received__CAM_M": "três"}, "received.CAM-M"),
        ({"received__CAM_M": "11"}, "received.CAM-M"),
        ({"received__CAM_M": "-1"}, "received.CAM-M"),
        ({"received__NOPE": "1"}, "received.NOPE"),
        ({"received__CAM_M": "0", "received__CANECA": "0"}, "received"),
        ({"received__CAM_M": "1", "received_before": "x"}, "received_before"),
    ],
)
def test_bad_quantities_are_refused_naming_the_field(client, packer, warehouse, data, field):
    purchase_order = a_purchase_order(warehouse, status="sent")
    client.force_login(packer)
    response = receive(client, purchase_order, **data)
    assert response.status_code == 422
    if field.startswith("received."):
        assert f"{field}:" in live_text(response)
    assert received(purchase_order) == {"CAM-M": 0, "CANECA": 0}
    assert not StockLevel.objects.exists()
    assert not StaffAction.objects.exists()


def test_too_many_units_show_the_error_by_the_field(client, packer, warehouse):
    purchase_order = a_purchase_order(warehouse, status="sent")
    client.force_login(packer)
    response = receive(client, purchase_order, received__CAM_M="11", received__CANECA="1")
    body = response.content.decode()
    row = body[body.index('data-sku="CAM-M"') :]
    row = row[: row.index("</tr>")]
    assert 'aria-invalid="true"' in row and 'value="11"' in row
    assert "No máximo 10" in row


@pytest.mark.parametrize("status", ["draft", "cancelled"])
def test_a_draft_or_cancelled_purchase_order_cannot_be_received(client, packer, warehouse, status):
    purchase_order = a_purchase_order(warehouse, status=status)
    client.force_login(packer)
    response = receive(client, purchase_order, received__CAM_M="1")
    assert response.status_code == 409
    assert received(purchase_order) == {"CAM-M": 0, "CANECA": 0}
    assert not StaffAction.objects.exists()


def test_a_dropship_order_is_not_received_at_the_warehouse(client, packer, warehouse):
    purchase_order = a_purchase_order(
        None, status="sent", dropship=True, ship_to={"cidade": "Niterói", "uf": "RJ"}
    )
    client.force_login(packer)
    page = client.get(url("purchase_order", purchase_order)).content.decode()
    assert "Niterói/RJ" in page and "nada a receber aqui" in page
    assert 'name="received.CAM-M"' not in page
    response = receive(client, purchase_order, received__CAM_M="1")
    assert response.status_code == 422
    assert received(purchase_order) == {"CAM-M": 0, "CANECA": 0}
    assert not StaffAction.objects.exists()


def test_finance_cannot_receive_and_nothing_is_written(client, finance, warehouse):
    purchase_order = a_purchase_order(warehouse, status="sent")
    client.force_login(finance)
    response = receive(client, purchase_order, received__CAM_M="1")
    assert response.status_code == 403
    assert received(purchase_order) == {"CAM-M": 0, "CANECA": 0}
    assert not StockLevel.objects.exists()
    assert not StaffAction.objects.exists()


def test_actions_need_post(client, packer, warehouse):
    purchase_order = a_purchase_order(warehouse, status="sent")
    client.force_login(packer)
    assert client.get(url("purchase_order_receive", purchase_order)).status_code == 405

"""Backorders and purchase orders: buying what stock cannot cover."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.db import transaction

from jornada.core.models import Document, OutboxEvent
from jornada.inventory.adapters import SandboxSupplierNotifier, sign
from jornada.inventory.errors import InventoryInvalid
from jornada.inventory.jobs import purchase_orders_send
from jornada.inventory.models import (
    Backorder,
    PurchaseOrder,
    PurchaseOrderLine,
    Reservation,
    Sourcing,
    StockLevel,
    Supplier,
)
from jornada.inventory.purchasing import (
    purchase_order_confirm,
    purchase_order_mark_shipped,
    purchase_order_receive,
)
from jornada.inventory.selectors import order_holdings, stock_audit
from jornada.inventory.tests.conftest import status_changed, stock
from jornada.orders.services import order_cancel, order_place
from jornada.orders.tests.conftest import order_input
from jornada.orders.types import Actor, LineInput

pytestmark = pytest.mark.django_db

CUSTOMER = Actor.customer()
MONDAY = dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC)


@pytest.fixture
def supplier(db) -> Supplier:  # type: ignore[no-untyped-def]
    return Supplier.objects.create(
        name="Malharia Sul", email="pedidos@malharia.example", lead_time_days=5, terms="30 dias"
    )


def backordered_events() -> list[dict]:  # type: ignore[type-arg]
    return list(
        OutboxEvent.objects.filter(event_type="inventory.OrderBackordered")
        .order_by("occurred_at")
        .values_list("payload", flat=True)
    )


def test_a_short_backorderable_sku_is_accepted_held_in_part_and_bought(
    catalog, warehouse, supplier
):
    # given: one shirt on the shelf, shirts may be backordered from the supplier
    stock(warehouse, CAM_M=1, CANECA=5)
    Sourcing.objects.create(
        sku="CAM-M", supplier=supplier, allow_backorder=True, unit_cost=Decimal("21.50")
    )

    # when
    with time_machine.travel(MONDAY, tick=False):
        first = order_place(data=order_input(), actor=CUSTOMER).order
        second = order_place(data=order_input(lines=(LineInput("CAM-M", 3),)), actor=CUSTOMER).order

    # then: what is there is held, the rest waits on one draft purchase order
    assert order_holdings(first.pk) == {"CAM-M": 1, "CANECA": 1}
    assert order_holdings(second.pk) == {}
    purchase_order = PurchaseOrder.objects.get()
    assert (purchase_order.status, purchase_order.location_id) == ("draft", warehouse.pk)
    assert list(purchase_order.lines.values_list("sku", "quantity", "unit_cost")) == [
        ("CAM-M", 4, Decimal("21.50"))
    ]
    assert list(Backorder.objects.order_by("id").values_list("order_id", "quantity", "status")) == [
        (first.pk, 1, "waiting"),
        (second.pk, 3, "waiting"),
    ]
    # five business days after Monday 23 Nov 2026
    assert backordered_events()[0] == {
        "order_id": first.pk,
        "number": first.number,
        "skus": ["CAM-M"],
        "purchase_order_ids": [purchase_order.pk],
        "expected_date": "2026-11-30",
    }
    assert stock_audit() == []


def test_drafts_are_sent_once_by_email_with_the_pdf(
    catalog, warehouse, supplier, django_capture_on_commit_callbacks
):
    stock(warehouse, CANECA=5)
    Sourcing.objects.create(sku="CAM-M", supplier=supplier, allow_backorder=True)
    order_place(data=order_input(), actor=CUSTOMER)

    with django_capture_on_commit_callbacks(execute=True):
        purchase_orders_send({})
        purchase_orders_send({})

    purchase_order = PurchaseOrder.objects.get()
    assert purchase_order.status == "sent"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pedidos@malharia.example"]
    assert message.subject == f"Pedido de compra {purchase_order.number}"
    (name, content, kind) = message.attachments[0]
    assert (name, kind) == (f"{purchase_order.number}.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
    assert purchase_order.document_id is not None
    assert Document.objects.get(pk=purchase_order.document_id).content == content


def test_receiving_fills_waiting_orders_in_order_of_placement(
    catalog, warehouse, supplier, django_capture_on_commit_callbacks
):
    # given: two orders wait for 1 and 3 shirts; the second is already paid
    stock(warehouse, CANECA=5)
    Sourcing.objects.create(sku="CAM-M", supplier=supplier, allow_backorder=True)
    first = order_place(data=order_input(lines=(LineInput("CAM-M", 1),)), actor=CUSTOMER).order
    second = order_place(data=order_input(lines=(LineInput("CAM-M", 3),)), actor=CUSTOMER).order
    status_changed({"order_id": second.pk, "status": "paid"})
    purchase_order = PurchaseOrder.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        purchase_orders_send({})

    # when: only 2 of the 4 arrive
    purchase_order_receive(purchase_order_id=purchase_order.pk, received={"CAM-M": 2})

    # then
    assert order_holdings(first.pk) == {"CAM-M": 1}
    assert list(
        Reservation.objects.filter(order_id=second.pk).values_list("quantity", "status")
    ) == [(1, "allocated")]
    assert list(Backorder.objects.order_by("id").values_list("quantity_filled", "status")) == [
        (1, "filled"),
        (1, "waiting"),
    ]
    purchase_order.refresh_from_db()
    assert purchase_order.status == "sent"
    level = StockLevel.objects.get(sku="CAM-M")
    assert (level.on_hand, level.reserved, level.allocated) == (2, 1, 1)

    # and the rest arrives
    purchase_order_receive(purchase_order_id=purchase_order.pk)
    purchase_order.refresh_from_db()
    assert purchase_order.status == "received"
    assert order_holdings(second.pk) == {"CAM-M": 3}
    assert stock_audit() == []


def test_receiving_more_than_was_ordered_is_refused(
    catalog, warehouse, supplier, django_capture_on_commit_callbacks
):
    Sourcing.objects.create(sku="CAM-M", supplier=supplier, allow_backorder=True)
    stock(warehouse, CANECA=5)
    order_place(data=order_input(), actor=CUSTOMER)
    purchase_order = PurchaseOrder.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        purchase_orders_send({})

    with pytest.raises(InventoryInvalid), transaction.atomic():
        purchase_order_receive(purchase_order_id=purchase_order.pk, received={"CAM-M": 3})

    assert PurchaseOrderLine.objects.get().quantity_received == 0
    assert not StockLevel.objects.filter(sku="CAM-M", on_hand__gt=0).exists()


def test_a_dropshipped_sku_goes_on_its_own_order_to_the_customer_with_a_signed_webhook(
    catalog, warehouse, supplier, django_capture_on_commit_callbacks
):
    # given
    supplier.webhook_url = "sandbox:malharia"
    supplier.webhook_secret = "whsec_c2VncmVkbw"
    supplier.save()
    Sourcing.objects.create(sku="CAM-M", mode="dropship", supplier=supplier, supplier_sku="M-77")
    stock(warehouse, CANECA=5)
    SandboxSupplierNotifier.sent.clear()

    # when
    order = order_place(data=order_input(), actor=CUSTOMER).order
    purchase_order = PurchaseOrder.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        purchase_orders_send({})

    # then
    assert purchase_order.dropship and purchase_order.order_id == order.pk
    assert purchase_order.ship_to["cep"] == "01310100"
    assert order_holdings(order.pk) == {"CANECA": 1}
    ((url, body, headers),) = SandboxSupplierNotifier.sent
    assert url == "sandbox:malharia"
    payload = json.loads(body)
    assert payload["data"]["lines"] == [
        {"sku": "CAM-M", "supplier_sku": "M-77", "quantity": 2, "unit_cost": "0.00"}
    ]
    assert payload["data"]["ship_to"]["uf"] == "SP"
    assert headers["webhook-signature"] == sign(
        secret="whsec_c2VncmVkbw",
        message_id=headers["webhook-id"],
        timestamp=int(headers["webhook-timestamp"]),
        body=body,
    )


def test_a_dropship_is_shipped_with_the_customers_tracking_code(
    catalog, warehouse, supplier, django_capture_on_commit_callbacks
):
    Sourcing.objects.create(sku="CAM-M", mode="dropship", supplier=supplier)
    stock(warehouse, CANECA=5)
    order_place(data=order_input(), actor=CUSTOMER)
    purchase_order = PurchaseOrder.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        purchase_orders_send({})
    purchase_order_confirm(purchase_order_id=purchase_order.pk)

    with pytest.raises(InventoryInvalid), transaction.atomic():
        purchase_order_mark_shipped(purchase_order_id=purchase_order.pk, tracking_code="")
    purchase_order_mark_shipped(purchase_order_id=purchase_order.pk, tracking_code="qb123456789br")

    purchase_order.refresh_from_db()
    assert (purchase_order.status, purchase_order.tracking_code) == ("shipped", "QB123456789BR")
    assert list(Backorder.objects.values_list("status", "quantity_filled")) == [("filled", 2)]


def test_a_draft_cannot_be_received_before_it_is_sent(catalog, warehouse, supplier):
    Sourcing.objects.create(sku="CAM-M", supplier=supplier, allow_backorder=True)
    stock(warehouse, CANECA=5)
    order_place(data=order_input(), actor=CUSTOMER)
    purchase_order = PurchaseOrder.objects.get()

    with pytest.raises(InventoryInvalid) as refused, transaction.atomic():
        purchase_order_receive(purchase_order_id=purchase_order.pk)

    assert refused.value.code == "transition_not_allowed"
    purchase_order.refresh_from_db()
    assert purchase_order.status == "draft"


def test_cancelling_a_backordered_order_stops_it_waiting(catalog, warehouse, supplier):
    Sourcing.objects.create(sku="CAM-M", supplier=supplier, allow_backorder=True)
    stock(warehouse, CANECA=5)
    order = order_place(data=order_input(), actor=CUSTOMER).order

    order_cancel(order_id=order.pk, actor=Actor.system(), reason="Cliente desistiu")

    assert list(Backorder.objects.values_list("status", flat=True)) == ["cancelled"]
    assert order_holdings(order.pk) == {}

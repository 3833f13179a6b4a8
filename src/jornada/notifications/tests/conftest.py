from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from jornada.catalog.selectors import variants_by_sku
from jornada.core import registry
from jornada.core.events import DomainEvent, event_publish
from jornada.core.worker import Worker
from jornada.customers.services import customer_upsert_for_order
from jornada.customers.validation import customer_input_validate
from jornada.orders.events import order_placed_event
from jornada.orders.models import Order, OrderLine
from jornada.orders.pricing import price_order, rules_from_settings
from jornada.orders.tests.conftest import catalog, order_input  # noqa: F401 - fixtures
from jornada.orders.types import Actor

# A Tuesday at 14:00 in São Paulo: outside quiet hours.
DAYTIME = dt.datetime(2026, 3, 10, 17, 0, tzinfo=dt.UTC)
# The same day at 23:00 in São Paulo.
NIGHT = dt.datetime(2026, 3, 11, 2, 0, tzinfo=dt.UTC)

MINE = ("jornada.journeys.handlers.journeys_and_webhooks",)


@pytest.fixture(autouse=True)
def only_our_handlers() -> Iterator[None]:
    """Events reach only the journeys and webhooks handlers: other apps' reactions are
    theirs to test, and the events here are published by the tests themselves."""
    from jornada.wiring import _CONTRACT_EVENTS

    with registry.override(handlers={event_type: MINE for event_type in _CONTRACT_EVENTS}):
        yield


@pytest.fixture(autouse=True)
def quiet_settings() -> Iterator[None]:
    from jornada.core.cache import caches_clear

    caches_clear()  # rows cached by an earlier test's worker steps are gone with its data
    with override_settings(
        NOTIFY_SANDBOX_RECEIPT_SECONDS=0,
        NOTIFY_STAFF_EMAILS=["equipe@loja.example"],
        NOTIFY_EMAIL_ADAPTER="sandbox",
        NOTIFY_WHATSAPP_ADAPTER="sandbox",
        NOTIFY_SMS_ADAPTER="sandbox",
    ):
        yield


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(DAYTIME, tick=True) as traveller:
        yield traveller


def drain(rounds: int = 30) -> int:
    """Run worker steps (event deliveries, due timers, tasks) until nothing is left."""
    worker = Worker(batch=200, run_tasks=True)
    total = 0
    for _ in range(rounds):
        did = worker.step()
        total += did
        if not did:
            break
    return total


def place(**overrides: Any) -> Order:
    """An order as the orders app records it: customer upsert, priced lines, the timeline
    row and ``orders.OrderPlaced`` (its own writer), without stock reservation, which
    belongs to the inventory app and is not what these tests are about."""
    data = order_input(**overrides)
    customer = customer_input_validate(
        replace(data.customer, language=data.language), prefix="customer"
    )
    now = timezone.now()
    with transaction.atomic():
        ref = customer_upsert_for_order(data=customer, address=None, source="online_store", now=now)
        variants = variants_by_sku([line.sku for line in data.lines])
        priced = price_order(
            lines=data.lines,
            variants=variants,
            gift_wrap=data.gift_wrap,
            rules=rules_from_settings(),
        )
        totals = priced.totals
        address = data.shipping_address
        order = Order.objects.create(
            number=str(100001 + Order.objects.count()),
            status="placed",
            channel=data.channel,
            language=data.language,
            customer_id=ref.id,
            customer_name=ref.name,
            customer_document=ref.document,
            customer_email=ref.email,
            customer_phone=ref.phone_e164,
            recipient_name=ref.name,
            ship_logradouro=address.logradouro,
            ship_numero=address.numero,
            ship_complemento=address.complemento,
            ship_bairro=address.bairro,
            ship_cidade=address.cidade,
            ship_uf=address.uf,
            ship_cep=address.cep.replace("-", ""),
            payment_method=data.payment_method,
            instalments=data.instalments,
            currency=totals.currency,
            subtotal=totals.subtotal,
            shipping_total=totals.shipping,
            gift_wrap_total=totals.gift_wrap,
            discount_total=totals.discount,
            grand_total=totals.grand_total,
            item_count=totals.item_count,
            weight_grams=totals.weight_grams,
            placed_at=now,
            updated_at=now,
        )
        OrderLine.objects.bulk_create(
            OrderLine(
                order=order,
                position=line.position,
                variant_id=line.variant_id,
                sku=line.sku,
                product_name=line.product_name,
                variant_label=line.variant_label,
                quantity=line.quantity,
                unit_price=line.unit_price,
                line_total=line.line_total,
                weight_grams=line.weight_grams,
                handling=list(line.handling),
            )
            for line in priced.lines
        )
        order_placed_event(order=order, actor=Actor.customer("Maria"))
    return order


# --- the events other apps publish (docs/events.md), with exactly the listed fields ----


@dataclass(frozen=True, kw_only=True)
class PaymentPending(DomainEvent):
    event_type = "payments.PaymentPending"
    order_id: int
    payment_id: int
    method: str
    amount: str
    expires_at: str
    pix_copy_paste: str = ""
    boleto_line: str = ""
    boleto_document_id: int | None = None
    redirect_url: str = ""


@dataclass(frozen=True, kw_only=True)
class PaymentConfirmed(DomainEvent):
    event_type = "payments.PaymentConfirmed"
    order_id: int
    payment_id: int
    method: str
    amount: str
    instalments: int


@dataclass(frozen=True, kw_only=True)
class OrderValidated(DomainEvent):
    event_type = "validation.OrderValidated"
    order_id: int
    number: str
    promised_date: str
    report_document_id: int | None


@dataclass(frozen=True, kw_only=True)
class ShipmentDispatched(DomainEvent):
    event_type = "shipping.ShipmentDispatched"
    order_id: int
    shipment_id: int
    carrier: str
    service: str
    tracking_code: str
    tracking_url: str
    promised_date: str
    label_document_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class TrackingUpdated(DomainEvent):
    event_type = "shipping.TrackingUpdated"
    order_id: int
    shipment_id: int
    tracking_code: str
    status: str
    description: str
    location: str
    occurred_at: str


@dataclass(frozen=True, kw_only=True)
class ShipmentDelivered(DomainEvent):
    event_type = "shipping.ShipmentDelivered"
    order_id: int
    shipment_id: int
    tracking_code: str
    received_by: str
    delivered_at: str
    on_time: bool


@dataclass(frozen=True, kw_only=True)
class DeliveryLate(DomainEvent):
    event_type = "shipping.DeliveryLate"
    order_id: int
    shipment_id: int
    tracking_code: str
    promised_date: str


def publish(event: DomainEvent) -> None:
    event_publish(event, aggregate=f"order:{getattr(event, 'order_id', '')}")

"""What happens to held stock after placement: payment, cancellation, expiry, changes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from jornada.core.events import as_event
from jornada.core.models import EventDelivery, OutboxEvent, Timer, WorkStatus
from jornada.core.outbox import outbox_dispatch
from jornada.core.registry import override
from jornada.core.scheduler import timer_schedule, timers_fire_due
from jornada.inventory.allocation import reservation_expiry
from jornada.inventory.errors import OutOfStock
from jornada.inventory.handlers import on_order_status_changed
from jornada.inventory.models import Reservation, StockLevel, StockMovement
from jornada.inventory.selectors import order_holdings, stock_audit
from jornada.inventory.services import (
    Movement,
    StockActor,
    ledger_write,
    stock_release_for_order,
    stock_ship_for_order,
)
from jornada.inventory.tests.conftest import status_changed, stock
from jornada.orders.services import order_cancel, order_change_lines, order_mark_paid, order_place
from jornada.orders.tests.conftest import order_input
from jornada.orders.types import Actor, LineInput

pytestmark = pytest.mark.django_db

CUSTOMER = Actor.customer()
HANDLER = "jornada.inventory.handlers.on_order_status_changed"
SAO_PAULO = dt.timezone(dt.timedelta(hours=-3))


@pytest.fixture
def staff(django_user_model) -> Actor:  # type: ignore[no-untyped-def]
    user = django_user_model.objects.create_user(username="ana", password="x", is_staff=True)
    return Actor.staff(user_id=user.pk, label="ana")


def level(location, sku):  # type: ignore[no-untyped-def]
    return StockLevel.objects.get(location=location, sku=sku)


def figures(location, sku):  # type: ignore[no-untyped-def]
    lv = level(location, sku)
    return (lv.on_hand, lv.reserved, lv.allocated, lv.available)


def released_events() -> list[dict]:  # type: ignore[type-arg]
    return list(
        OutboxEvent.objects.filter(event_type="inventory.StockReleased")
        .order_by("occurred_at")
        .values_list("payload", flat=True)
    )


def test_payment_turns_the_hold_into_an_allocation_once(catalog, warehouse):
    # given: the order is paid; the worker delivers OrderStatusChanged to inventory
    stock(warehouse, CAM_M=5, CANECA=5)
    only_inventory: dict[str, tuple[str, ...]] = {"orders.OrderStatusChanged": (HANDLER,)}
    with override(handlers=only_inventory):
        order = order_place(data=order_input(), actor=CUSTOMER).order
        order_mark_paid(order_id=order.pk, actor=Actor.system())

        # when: delivered, then delivered again (a handler may be retried)
        outcome = outbox_dispatch(token="w1", limit=10)
        delivery = EventDelivery.objects.get(handler=HANDLER)
        on_order_status_changed(as_event(delivery.event))

    # then
    assert (outcome.handled, delivery.status) == (1, WorkStatus.DONE)
    assert figures(warehouse, "CAM-M") == (5, 0, 2, 3)
    assert set(
        Reservation.objects.filter(order_id=order.pk).values_list("status", "expires_at")
    ) == {("allocated", None)}
    assert StockMovement.objects.filter(order_id=order.pk, kind="allocate").count() == 2
    assert stock_audit() == []


def test_other_status_changes_leave_the_hold_alone(catalog, warehouse):
    stock(warehouse, CAM_M=5, CANECA=5)
    order = order_place(data=order_input(), actor=CUSTOMER).order

    status_changed({"order_id": order.pk, "status": "awaiting_payment"})

    assert figures(warehouse, "CAM-M") == (5, 2, 0, 3)


def test_cancelling_releases_the_hold_and_a_second_release_does_nothing(catalog, warehouse, staff):
    # given
    stock(warehouse, CAM_M=5, CANECA=5)
    order = order_place(data=order_input(), actor=CUSTOMER).order

    # when
    order_cancel(order_id=order.pk, actor=staff, reason="Cliente desistiu")
    again = stock_release_for_order(order_id=order.pk, reason="payment expired")

    # then
    assert again == 0
    assert figures(warehouse, "CAM-M") == (5, 0, 0, 5)
    assert figures(warehouse, "CANECA") == (5, 0, 0, 5)
    release = StockMovement.objects.filter(order_id=order.pk, kind="release")
    assert sorted(release.values_list("level__sku", "d_reserved", "actor_label")) == [
        ("CAM-M", -2, "ana"),
        ("CANECA", -1, "ana"),
    ]
    assert released_events() == [{"order_id": order.pk, "reason": "cancelled"}]
    assert stock_audit() == []


def test_cancelling_a_paid_order_gives_back_its_allocated_units(catalog, warehouse, staff):
    stock(warehouse, CAM_M=5, CANECA=5)
    order = order_place(data=order_input(), actor=CUSTOMER).order
    order_mark_paid(order_id=order.pk, actor=Actor.system())
    status_changed({"order_id": order.pk, "status": "paid"})

    order_cancel(order_id=order.pk, actor=staff, reason="Fraude")

    assert figures(warehouse, "CAM-M") == (5, 0, 0, 5)
    assert stock_audit() == []


def test_shipping_takes_allocated_units_off_the_shelf(catalog, warehouse):
    stock(warehouse, CAM_M=5, CANECA=5)
    order = order_place(data=order_input(), actor=CUSTOMER).order
    status_changed({"order_id": order.pk, "status": "paid"})

    shipped = stock_ship_for_order(order_id=order.pk)

    assert shipped == 3
    assert figures(warehouse, "CAM-M") == (3, 0, 0, 3)
    assert stock_audit() == []


@pytest.mark.parametrize(
    ("method", "placed", "expires"),
    [
        (
            "pix",
            dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC),
            dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC),
        ),
        (
            "credit_card",
            dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC),
            dt.datetime(2026, 11, 23, 11, 0, tzinfo=dt.UTC),
        ),
        (
            "paypal",
            dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC),
            dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC),
        ),
        # Friday 20 Nov 2026 is Black Consciousness Day (national holiday since 2024):
        # placed Thursday 19th, three business days run to the end of Wednesday 25th.
        (
            "boleto",
            dt.datetime(2026, 11, 19, 15, 0, tzinfo=dt.UTC),
            dt.datetime(2026, 11, 26, 0, 0, tzinfo=SAO_PAULO),
        ),
    ],
)
def test_holds_last_as_long_as_the_payment_window_of_the_method(method, placed, expires):
    assert reservation_expiry(payment_method=method, placed_at=placed) == expires


def test_the_scheduler_releases_exactly_what_an_expired_pix_order_held(catalog, warehouse):
    # given: a Pix order and a card order placed at the same time
    stock(warehouse, CAM_M=10, CANECA=10)
    placed = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)
    with time_machine.travel(placed, tick=False):
        pix = order_place(data=order_input(payment_method="pix", instalments=1), actor=CUSTOMER)
        card = order_place(data=order_input(), actor=CUSTOMER)
        timer_schedule(
            job="inventory.stock_scan", due_at=placed + dt.timedelta(minutes=31), key="scan-1"
        )

    # when: 31 minutes later the worker's scheduler fires the scan
    with time_machine.travel(placed + dt.timedelta(minutes=31), tick=False):
        outcome = timers_fire_due(token="w1", limit=10)

    # then
    assert outcome.handled == 1
    assert Timer.objects.get(key="scan-1").status == WorkStatus.DONE
    assert order_holdings(pix.order.pk) == {}
    assert order_holdings(card.order.pk) == {"CAM-M": 2, "CANECA": 1}
    assert figures(warehouse, "CAM-M") == (10, 2, 0, 8)
    release = StockMovement.objects.filter(order_id=pix.order.pk, kind="release")
    assert sorted(release.values_list("level__sku", "d_reserved")) == [
        ("CAM-M", -2),
        ("CANECA", -1),
    ]
    assert released_events() == [{"order_id": pix.order.pk, "reason": "expired"}]

    # and a later cancellation by the payments app releases nothing twice
    order_cancel(order_id=pix.order.pk, actor=Actor.system(), reason="Pix expirado")
    assert figures(warehouse, "CAM-M") == (10, 2, 0, 8)
    assert stock_audit() == []


def test_a_payment_after_the_hold_expired_holds_the_units_again_as_allocated(catalog, warehouse):
    stock(warehouse, CAM_M=10, CANECA=10)
    placed = timezone.now() - dt.timedelta(hours=2)
    with time_machine.travel(placed, tick=False):
        order = order_place(
            data=order_input(payment_method="pix", instalments=1), actor=CUSTOMER
        ).order
    stock_release_for_order(order_id=order.pk, reason="expired", only_expired_before=timezone.now())

    status_changed({"order_id": order.pk, "number": order.number, "status": "paid"})

    assert figures(warehouse, "CAM-M") == (10, 0, 2, 8)
    assert stock_audit() == []


def test_changing_the_items_holds_the_new_lines_instead(catalog, warehouse, staff):
    stock(warehouse, CAM_M=5, CANECA=5, CAM_P=1)
    order = order_place(data=order_input(), actor=CUSTOMER).order

    order_change_lines(
        order_id=order.pk, lines=[LineInput("CAM-P", 1), LineInput("CANECA", 3)], actor=staff
    )

    assert order_holdings(order.pk) == {"CAM-P": 1, "CANECA": 3}
    assert figures(warehouse, "CAM-M") == (5, 0, 0, 5)
    assert figures(warehouse, "CANECA") == (5, 3, 0, 2)
    assert stock_audit() == []


def test_changing_the_items_to_more_than_is_available_changes_nothing(catalog, warehouse, staff):
    stock(warehouse, CAM_M=5, CANECA=5)
    order = order_place(data=order_input(), actor=CUSTOMER).order

    with pytest.raises(OutOfStock), transaction.atomic():
        order_change_lines(order_id=order.pk, lines=[LineInput("CAM-M", 6)], actor=staff)

    order.refresh_from_db()
    assert order.item_count == 3
    assert order_holdings(order.pk) == {"CAM-M": 2, "CANECA": 1}
    assert figures(warehouse, "CAM-M") == (5, 2, 0, 3)


def test_the_database_refuses_a_movement_that_would_oversell_even_if_code_is_wrong(warehouse):
    stock(warehouse, CAM_M=1)
    shelf = level(warehouse, "CAM-M")

    with pytest.raises(IntegrityError), transaction.atomic():
        ledger_write(
            [Movement(level=shelf, kind="reserve", d_reserved=2, reason="bug")],
            actor=StockActor(),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        StockLevel.objects.filter(pk=shelf.pk).update(reserved=2)

    assert figures(warehouse, "CAM-M") == (1, 0, 0, 1)
    assert StockMovement.objects.filter(kind="reserve").count() == 0

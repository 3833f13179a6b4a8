"""The batch form of the intake unit: several orders written together must give each
request what it would have got alone, with a constant number of statements."""

from __future__ import annotations

import functools
import json
import logging
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jornada.api.models import IdempotencyRecord
from jornada.core import groupcommit
from jornada.core.events import OutboxEvent
from jornada.customers.models import Customer
from jornada.inventory.models import Location, Reservation, StockLevel
from jornada.inventory.services import StockActor, stock_receive
from jornada.orders.intake import _KeyTaken, body_template, place_unit
from jornada.orders.models import Order, OrderEvent, OrderLine
from jornada.orders.services import order_place_prepare
from jornada.orders.tests.conftest import a_cpf, order_input
from jornada.orders.types import Actor, LineInput

pytestmark = pytest.mark.django_db(transaction=True)


def _unit(key: str, **overrides: Any) -> tuple[Any, ...]:
    now = timezone.now()
    prepared = order_place_prepare(
        data=order_input(**overrides), actor=Actor.integration(label="t"), now=now
    )
    return (prepared, body_template(prepared), "scope", key, f"fp-{key}", now, True)


def _jobs(units: list[tuple[Any, ...]], language: str = "pt-br") -> list[groupcommit.Job]:
    return [
        groupcommit.Job(functools.partial(place_unit, *u), language, fn=place_unit, args=u)
        for u in units
    ]


@pytest.fixture
def mugs(catalog):  # type: ignore[no-untyped-def]
    """Three mugs in stock; shirts and coffee untracked."""
    location = Location.objects.create(code="cd", name="CD", serves_ufs="SP")
    stock_receive(location=location, sku="CANECA", quantity=3, actor=StockActor())
    return location


def test_orders_written_together_answer_each_request_as_alone(mugs, caplog):
    same_customer = a_cpf()
    units = [
        _unit("a", document=same_customer, lines=(LineInput("CANECA", 2), LineInput("CAM-M", 1))),
        _unit("b", lines=(LineInput("CANECA", 2),)),  # one mug left: refused
        _unit("c", document=same_customer, lines=(LineInput("CANECA", 1),)),
        _unit("a", lines=(LineInput("CAM-P", 1),)),  # the same key again: the first wins
        _unit("d", lines=(LineInput("CAFE", 3),)),
    ]
    jobs = _jobs(units)
    with caplog.at_level(logging.WARNING, logger="jornada.groupcommit"):
        groupcommit.commit_batch(jobs)
    assert not caplog.records  # the batch form ran: nothing went back to one by one

    a, b, c, again, d = jobs
    assert isinstance(again.error, _KeyTaken)
    assert [j.error for j in (a, b, c, d)] == [None] * 4
    assert [j.result.status for j in (a, b, c, d)] == [201, 409, 201, 201]
    refusal = json.loads(b.result.body)
    assert "CANECA" in json.dumps(refusal, ensure_ascii=False)
    assert "estoque" in json.dumps(refusal, ensure_ascii=False).lower()  # the caller's language

    orders = list(Order.objects.order_by("pk"))
    numbers = [json.loads(j.result.body)["number"] for j in (a, c, d)]
    assert [o.number for o in orders] == numbers
    assert [int(n) for n in numbers] == list(range(int(numbers[0]), int(numbers[0]) + 3))
    assert orders[0].customer_id == orders[1].customer_id  # one customer per CPF
    assert Customer.objects.get(pk=orders[0].customer_id).order_count == 2
    assert Customer.objects.count() == 2
    assert OrderLine.objects.count() == 4
    assert OrderEvent.objects.filter(type="placed").count() == 3
    assert set(OutboxEvent.objects.values_list("aggregate", flat=True)) == {
        f"order:{o.pk}" for o in orders
    }
    assert StockLevel.objects.get(sku="CANECA").reserved == 3
    assert sorted(Reservation.objects.filter(sku="CANECA").values_list("order_id", flat=True)) == [
        orders[0].pk,
        orders[1].pk,
    ]
    stored = {r.key: r.response_body for r in IdempotencyRecord.objects.all()}
    assert stored == {
        "a": a.result.body,
        "b": b.result.body,
        "c": c.result.body,
        "d": d.result.body,
    }
    # The next order takes a later number; on SQLite the next one (the refused order gave
    # its number back; a PostgreSQL sequence leaves the batch's unused numbers unused).
    alone = groupcommit.call(place_unit, *_unit("e", lines=(LineInput("CAFE", 1),)))
    after = int(json.loads(alone.body)["number"])
    assert (
        after == int(numbers[-1]) + 1 if connection.vendor == "sqlite" else after > int(numbers[-1])
    )


def test_a_key_stored_before_the_batch_sends_it_back_to_one_by_one(mugs, caplog):
    groupcommit.call(place_unit, *_unit("k", lines=(LineInput("CAFE", 1),)))
    jobs = _jobs([_unit("x"), _unit("k"), _unit("y")])
    with caplog.at_level(logging.WARNING, logger="jornada.groupcommit"):
        groupcommit.commit_batch(jobs)
    assert "one by one" in caplog.text
    assert [type(j.error) for j in jobs] == [type(None), _KeyTaken, type(None)]
    assert Order.objects.count() == 3
    assert StockLevel.objects.get(sku="CANECA").reserved == 2


def test_statements_per_batch_grow_by_the_stock_and_customer_only(mugs):
    def statements(count: int, lines: int) -> int:
        units = [
            _unit(f"{count}-{lines}-{i}", lines=tuple(LineInput("CAM-M", 1) for _ in range(lines)))
            for i in range(count)
        ]
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            groupcommit.commit_batch(_jobs(units))
        return len(queries)

    one, ten, ten_long = statements(1, 1), statements(10, 1), statements(10, 20)
    assert ten_long == ten
    per_order = (ten - one) / 9
    assert per_order <= 5  # stock held (with its savepoint) and the customer, per order
    assert Order.objects.count() == 21

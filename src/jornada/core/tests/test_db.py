"""``jornada.core.db``: the hot-path writers hand the driver exactly what the ORM would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

import pytest
from django.db import connection
from django.db.models import Field

from jornada.core.db import BOOLEAN, NUMBER, PLAIN, PREPARED, db_value, field_kind
from jornada.orders.models import Order, OrderLine

AT = dt.datetime(2026, 11, 23, 12, 30, 5, 123456, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("model", "name", "value"),
    [
        (Order, "subtotal", Decimal("19.90")),
        (Order, "subtotal", 20),
        (Order, "subtotal", "19.9"),  # not a number yet: prepared the long way
        (Order, "gift_wrap", True),
        (Order, "gift_wrap", 1),  # not a boolean: prepared the long way
        (Order, "customer", 7),
        (Order, "placed_by", None),
        (Order, "instalments", 3),
        (Order, "number", "100001"),
        (Order, "placed_at", AT),
        (OrderLine, "handling", ["fragile"]),
    ],
)
def test_each_value_reaches_the_driver_as_the_orm_prepares_it(model, name, value: Any):
    field = model._meta.get_field(name)

    fast = db_value(field, field_kind(field, connection.vendor), value, connection)

    # (PostgreSQL wraps JSON in psycopg's Jsonb, which compares by identity)
    assert getattr(fast, "obj", fast) == getattr(
        expected := field.get_db_prep_save(value, connection), "obj", expected
    )


def test_fields_are_sorted_into_the_kinds_that_skip_preparation():
    kind = {
        name: field_kind(cast(Field, Order._meta.get_field(name)), connection.vendor)
        for name in ("subtotal", "gift_wrap", "customer", "number", "instalments")
    }
    assert kind == {
        "subtotal": NUMBER,
        "gift_wrap": BOOLEAN,
        "customer": NUMBER,
        "number": PLAIN,
        "instalments": PLAIN,
    }
    assert field_kind(OrderLine._meta.get_field("handling"), connection.vendor) == PREPARED

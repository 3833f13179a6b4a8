"""Conditions and delays: pure functions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from jornada.journeys.conditions import conditions_errors, conditions_evaluate
from jornada.journeys.delays import step_due_at

FACTS = {
    "total": Decimal("250.00"),
    "uf": "SP",
    "first_purchase": True,
    "categories": ["cafe", "canecas"],
    "event.status": "out_for_delivery",
}


def test_all_conditions_must_hold() -> None:
    conditions: list[dict[str, Any]] = [
        {"fact": "total", "op": "gte", "value": "200"},
        {"fact": "uf", "op": "in", "value": ["SP", "RJ"]},
        {"fact": "first_purchase", "op": "is_true"},
        {"fact": "categories", "op": "contains", "value": "cafe"},
        {"fact": "event.status", "op": "eq", "value": "out_for_delivery"},
    ]
    assert conditions_evaluate(conditions, FACTS.get) == (True, "")


def test_the_first_failing_condition_is_the_reason() -> None:
    conditions = [
        {"fact": "uf", "op": "eq", "value": "SP"},
        {"fact": "total", "op": "lt", "value": "100"},
        {"fact": "first_purchase", "op": "is_false"},
    ]
    assert conditions_evaluate(conditions, FACTS.get) == (False, "total lt 100")


def test_unknown_facts_never_hold() -> None:
    assert conditions_evaluate([{"fact": "shoe_size", "op": "eq", "value": 42}], FACTS.get) == (
        False,
        "unknown fact shoe_size",
    )


def test_staff_typos_are_explained() -> None:
    assert conditions_errors([{"fact": "totl", "op": "gte", "value": "1"}])[0].startswith(
        "#1: unknown fact 'totl'"
    )
    assert conditions_errors([{"fact": "uf", "op": "in", "value": "SP"}]) == [
        "#1: in needs a list value"
    ]
    assert conditions_errors([{"fact": "total", "op": "gt", "value": "many"}]) == [
        "#1: gt needs a number value"
    ]
    assert conditions_errors({"fact": "uf"}) == ["conditions must be a list"]
    assert conditions_errors([{"fact": "uf", "op": "eq", "value": "SP"}]) == []


NOW = dt.datetime(2026, 4, 17, 15, 0, tzinfo=dt.UTC)  # Friday 12:00 in São Paulo


def test_minutes_and_hours_count_forward() -> None:
    assert step_due_at(
        now=NOW, amount=90, unit="minutes", tz="America/Sao_Paulo"
    ) == NOW + dt.timedelta(minutes=90)
    assert step_due_at(
        now=NOW, amount=2, unit="hours", tz="America/Sao_Paulo"
    ) == NOW + dt.timedelta(hours=2)


def test_business_days_skip_weekends_and_holidays() -> None:
    # Friday 17 April 2026 + 2 business days: Monday 20, then Tuesday 21 is Tiradentes
    # (a national holiday), so Wednesday 22, same local time
    due = step_due_at(now=NOW, amount=2, unit="business_days", tz="America/Sao_Paulo", uf="SP")
    assert due == dt.datetime(2026, 4, 22, 15, 0, tzinfo=dt.UTC)


def test_a_delay_before_a_date_counts_back_from_it() -> None:
    expires = dt.datetime(2026, 4, 20, 15, 0, tzinfo=dt.UTC)
    assert step_due_at(
        now=NOW, amount=24, unit="hours", tz="America/Sao_Paulo", before=expires
    ) == dt.datetime(2026, 4, 19, 15, 0, tzinfo=dt.UTC)
    assert step_due_at(
        now=NOW, amount=1, unit="business_days", tz="America/Sao_Paulo", before=expires
    ) == dt.datetime(2026, 4, 17, 15, 0, tzinfo=dt.UTC)

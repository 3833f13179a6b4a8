from __future__ import annotations

import datetime as dt

import pytest

from jornada.backoffice.stages import (
    STAGE_DEADLINES,
    STAGE_STATUSES,
    Stage,
    Urgency,
    due_at,
    stage_of,
    urgency,
)
from jornada.orders.states import OrderStatus

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def test_every_status_sits_in_exactly_one_stage():
    for status in OrderStatus:
        holders = [stage for stage, statuses in STAGE_STATUSES.items() if status in statuses]
        assert len(holders) == 1, status


def test_late_is_a_cut_not_a_home_for_any_status():
    assert Stage.LATE not in STAGE_STATUSES
    assert Stage.LATE not in STAGE_DEADLINES


@pytest.mark.parametrize(
    ("status", "stage"),
    [
        ("placed", Stage.AWAITING_PAYMENT),
        ("awaiting_payment", Stage.AWAITING_PAYMENT),
        ("paid", Stage.VALIDATION),
        ("on_hold", Stage.VALIDATION),
        ("validated", Stage.TO_PICK),
        ("in_fulfilment", Stage.TO_PACK),
        ("partially_shipped", Stage.TO_SHIP),
        ("shipped", Stage.IN_TRANSIT),
        ("delivered", Stage.DELIVERED),
        ("completed", Stage.DELIVERED),
        ("return_requested", Stage.PROBLEMS),
        ("cancelled", Stage.CLOSED),
    ],
)
def test_stage_of_status(status, stage):
    assert stage_of(status) == stage


def test_unknown_status_has_no_stage():
    assert stage_of("teleported") is None


def test_an_order_to_pick_is_on_time_then_due_soon_then_late():
    # given: 24 hours to pick, "due soon" from 75 % of it
    # then
    assert urgency(status="validated", since=NOW - dt.timedelta(hours=17), now=NOW) == (
        Urgency.ON_TIME
    )
    assert urgency(status="validated", since=NOW - dt.timedelta(hours=18), now=NOW) == (
        Urgency.DUE_SOON
    )
    assert urgency(status="validated", since=NOW - dt.timedelta(hours=24), now=NOW) == (
        Urgency.DUE_SOON
    )
    assert urgency(status="validated", since=NOW - dt.timedelta(hours=24, seconds=1), now=NOW) == (
        Urgency.LATE
    )


def test_finished_orders_have_no_deadline():
    long_ago = NOW - dt.timedelta(days=400)
    assert urgency(status="delivered", since=long_ago, now=NOW) == Urgency.NONE
    assert urgency(status="cancelled", since=long_ago, now=NOW) == Urgency.NONE
    assert due_at(status="delivered", since=long_ago) is None


def test_due_at_is_the_stage_deadline_after_entering_it():
    assert due_at(status="awaiting_payment", since=NOW) == NOW + dt.timedelta(days=4)
    assert due_at(status="shipped", since=NOW) == NOW + dt.timedelta(days=10)

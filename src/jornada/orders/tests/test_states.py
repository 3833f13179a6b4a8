from __future__ import annotations

import itertools

import pytest

from jornada.orders.states import (
    BEFORE_DISPATCH,
    CUSTOMER_CANCELLABLE,
    TERMINAL,
    TRANSITIONS,
    UNPAID,
    OrderStatus,
    transition_allowed,
)

ALL = list(OrderStatus)


def test_every_status_has_a_row_in_the_transition_table():
    assert set(TRANSITIONS) == set(ALL)


@pytest.mark.parametrize(("current", "target"), list(itertools.product(ALL, ALL)))
def test_each_pair_is_allowed_exactly_when_the_table_says_so(current, target):
    assert transition_allowed(current, target) is (target in TRANSITIONS[current])


def test_the_journey_from_placed_to_completed_is_possible():
    journey = [
        "placed",
        "awaiting_payment",
        "paid",
        "on_hold",
        "validated",
        "in_fulfilment",
        "partially_shipped",
        "shipped",
        "delivered",
        "completed",
    ]
    for current, target in itertools.pairwise(journey):
        assert transition_allowed(current, target), (current, target)


def test_cancelled_and_refunded_are_the_end():
    assert {OrderStatus.CANCELLED, OrderStatus.REFUNDED} == TERMINAL


def test_nothing_can_be_cancelled_after_dispatch():
    for status in ALL:
        if status not in BEFORE_DISPATCH:
            assert not transition_allowed(status, OrderStatus.CANCELLED), status


def test_customer_cancellation_and_line_changes_are_subsets_of_staff_rights():
    assert CUSTOMER_CANCELLABLE < BEFORE_DISPATCH
    assert UNPAID < CUSTOMER_CANCELLABLE


def test_unknown_statuses_are_never_allowed():
    assert transition_allowed("placed", "teleported") is False
    assert transition_allowed("teleported", "placed") is False

from __future__ import annotations

import pytest

from jornada.payments.states import TERMINAL, TRANSITIONS, PaymentStatus, transition_allowed

S = PaymentStatus


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.PENDING, S.PAID),
        (S.PENDING, S.AUTHORIZED),
        (S.AUTHORIZED, S.PAID),
        (S.PENDING, S.EXPIRED),
        (S.PAID, S.PARTIALLY_REFUNDED),
        (S.PARTIALLY_REFUNDED, S.PARTIALLY_REFUNDED),
        (S.PARTIALLY_REFUNDED, S.REFUNDED),
        (S.PAID, S.CHARGED_BACK),
    ],
)
def test_moves_a_real_payment_makes_are_allowed(current, target):
    assert transition_allowed(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.PAID, S.PENDING),  # a late "pending" never overrides "paid"
        (S.PAID, S.AUTHORIZED),
        (S.EXPIRED, S.PAID),
        (S.REFUNDED, S.PAID),
        (S.FAILED, S.PAID),
        (S.PENDING, S.REFUNDED),
        ("paid", "nonsense"),
    ],
)
def test_moves_against_the_table_are_refused(current, target):
    assert not transition_allowed(current, target)


def test_every_status_has_a_row_and_terminal_ones_lead_nowhere():
    assert set(TRANSITIONS) == set(PaymentStatus)
    assert {S.FAILED, S.EXPIRED, S.REFUNDED, S.CHARGED_BACK} == TERMINAL

"""Instalments shown, charged and refunded reconcile to the cent (property tests)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jornada.brazil.instalments import InstalmentPolicy
from jornada.brazil.money import Money
from jornada.payments.plans import charge_plan, refund_split

POLICY = InstalmentPolicy(
    max_instalments=12,
    interest_free_up_to=3,
    monthly_rate=Decimal("0.0199"),
    min_instalment=Money("5.00"),
)
totals = st.integers(min_value=6000, max_value=5_000_000).map(lambda c: Decimal(c) / 100)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(total=totals, count=st.integers(min_value=1, max_value=12))
def test_a_card_plan_sums_exactly_to_what_is_charged(total, count):
    plan = charge_plan(total=total, currency="BRL", count=count, policy=POLICY, card=True)
    assert sum(plan.instalments) == plan.amount
    assert len(plan.instalments) == count
    assert plan.amount >= plan.principal == total
    assert (plan.amount == total) == (count <= 3)
    assert all(i == i.quantize(Decimal("0.01")) for i in plan.instalments)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    total=totals,
    count=st.integers(min_value=1, max_value=12),
    cuts=st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=5),
)
def test_refunds_spread_over_instalments_never_exceed_any_and_sum_exactly(total, count, cuts):
    plan = charge_plan(total=total, currency="BRL", count=count, policy=POLICY, card=True)
    refunded = [Decimal("0.00")] * count
    left = plan.amount
    for cut in cuts:
        amount = min(left, Decimal(cut) / 100)
        split = refund_split(plan.instalments, refunded, amount)
        assert sum(split) == amount
        assert all(s >= 0 for s in split)
        refunded = [r + s for r, s in zip(refunded, split, strict=True)]
        assert all(r <= i for r, i in zip(refunded, plan.instalments, strict=True))
        left -= amount
    # what is left refunds every instalment back to exactly what was charged
    split = refund_split(plan.instalments, refunded, left)
    assert [r + s for r, s in zip(refunded, split, strict=True)] == list(plan.instalments)


def test_a_refund_larger_than_what_is_left_is_refused():
    import pytest

    with pytest.raises(ValueError):
        refund_split([Decimal("10.00")], [Decimal("5.00")], Decimal("5.01"))


def test_pix_and_boleto_are_charged_once_for_the_total():
    plan = charge_plan(total=Decimal("99.90"), currency="BRL", count=1, policy=POLICY, card=False)
    assert plan.instalments == (Decimal("99.90"),) and plan.amount == Decimal("99.90")

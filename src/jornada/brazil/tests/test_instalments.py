from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from jornada.brazil.errors import InstalmentError
from jornada.brazil.instalments import (
    InstalmentPolicy,
    instalment_options,
    instalment_plan,
    price_table_payment,
)
from jornada.brazil.money import Money

POLICY = InstalmentPolicy(
    max_instalments=12,
    interest_free_up_to=3,
    monthly_rate=Decimal("0.0199"),
    min_instalment=Money("5.00"),
)


def test_splits_interest_free_plans_with_the_extra_cents_first():
    plan = instalment_plan(Money("100.00"), 3, policy=POLICY)
    assert plan.instalments == (Money("33.34"), Money("33.33"), Money("33.33"))
    assert plan.total == Money("100.00")
    assert plan.interest_free
    assert plan.monthly_rate == 0


def test_charges_price_table_interest_beyond_the_interest_free_limit():
    plan = instalment_plan(Money("100.00"), 4, policy=POLICY)
    # 100 * 0.0199 / (1 - 1.0199 ** -4) = 26.2562...
    assert plan.instalments == (Money("26.26"),) * 4
    assert plan.total == Money("105.04")
    assert plan.interest == Money("5.04")
    assert plan.monthly_rate == Decimal("0.0199")


def test_price_table_payment_matches_the_formula():
    assert price_table_payment(Decimal("1000"), Decimal("0.01"), 12).quantize(
        Decimal("0.0001")
    ) == Decimal("88.8488")
    assert price_table_payment(Decimal("90"), Decimal(0), 3) == Decimal(30)


def test_builds_the_checkout_table_in_portuguese():
    with translation.override("pt-br"):
        options = instalment_options(Money("100.00"), policy=POLICY)
    assert [o.count for o in options] == list(range(1, 13))
    assert options[2].label == "3x de R$ 33,34 sem juros"
    assert options[3].label == "4x de R$ 26,26 com juros de 1,99% a.m. (total R$ 105,04)"
    assert (options[3].instalment, options[3].total, options[3].interest_free) == (
        Money("26.26"),
        Money("105.04"),
        False,
    )


def test_labels_options_in_spanish_and_english():
    es = instalment_options(Money("100.00"), policy=POLICY, language="es")
    en = instalment_options(Money("100.00"), policy=POLICY, language="en")
    assert es[2].label == "3x de 33,34 BRL sin intereses"
    assert en[2].label == "3x of R$33.34 interest-free"
    assert en[3].label == "4x of R$26.26 with interest of 1.99% a month (total R$105.04)"


def test_stops_the_table_at_the_minimum_instalment():
    options = instalment_options(Money("20.00"), policy=POLICY, language="pt-br")
    assert [o.count for o in options] == [1, 2, 3, 4]
    assert options[-1].instalment == Money("5.26")  # 5.2512... rounded up


def test_always_offers_a_single_payment():
    options = instalment_options(Money("1.00"), policy=POLICY, language="pt-br")
    assert [(o.count, o.total) for o in options] == [(1, Money("1.00"))]


@pytest.mark.parametrize(
    ("total", "count", "code"),
    [
        (Money("100"), 13, "invalid_count"),
        (Money("100"), 0, "invalid_count"),
        (Money("0"), 1, "invalid_total"),
        (Money("12"), 3, "below_minimum"),
        (Money("100", "USD"), 2, "currency_mismatch"),
    ],
)
def test_refuses_plans_the_policy_does_not_allow(total, count, code):
    with pytest.raises(InstalmentError) as caught:
        instalment_plan(total, count, policy=POLICY)
    assert caught.value.code == code


def test_refuses_a_nonsense_policy():
    with pytest.raises(InstalmentError) as caught:
        InstalmentPolicy(monthly_rate=Decimal("-0.01"))
    assert caught.value.field == "monthly_rate"


@settings(max_examples=300)
@given(
    st.integers(100, 10**8),
    st.integers(1, 24),
    st.integers(1, 24),
    st.decimals(min_value=0, max_value=Decimal("0.15"), places=4),
)
def test_every_plan_sums_exactly_to_its_total(cents, count, free_up_to, rate):
    policy = InstalmentPolicy(
        max_instalments=24,
        interest_free_up_to=free_up_to,
        monthly_rate=rate,
        min_instalment=Money("0.01"),
    )
    total = Money.from_minor(cents)
    try:
        plan = instalment_plan(total, count, policy=policy)
    except InstalmentError as error:
        assert error.code == "below_minimum"
        return
    assert len(plan.instalments) == count
    assert sum(plan.instalments, Money.zero()) == plan.total
    if plan.interest_free:
        assert plan.total == total
    else:
        assert plan.total >= total

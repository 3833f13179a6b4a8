from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jornada.brazil.business_days import (
    business_days_add,
    business_days_between,
    holidays_for,
    is_business_day,
    local_date,
)
from jornada.brazil.errors import BusinessDaysError


def test_lists_national_and_state_holidays():
    sao_paulo = holidays_for("SP", 2025)
    national = holidays_for(None, 2025)
    assert date(2025, 7, 9) in sao_paulo  # Revolução Constitucionalista
    assert date(2025, 7, 9) not in national
    assert {date(2025, 1, 1), date(2025, 4, 18), date(2025, 4, 21), date(2025, 12, 25)} <= national


def test_caches_holidays_per_state_and_year():
    assert holidays_for("RJ", 2026) is holidays_for("RJ", 2026)


def test_skips_weekends_and_holidays_when_adding():
    # Thursday before Good Friday; Monday 21 is Tiradentes
    assert business_days_add(date(2025, 4, 17), 1) == date(2025, 4, 22)
    # Friday -> Monday
    assert business_days_add(date(2025, 3, 7), 1) == date(2025, 3, 10)
    # 9 July only in São Paulo
    assert business_days_add(date(2025, 7, 8), 1, uf="SP") == date(2025, 7, 10)
    assert business_days_add(date(2025, 7, 8), 1, uf="RJ") == date(2025, 7, 9)


def test_adding_zero_lands_on_the_next_business_day():
    assert business_days_add(date(2025, 3, 8), 0) == date(2025, 3, 10)
    assert business_days_add(date(2025, 3, 10), 0) == date(2025, 3, 10)


def test_subtracts_with_a_negative_count():
    assert business_days_add(date(2025, 4, 22), -1) == date(2025, 4, 17)


def test_counts_business_days_between_dates():
    assert business_days_between(date(2025, 4, 17), date(2025, 4, 22)) == 1
    assert business_days_between(date(2025, 12, 19), date(2026, 1, 5)) == 9
    assert business_days_between(date(2025, 4, 22), date(2025, 4, 17)) == -1


def test_uses_the_sao_paulo_calendar_day_of_aware_datetimes():
    # 02:00 UTC on 1 January is still 31 December in São Paulo
    assert local_date(datetime(2025, 1, 1, 2, 0, tzinfo=UTC)) == date(2024, 12, 31)
    assert is_business_day(datetime(2025, 1, 1, 2, 0, tzinfo=UTC))
    assert not is_business_day(date(2025, 1, 1))


def test_refuses_naive_datetimes_and_unknown_states():
    with pytest.raises(BusinessDaysError) as caught:
        business_days_add(datetime(2025, 1, 1, 12, 0), 1)
    assert caught.value.code == "naive_datetime"
    with pytest.raises(BusinessDaysError) as caught:
        business_days_add(date(2025, 1, 1), 1, uf="XX")
    assert (caught.value.code, caught.value.field) == ("invalid_uf", "uf")
    with pytest.raises(BusinessDaysError):
        local_date("2025-01-01")  # type: ignore[arg-type]


_states = st.sampled_from([None, "SP", "RJ", "BA", "RS", "AM"])


@settings(max_examples=150)
@given(st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.integers(0, 60), _states)
def test_counting_undoes_adding(start, days, uf):
    end = business_days_add(start, days, uf=uf)
    if days:
        assert business_days_between(start, end, uf=uf) == days
        assert is_business_day(end, uf=uf)


@settings(max_examples=100)
@given(st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.integers(0, 90), _states)
def test_counting_matches_a_day_by_day_walk(start, span, uf):
    end = start + timedelta(days=span)
    walked = sum(
        is_business_day(start + timedelta(days=offset), uf=uf) for offset in range(1, span + 1)
    )
    assert business_days_between(start, end, uf=uf) == walked

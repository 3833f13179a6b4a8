from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jornada.brazil.errors import CurrencyMismatch, MoneyError
from jornada.brazil.money import Money, money_format, money_parse


def test_quantises_to_the_currency_minor_unit():
    assert Money("1234.565").amount == Decimal("1234.57")
    assert Money(10).amount == Decimal("10.00")
    assert Money("10.5", "JPY").amount == Decimal("11")
    assert Money("1", "usd").currency == "USD"


@pytest.mark.parametrize("value", [1.5, True, None, "abc", "NaN", "Infinity", [1], "1e40"])
def test_refuses_floats_and_non_amounts(value):
    with pytest.raises(MoneyError) as caught:
        Money(value)
    assert caught.value.code in {"float_refused", "invalid_amount"}


def test_refuses_unknown_currencies():
    with pytest.raises(MoneyError) as caught:
        Money("1", "XYZ")
    assert caught.value.code == "invalid_currency"


def test_adds_and_compares_only_the_same_currency():
    assert Money("1.10") + Money("2.20") == Money("3.30")
    assert Money("5") - Money("7.5") == Money("-2.50")
    assert Money("3.33") * 3 == Money("9.99")
    assert Money("1") < Money("2")
    with pytest.raises(CurrencyMismatch) as caught:
        Money("1") + Money("1", "USD")
    assert caught.value.params == {"left": "BRL", "right": "USD"}
    with pytest.raises(MoneyError):
        Money("1") * 1.5  # type: ignore[operator]


def test_is_frozen():
    with pytest.raises(AttributeError):
        Money("1").amount = Decimal(2)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("language", "text"),
    [("pt-br", "R$ 1.234,56"), ("es", "1.234,56 BRL"), ("en", "R$1,234.56")],
)
def test_formats_and_parses_per_language(language, text):
    assert money_format(Money("1234.56"), language=language) == text
    assert money_parse(text, language=language) == Money("1234.56")


def test_parses_what_people_type():
    assert money_parse("1.234,5", language="pt-br") == Money("1234.50")
    assert money_parse("R$ 0,99", language="pt-br") == Money("0.99")
    assert money_parse("-R$ 3,00", language="pt-br") == Money("-3")


@pytest.mark.parametrize("text", ["abc", "1,2,3", "", None, "R$"])
def test_explains_text_that_is_not_an_amount(text):
    with pytest.raises(MoneyError) as caught:
        money_parse(text, language="pt-br")
    assert caught.value.code == "invalid_amount"


@given(st.integers(-(10**12), 10**12), st.sampled_from(["pt-br", "es", "en"]))
def test_format_then_parse_gives_back_the_amount(cents, language):
    money = Money.from_minor(cents)
    assert money_parse(money_format(money, language=language), language=language) == money


@given(st.integers(1, 10**9), st.integers(1, 48))
def test_split_sums_exactly_and_differs_by_at_most_a_cent(cents, parts):
    money = Money.from_minor(cents)
    pieces = money.split(parts)
    assert sum((p for p in pieces), Money.zero()) == money
    assert max(pieces).minor_units - min(pieces).minor_units <= 1

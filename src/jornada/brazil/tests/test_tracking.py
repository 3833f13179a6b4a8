import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jornada.brazil.errors import TrackingCodeError
from jornada.brazil.tracking import (
    s10_build,
    s10_check_digit,
    s10_is_valid,
    s10_range,
    s10_validate,
)


def test_computes_the_check_digit_of_the_standard_example():
    assert s10_check_digit("12345678") == 5
    assert s10_build("AA", 12345678) == "AA123456785BR"


@pytest.mark.parametrize(
    ("serial", "digit"),
    [("00000000", 5), ("00000001", 4), ("00000008", 0), ("00000011", 6), ("47312482", 9)],
)
def test_maps_10_to_0_and_11_to_5(serial, digit):
    total = sum(w * int(c) for w, c in zip((8, 6, 4, 2, 3, 5, 9, 7), serial, strict=True))
    raw = 11 - total % 11
    assert digit == {10: 0, 11: 5}.get(raw, raw)
    assert s10_check_digit(serial) == digit


def test_generates_a_range_of_codes():
    assert list(s10_range("SX", 1, 3)) == ["SX000000014BR", "SX000000028BR", "SX000000031BR"]


def test_normalises_case_and_spaces():
    assert s10_validate(" aa 123456785 br ") == "AA123456785BR"


@pytest.mark.parametrize(
    ("code", "reason", "params"),
    [
        ("AA12345678BR", "invalid_length", {"length": 12}),
        ("A1123456785BR", "invalid_prefix", {}),
        ("AA12345X785BR", "invalid_serial", {}),
        ("AA123456784BR", "invalid_check_digit", {"expected": 5, "got": "4"}),
        ("AA123456785XX", "invalid_country", {"country": "XX"}),
        ("AA123456785B1", "invalid_country", {"country": "B1"}),
        (None, "invalid_type", {}),
    ],
)
def test_explains_why_a_code_is_invalid(code, reason, params):
    with pytest.raises(TrackingCodeError) as caught:
        s10_validate(code)
    assert caught.value.code == reason
    assert caught.value.params == params
    assert not s10_is_valid(code)


def test_refuses_to_build_outside_the_rules():
    with pytest.raises(TrackingCodeError) as caught:
        s10_build("A1", 1)
    assert caught.value.code == "invalid_prefix"
    with pytest.raises(TrackingCodeError) as caught:
        s10_build("AA", 100_000_000)
    assert caught.value.code == "invalid_serial"
    with pytest.raises(TrackingCodeError) as caught:
        list(s10_range("AA", 99_999_999, 2))
    assert caught.value.code == "invalid_serial"


_codes = st.builds(
    s10_build,
    st.from_regex(r"[A-Z]{2}", fullmatch=True),
    st.integers(0, 99_999_999),
    st.sampled_from(["BR", "US", "PT", "CN", "AR"]),
)


@given(_codes)
def test_every_generated_code_validates(code):
    assert s10_validate(code) == code


def _remainder(serial: str) -> int:
    return sum(w * int(c) for w, c in zip((8, 6, 4, 2, 3, 5, 9, 7), serial, strict=True)) % 11


@settings(max_examples=300)
@given(_codes, st.integers(2, 10), st.integers(1, 9))
def test_single_digit_changes_are_caught_outside_the_s10_blind_spot(code, position, shift):
    mutated = code[:position] + str((int(code[position]) + shift) % 10) + code[position + 1 :]
    if s10_is_valid(mutated):
        # remainders 0 and 6 both give check digit 5: the standard's one collision
        assert {_remainder(code[2:10]), _remainder(mutated[2:10])} == {0, 6}
    else:
        with pytest.raises(TrackingCodeError) as caught:
            s10_validate(mutated)
        assert caught.value.code == "invalid_check_digit"

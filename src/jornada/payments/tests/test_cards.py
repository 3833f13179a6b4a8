from __future__ import annotations

import json

import pytest

from jornada.payments.cards import (
    card_number_paths,
    find_card_numbers,
    is_card_number,
    luhn_valid,
    may_hold_card_number,
)


def test_luhn():
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert not luhn_valid("41111a1111111111")


def test_card_numbers_are_found_plain_spaced_or_dashed():
    text = "a 4111111111111111 b 5555 5555 5555 4444 c 4000-0000-0000-0002 d"
    assert list(find_card_numbers(text)) == [
        "4111111111111111",
        "5555555555554444",
        "4000000000000002",
    ]


def test_other_numbers_are_not_card_numbers():
    # a boleto line, a CPF, a phone, an order number, a barcode, a Luhn-failing run, a UUID
    text = (
        "00190.00009 01234.567004 00000.001008 1 00000000010000 "
        "529.982.247-25 +5511987654321 100042 "
        "23791000000000010002222222222222222222222222 4111111111111112 "
        "9f3c1234-5678-4abc-9def-123456789012"
    )
    assert list(find_card_numbers(text)) == []


def test_paths_name_where_a_card_number_sits():
    body = {
        "card_token": "tok",
        "holder": {"number": "4111 1111 1111 1111"},
        "list": ["x", 4111111111111111],
    }
    assert card_number_paths(body) == ["holder.number", "list.1"]


def test_requests_are_refused_only_for_numbers_in_a_card_issuer_range():
    # given Luhn-valid 13-digit runs: a Brazilian phone with its country code and a
    # millisecond timestamp, next to real test cards of each length
    phone = next(f"55119876543{n:02d}" for n in range(100) if luhn_valid(f"55119876543{n:02d}"))
    millis = next(f"17323620000{n:02d}" for n in range(100) if luhn_valid(f"17323620000{n:02d}"))

    # then
    assert not is_card_number(phone) and not is_card_number(millis)
    for card in ("4111111111111111", "5555555555554444", "378282246310005", "6362970000457013"):
        assert is_card_number(card), card


@pytest.mark.parametrize(
    "raw",
    [
        b'{"coupon_code": "4111 1111 1111 1111"}',
        b'{"n": 4111111111111111}',
        b'{"note": "5555-5555-5555-4444"}',
        b'{"note": "\\u0034111111111111111"}',  # digits spelt as escapes
        b'{"cnpj": "11222333000181"}',  # 14 digits: checked the long way (and not a card)
        '{"note": "4111 1111 1111 1111"}'.encode("utf-16"),  # json.loads reads it too
        '{"note": "4111 1111 1111 1111"}'.encode("utf-32-le"),
    ],
)
def test_a_raw_body_that_may_hold_a_card_number_is_walked(raw):
    assert may_hold_card_number(raw)


def test_an_order_body_without_a_long_digit_run_is_not_walked():
    raw = b'{"document": "123.456.789-09", "phone": "(11) 98765-4321", "cep": "01310-100"}'

    assert not may_hold_card_number(raw)
    assert card_number_paths(json.loads(raw)) == []  # agrees with the walk it skips


def test_the_skip_never_hides_a_card_number_the_walk_finds():
    for raw in [b'{"a": "4111111111111111"}', b'{"b": ["x", {"c": "378282246310005"}]}']:
        assert card_number_paths(json.loads(raw))
        assert may_hold_card_number(raw)

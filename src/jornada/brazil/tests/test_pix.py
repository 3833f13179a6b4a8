import string
from decimal import Decimal
from typing import Any

import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st

from jornada.brazil.errors import PixError
from jornada.brazil.money import Money
from jornada.brazil.pix import (
    PixPayload,
    pix_build,
    pix_crc16,
    pix_dynamic,
    pix_is_valid,
    pix_key_normalize,
    pix_parse,
    pix_static,
    pix_text,
)
from jornada.brazil.qr import pix_qr_png, pix_qr_svg

from .strategies import cnpjs, cpfs

# The Central Bank manual's static example (key is a random key, no amount).
MANUAL = (
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
    "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)


def _with_crc(body: str) -> str:
    body = body + "6304"
    return body + pix_crc16(body)


# -- fixed vectors ---------------------------------------------------------------


def test_computes_the_crc_of_the_manual_example():
    assert pix_crc16(MANUAL[:-4]) == "1D3D"


def test_builds_the_manual_example_from_its_fields():
    payload = pix_static(
        key="123e4567-e12b-12d1-a456-426655440000",
        merchant_name="Fulano de Tal",
        merchant_city="BRASILIA",
    )
    assert pix_build(payload) == MANUAL


def test_parses_the_manual_example_into_its_fields():
    assert pix_parse(MANUAL) == PixPayload(
        merchant_name="Fulano de Tal",
        merchant_city="BRASILIA",
        key="123e4567-e12b-12d1-a456-426655440000",
        txid="***",
    )
    assert pix_parse(MANUAL).key_type == "evp"
    assert not pix_parse(MANUAL).is_dynamic


def test_builds_a_static_code_with_amount_txid_and_description():
    payload = pix_static(
        key="529.982.247-25",
        merchant_name="Padaria São João",
        merchant_city="São Paulo",
        amount=Money("10.50"),
        txid="PEDIDO123",
        description="Pedido 123",
    )
    assert pix_build(payload) == _with_crc(
        "000201"
        "26470014br.gov.bcb.pix0111529982247250210Pedido 123"
        "52040000"
        "5303986"
        "540510.50"
        "5802BR"
        "5916Padaria Sao Joao6009Sao Paulo62130509PEDIDO123"
    )


def test_builds_a_dynamic_code_with_the_location_in_field_26_25():
    payload = pix_dynamic(
        url="https://pix.example.com/qr/v2/cobv/9d36b84f",
        merchant_name="Loja Jornada",
        merchant_city="Curitiba",
        amount=Decimal("99.90"),
    )
    text = pix_build(payload)
    assert text == _with_crc(
        "000201010212"
        "26570014br.gov.bcb.pix2535pix.example.com/qr/v2/cobv/9d36b84f"
        "520400005303986540599.905802BR5912Loja Jornada6008Curitiba62070503***"
    )
    assert pix_parse(text).url == "pix.example.com/qr/v2/cobv/9d36b84f"


def test_normalises_name_and_city_to_the_allowed_charset_and_lengths():
    payload = pix_static(
        key="fulano@example.com",
        merchant_name="Açaí & Cia — Comércio de Alimentos Ltda",
        merchant_city="São José dos Campos",
    )
    assert payload.merchant_name == "Acai & Cia Comercio de Al"
    assert payload.merchant_city == "Sao Jose dos Ca"
    assert pix_text("  Ünïcödé   ", limit=25, field="59") == "Unicode"


@pytest.mark.parametrize(
    ("typed", "kind", "normalised"),
    [
        ("529.982.247-25", "cpf", "52998224725"),
        ("11.222.333/0001-81", "cnpj", "11222333000181"),
        ("12.abc.345/01de-35", "cnpj", "12ABC34501DE35"),
        ("Fulano@Example.COM", "email", "fulano@example.com"),
        ("+55 (11) 98765-4321", "phone", "+5511987654321"),
        ("123E4567-E12B-12D1-A456-426655440000", "evp", "123e4567-e12b-12d1-a456-426655440000"),
    ],
)
def test_accepts_every_kind_of_pix_key(typed, kind, normalised):
    assert pix_key_normalize(typed) == (kind, normalised)


@pytest.mark.parametrize("key", ["529.982.247-26", "not a key", "11987654321", ""])
def test_rejects_what_is_not_a_pix_key(key):
    with pytest.raises(PixError) as caught:
        pix_key_normalize(key)
    assert caught.value.field == "26.01"


@pytest.mark.parametrize(
    ("options", "field", "code"),
    [
        ({"amount": 10.5}, "54", "invalid_amount"),
        ({"amount": "0"}, "54", "invalid_amount"),
        ({"amount": "1.005"}, "54", "invalid_amount"),
        ({"txid": "pedido-123"}, "62.05", "invalid_txid"),
        ({"txid": "A" * 26}, "62.05", "invalid_txid"),
        ({"merchant_name": "———"}, "59", "required"),
        ({"postal_code": "0131"}, "61", "invalid_postal_code"),
    ],
)
def test_refuses_bad_static_fields_naming_the_field(options, field, code):
    arguments: dict[str, Any] = {
        "key": "fulano@example.com",
        "merchant_name": "Loja",
        "merchant_city": "Recife",
    }
    arguments.update(options)
    with pytest.raises(PixError) as caught:
        pix_static(**arguments)
    assert (caught.value.field, caught.value.code) == (field, code)


# -- parse errors -------------------------------------------------------------------


def test_reports_a_wrong_crc_with_expected_and_received_values():
    with pytest.raises(PixError) as caught:
        pix_parse(MANUAL[:-4] + "1D3E")
    assert (caught.value.field, caught.value.code) == ("63", "invalid_crc")
    assert caught.value.params == {"expected": "1D3D", "got": "1D3E"}


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        (
            "000201"
            "26580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
            "52040000530398658"
            "02US5913Fulano de Tal6008BRASILIA62070503***",
            "58",
            "invalid_value",
        ),
        ("0002015204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***", "26", "missing"),
        (
            "000201"
            "26580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
            "5204000053039845802BR5913Fulano de Tal6008BRASILIA62070503***",
            "53",
            "invalid_value",
        ),
        (
            "000201"
            "26580014br.gov.bcb.abc0136123e4567-e12b-12d1-a456-426655440000"
            "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***",
            "26.00",
            "invalid_value",
        ),
        (
            "000201"
            "26280014br.gov.bcb.pix0106abcdef"
            "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***",
            "26.01",
            "invalid_key",
        ),
        (
            "000201"
            "26580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
            "5204000053039865802BR5913Fulano de Tal6008BRASILIA6299",
            "62",
            "truncated",
        ),
        (
            "000201"
            "26580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
            "52040000530398654"
            "05-1.005802BR5913Fulano de Tal6008BRASILIA62070503***",
            "54",
            "invalid_value",
        ),
        (
            "000201"
            "26580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
            "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***5802BR",
            "58",
            "duplicate",
        ),
        (
            "000201"
            "26580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
            "5204000053039865802BR5913Fulano de Tal6008BRASILIA62090505ab-cd",
            "62.05",
            "invalid_value",
        ),
        (
            "000201"
            "26580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
            "5204000053039865802BR5913Fulano de Tal6008BRASILIA",
            "62",
            "missing",
        ),
        ("0102120002015802BR", "00", "malformed"),
        (
            "000201"
            "26580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
            "5204000053039865802BR5913Fulano de Tal6008BRASILIAx2070503***",
            None,
            "malformed",
        ),
    ],
)
def test_names_the_field_that_breaks_the_structure(body, field, code):
    with pytest.raises(PixError) as caught:
        pix_parse(_with_crc(body))
    assert (caught.value.field, caught.value.code) == (field, code)
    assert not pix_is_valid(_with_crc(body))


@pytest.mark.parametrize("text", [None, 123, "", "abc", "6304ABCD", "0002016304\n\x00ABC"])
def test_rejects_garbage_with_a_pix_error(text):
    with pytest.raises(PixError):
        pix_parse(text)


def test_keeps_fields_it_does_not_interpret_for_a_faithful_round_trip():
    text = _with_crc(
        "000201"
        "26580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
        "5204000053039865802BR5913Fulano de Tal6008BRASILIA6108013101006219"
        "0503***5008ABCDEFGH"
        "8007xyz1234"
    )
    payload = pix_parse(text)
    assert payload.postal_code == "01310100"
    assert payload.additional_extras == (("50", "ABCDEFGH"),)
    assert payload.extras == (("80", "xyz1234"),)
    assert pix_build(payload) == text


# -- properties -------------------------------------------------------------------------

_names = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda text: any(ch.isascii() and ch.isalnum() for ch in text))
_keys = st.one_of(
    cpfs,
    cnpjs,
    st.uuids().map(str),
    st.from_regex(r"\+55[1-9][0-9]9[0-9]{8}", fullmatch=True),
    st.from_regex(r"[a-z0-9._]{1,20}@[a-z0-9]{1,15}\.com\.br", fullmatch=True),
)
_amounts = st.none() | st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("999999.99"), places=2
)
_txids = st.none() | st.text(string.ascii_letters + string.digits, min_size=1, max_size=25)


@settings(max_examples=300)
@given(_keys, _names, _names, _amounts, _txids, st.booleans())
def test_static_payloads_round_trip_build_parse_build(key, name, city, amount, txid, single_use):
    payload = pix_static(
        key=key,
        merchant_name=name,
        merchant_city=city,
        amount=amount,
        txid=txid,
        single_use=single_use,
    )
    text = pix_build(payload)
    parsed = pix_parse(text)
    assert parsed == payload
    assert pix_build(parsed) == text


@settings(max_examples=150)
@given(
    st.from_regex(r"[a-z]{3,10}\.example\.com/qr/v2/[a-f0-9]{8,32}", fullmatch=True),
    _names,
    _names,
    _amounts,
)
def test_dynamic_payloads_round_trip_build_parse_build(url, name, city, amount):
    payload = pix_dynamic(url=url, merchant_name=name, merchant_city=city, amount=amount)
    text = pix_build(payload)
    assert pix_parse(text) == payload
    assert pix_build(pix_parse(text)) == text


@settings(max_examples=200)
@given(st.integers(0, len(MANUAL) - 5), st.characters(min_codepoint=32, max_codepoint=126))
def test_any_single_character_change_to_a_payload_is_refused_with_a_pix_error(position, char):
    mutated = MANUAL[:position] + char + MANUAL[position + 1 :]
    if mutated == MANUAL:
        return
    with pytest.raises(PixError):
        pix_parse(mutated)


# -- QR -------------------------------------------------------------------------------


def test_renders_the_qr_as_svg_and_png_carrying_the_payload():
    svg = pix_qr_svg(MANUAL)
    png = pix_qr_png(MANUAL)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    reference = segno.make_qr(MANUAL, error="m", boost_error=False)
    assert reference.error == "M"
    assert pix_qr_svg(pix_parse(MANUAL)) == svg


def test_refuses_to_draw_a_broken_payload():
    with pytest.raises(PixError):
        pix_qr_svg(MANUAL[:-1] + "0")

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.graphics.shapes import Drawing

from jornada.brazil.boleto import (
    _mod11_sum,
    boleto_barcode_check,
    boleto_barcode_to_line,
    boleto_build,
    boleto_line_check,
    boleto_line_format,
    boleto_line_to_barcode,
    boleto_parse,
    collection_build,
    collection_parse,
    due_date_from_factor,
    due_factor,
    mod10,
)
from jornada.brazil.boleto_render import (
    boleto_barcode_drawing,
    boleto_barcode_png,
    boleto_barcode_svg,
)
from jornada.brazil.errors import BoletoError

# Banco do Brasil's specification example: R$ 1,00 due 2007-12-31.
BB_LINE = "00190500954014481606906809350314337370000000100"
BB_BARCODE = "00193373700000001000500940144816060680935031"
# A Bradesco boleto: R$ 1.240,20 due 2008-11-01.
BRADESCO_LINE = "23790448095616862379336011058009740430000124020"

# -- due-date factor -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "factor"),
    [
        (date(2000, 7, 3), 1000),
        (date(2007, 12, 31), 3737),
        (date(2025, 2, 21), 9999),
        (date(2025, 2, 22), 1000),  # the factor restarts
        (date(2025, 2, 23), 1001),
        (date(2049, 10, 13), 9999),
        (date(2049, 10, 14), 1000),
    ],
)
def test_computes_the_due_date_factor(due, factor):
    assert due_factor(due) == factor


def test_reads_factor_1000_as_2000_or_2025_depending_on_the_reference():
    assert due_date_from_factor(1000, reference=date(2001, 1, 1)) == date(2000, 7, 3)
    assert due_date_from_factor(1000, reference=date(2025, 1, 1)) == date(2025, 2, 22)
    assert due_date_from_factor(9999, reference=date(2025, 3, 1)) == date(2025, 2, 21)
    assert due_date_from_factor(0, reference=date(2025, 3, 1)) is None


def test_refuses_factors_that_never_existed():
    with pytest.raises(BoletoError) as caught:
        due_date_from_factor(999, reference=date(2025, 1, 1))
    assert caught.value.code == "invalid_factor"
    with pytest.raises(BoletoError):
        due_factor(date(2000, 7, 2))


@given(st.dates(date(2000, 7, 3), date(2060, 1, 1)), st.integers(-3000, 5999))
def test_factor_round_trips_within_the_reference_window(due, offset):
    reference = due - timedelta(days=offset)
    assert due_date_from_factor(due_factor(due), reference=reference) == due


# -- fixed vectors -------------------------------------------------------------------


def test_converts_the_banco_do_brasil_example_both_ways():
    assert boleto_line_to_barcode(BB_LINE) == BB_BARCODE
    assert boleto_barcode_to_line(BB_BARCODE) == BB_LINE
    assert boleto_line_format(BB_LINE) == "00190.50095 40144.816069 06809.350314 3 37370000000100"


def test_reads_bank_due_date_and_amount():
    boleto = boleto_parse(
        "00190.50095 40144.816069 06809.350314 3 37370000000100", reference=date(2008, 1, 1)
    )
    assert (boleto.bank, boleto.currency, boleto.factor) == ("001", "9", 3737)
    assert boleto.due_date == date(2007, 12, 31)
    assert boleto.amount == Decimal("1.00")
    assert boleto.free_field == "0500940144816060680935031"
    bradesco = boleto_parse(BRADESCO_LINE, reference=date(2008, 10, 1))
    assert (bradesco.bank, bradesco.due_date, bradesco.amount) == (
        "237",
        date(2008, 11, 1),
        Decimal("1240.20"),
    )


def test_builds_a_boleto_from_its_parts():
    boleto = boleto_build(
        bank="001",
        free_field="0500940144816060680935031",
        due_date=date(2007, 12, 31),
        amount=Decimal("1.00"),
    )
    assert (boleto.barcode, boleto.line) == (BB_BARCODE, BB_LINE)


@pytest.mark.parametrize(
    ("line", "field", "expected", "got"),
    [
        ("00190500964014481606906809350314337370000000100", "field 1", 5, "6"),
        ("00190500954014481606806809350314337370000000100", "field 2", 9, "8"),
        ("00190500954014481606906809350315337370000000100", "field 3", 4, "5"),
        ("00190500954014481606906809350314237370000000100", "field 4", 3, "2"),
    ],
)
def test_says_which_check_digit_of_the_line_is_wrong(line, field, expected, got):
    with pytest.raises(BoletoError) as caught:
        boleto_line_check(line)
    assert (caught.value.code, caught.value.field) == ("invalid_check_digit", field)
    assert caught.value.params == {"part": field, "expected": expected, "got": got}


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0019050095", "invalid_length"),
        ("00190.50095 40144.816069 06809.350314 3 3737000000010X", "invalid_characters"),
        (None, "invalid_type"),
        ("", "invalid_length"),
    ],
)
def test_explains_malformed_boletos(value, code):
    with pytest.raises(BoletoError) as caught:
        boleto_parse(value)
    assert caught.value.code == code


def test_refuses_bank_codes_starting_with_8_which_mark_collection_slips():
    with pytest.raises(BoletoError) as caught:
        boleto_build(bank="856", free_field="0" * 25)
    assert (caught.value.code, caught.value.field) == ("invalid_bank", "bank")


def test_refuses_a_collection_barcode_as_a_bank_boleto():
    with pytest.raises(BoletoError) as caught:
        boleto_barcode_check("84670000001435900240200240500024384221010811")
    assert caught.value.code == "collection_slip"


# -- arrecadação ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "barcode", "value_type", "amount"),
    [
        (
            "846700000017435900240209024050002435842210108119",
            "84670000001435900240200240500024384221010811",
            "6",
            Decimal("143.59"),
        ),
        (
            "836400000011331201380002812884627116080136181551",
            "83640000001331201380008128846271108013618155",
            "6",
            Decimal("133.12"),
        ),
        (
            "858200000015333203852201770716220607710903749809",
            "85820000001333203852207707162206071090374980",
            "8",
            Decimal("133.32"),
        ),
    ],
)
def test_reads_real_collection_slips_in_both_forms(line, barcode, value_type, amount):
    from_line = collection_parse(line)
    assert (from_line.barcode, from_line.value_type, from_line.amount) == (
        barcode,
        value_type,
        amount,
    )
    assert collection_parse(barcode).line == line


def test_says_which_collection_block_is_wrong():
    with pytest.raises(BoletoError) as caught:
        collection_parse("846700000017435900240209024050002435842210108118")
    assert (caught.value.field, caught.value.params["expected"]) == ("block 4", 9)
    with pytest.raises(BoletoError) as caught:
        collection_parse("84670000001435900240200240500024384221010812")
    assert caught.value.field == "general"


# -- properties ------------------------------------------------------------------------

_boletos = st.builds(
    boleto_build,
    bank=st.from_regex(r"[0-79][0-9]{2}", fullmatch=True),
    free_field=st.from_regex(r"[0-9]{25}", fullmatch=True),
    due_date=st.none() | st.dates(date(2000, 7, 3), date(2040, 12, 31)),
    amount=st.none() | st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2),
)


@settings(max_examples=200)
@given(_boletos)
def test_every_generated_boleto_validates_in_both_forms(boleto):
    assert boleto_line_check(boleto.line) == boleto.line
    assert boleto_barcode_check(boleto.barcode) == boleto.barcode
    assert boleto_line_to_barcode(boleto.line) == boleto.barcode


@settings(max_examples=300)
@given(_boletos, st.integers(0, 46), st.integers(1, 9))
def test_single_digit_changes_to_a_line_are_caught_outside_the_mod11_blind_spot(
    boleto, position, shift
):
    line = boleto.line
    mutated = line[:position] + str((int(line[position]) + shift) % 10) + line[position + 1 :]
    try:
        boleto_line_check(mutated)
    except BoletoError as error:
        assert error.code == "invalid_check_digit"
        return
    # fields 1-3 have their own mod 10 (catches every single change); field 4 is the DV;
    # field 5 (factor, amount) relies on the general mod 11, where remainders 0, 1 and 10
    # all give DV 1.
    assert position >= 33
    before = _mod11_sum(boleto.barcode[:4] + boleto.barcode[5:])
    after_barcode = boleto_line_to_barcode(mutated)
    after = _mod11_sum(after_barcode[:4] + after_barcode[5:])
    assert {before, after} <= {0, 1, 10}


@settings(max_examples=200)
@given(st.from_regex(r"8[1-9][6-9][0-9]{40}", fullmatch=True))
def test_every_generated_collection_slip_validates_and_converts_both_ways(digits43):
    slip = collection_build(digits43)
    assert collection_parse(slip.line).barcode == slip.barcode
    assert collection_parse(slip.barcode).line == slip.line


@settings(max_examples=300)
@given(st.from_regex(r"8[1-9][67][0-9]{40}", fullmatch=True), st.integers(0, 47), st.integers(1, 9))
def test_single_digit_changes_to_a_mod10_collection_line_are_caught(digits43, position, shift):
    line = collection_build(digits43).line
    mutated = line[:position] + str((int(line[position]) + shift) % 10) + line[position + 1 :]
    with pytest.raises(BoletoError):
        collection_parse(mutated)


def test_mod10_matches_the_febraban_example():
    assert mod10("001905009") == 5


# -- rendering -----------------------------------------------------------------------------


def test_draws_the_itf_barcode_for_pdfs_svg_and_png():
    drawing = boleto_barcode_drawing(BB_BARCODE)
    assert isinstance(drawing, Drawing)
    # 405 modules of 0.254 mm plus 6.4 mm quiet zones: the FEBRABAN 103 mm symbol
    assert round(drawing.width / 72 * 25.4, 1) == round(405 * 0.254 + 2 * 6.4, 1)
    svg = boleto_barcode_svg(BB_BARCODE)
    assert "<svg" in svg and svg.count("<rect") > 100
    assert boleto_barcode_png(BB_BARCODE).startswith(b"\x89PNG")


def test_refuses_to_draw_a_wrong_barcode():
    with pytest.raises(BoletoError):
        boleto_barcode_svg(BB_BARCODE[:-1] + "2")

import string

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from validate_docbr import CNPJ as DocbrCNPJ
from validate_docbr import CPF as DocbrCPF

from jornada.brazil.documents import (
    cnpj_check_digits,
    cnpj_format,
    cnpj_generate,
    cnpj_is_valid,
    cnpj_mask,
    cnpj_validate,
    cpf_format,
    cpf_generate,
    cpf_is_valid,
    cpf_mask,
    cpf_validate,
    tax_id_format,
    tax_id_mask,
    tax_id_validate,
)
from jornada.brazil.errors import BrazilValueError, DocumentError

from .strategies import cnpjs, cpfs

# -- fixed vectors ----------------------------------------------------------


def test_accepts_the_receita_example_of_an_alphanumeric_cnpj():
    # Receita Federal's example for the July 2026 format
    assert cnpj_validate("12.ABC.345/01DE-35") == "12ABC34501DE35"
    assert cnpj_check_digits("12ABC34501DE") == "35"


def test_accepts_well_known_numeric_examples():
    assert cpf_validate("529.982.247-25") == "52998224725"
    assert cnpj_validate("11.222.333/0001-81") == "11222333000181"


def test_formats_and_masks_cpf_for_display():
    assert cpf_format("52998224725") == "529.982.247-25"
    assert cpf_mask("123.456.789-09") == "***.456.789-**"


def test_masks_a_document_or_shows_the_placeholder_given():
    from jornada.brazil.documents import tax_id_mask_or

    assert tax_id_mask_or("529.982.247-25", "—") == "***.982.247-**"
    assert tax_id_mask_or("11222333000181", "—") == tax_id_mask("11222333000181")
    assert tax_id_mask_or("123", "—") == "—"
    assert tax_id_mask_or("", "") == ""


def test_formats_and_masks_cnpj_for_display():
    assert cnpj_format("12abc34501de35") == "12.ABC.345/01DE-35"
    assert cnpj_mask("11222333000181") == "**.222.333/0001-**"


def test_tells_cpf_from_cnpj_by_length():
    assert tax_id_validate("529.982.247-25") == ("cpf", "52998224725")
    assert tax_id_validate("12.ABC.345/01DE-35") == ("cnpj", "12ABC34501DE35")
    assert tax_id_format("11222333000181") == "11.222.333/0001-81"
    assert tax_id_mask("52998224725") == "***.982.247-**"


# -- refusals name the problem ------------------------------------------------


def test_rejects_cpf_with_wrong_check_digit():
    with pytest.raises(DocumentError) as caught:
        cpf_validate("529.982.247-26")
    assert (caught.value.code, caught.value.field) == ("invalid_check_digit", "cpf")
    with translation.override("en"):
        assert str(caught.value) == "invalid check digit"
    with translation.override("pt-br"):
        assert str(caught.value) == "dígito verificador inválido"
        assert caught.value.fields == {"cpf": ["dígito verificador inválido"]}
    with translation.override("es"):
        assert str(caught.value.message) == "dígito verificador no válido"


def test_rejects_cpf_of_wrong_length_saying_how_long_it_was():
    with pytest.raises(DocumentError) as caught:
        cpf_validate("529.982.247-2")
    assert caught.value.code == "invalid_length"
    assert caught.value.params == {"length": 10}


@pytest.mark.parametrize("repeated", [d * 11 for d in string.digits])
def test_rejects_cpf_made_of_one_repeated_digit(repeated):
    # 000.000.000-00 and friends pass the arithmetic but are not issued
    with pytest.raises(DocumentError) as caught:
        cpf_validate(repeated)
    assert caught.value.code == "repeated_digits"
    assert not cpf_is_valid(repeated)


def test_rejects_cnpj_made_of_one_repeated_digit():
    with pytest.raises(DocumentError) as caught:
        cnpj_validate("00.000.000/0000-00")
    assert caught.value.code == "repeated_digits"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("529.982.247-2X", "invalid_characters"),
        (
            "\uff15\uff12\uff19\uff19\uff18\uff12\uff12\uff14\uff17\uff12\uff15",
            "invalid_characters",
        ),  # full-width digits
        ("", "invalid_length"),
        (52998224725, "invalid_type"),
        (None, "invalid_type"),
    ],
)
def test_explains_every_malformed_cpf(value, code):
    with pytest.raises(DocumentError) as caught:
        cpf_validate(value)
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)
    assert not cpf_is_valid(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("12.ABC.345/01DE-3A", "invalid_characters"),
        ("12.ABC.345/01DE-3", "invalid_length"),
        ("12.ABC.345/01DE-36", "invalid_check_digit"),
        ("12.ABC.345/01DÉ-35", "invalid_characters"),
        (12, "invalid_type"),
    ],
)
def test_explains_every_malformed_cnpj(value, code):
    with pytest.raises(DocumentError) as caught:
        cnpj_validate(value)
    assert caught.value.code == code
    assert not cnpj_is_valid(value)


def test_refuses_text_that_is_neither_cpf_nor_cnpj():
    with pytest.raises(BrazilValueError) as caught:
        tax_id_validate("123")
    assert (caught.value.code, caught.value.field) == ("invalid_length", "document")


# -- properties -----------------------------------------------------------------


def _cpf_remainders(body: str) -> tuple[int, int]:
    values = [int(c) for c in body]
    r1 = sum(w * v for w, v in zip(range(10, 1, -1), values, strict=True)) % 11
    d1 = 0 if r1 < 2 else 11 - r1
    r2 = (sum(w * v for w, v in zip(range(11, 2, -1), values, strict=True)) + 2 * d1) % 11
    return r1, r2


def _cnpj_remainders(body: str) -> tuple[int, int]:
    values = [ord(c) - 48 for c in body]
    w1 = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
    w2 = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3)
    r1 = sum(w * v for w, v in zip(w1, values, strict=True)) % 11
    d1 = 0 if r1 < 2 else 11 - r1
    r2 = (sum(w * v for w, v in zip(w2, values, strict=True)) + 2 * d1) % 11
    return r1, r2


def _only_zero_one_collapse(before: tuple[int, int], after: tuple[int, int]) -> bool:
    """Mod 11 maps remainders 0 and 1 both to digit 0: the scheme's one blind spot."""
    return all(a == b or {a, b} == {0, 1} for a, b in zip(before, after, strict=True))


@settings(max_examples=300)
@given(cpfs)
def test_every_generated_cpf_validates_and_agrees_with_validate_docbr(cpf):
    assert cpf_is_valid(cpf)
    assert cpf_validate(cpf_format(cpf)) == cpf
    assert DocbrCPF().validate(cpf)


@settings(max_examples=300)
@given(cpfs, st.integers(0, 10), st.integers(1, 9))
def test_single_digit_changes_to_a_cpf_are_caught_outside_the_mod11_blind_spot(
    cpf, position, shift
):
    # given a valid CPF with one digit changed
    mutated = cpf[:position] + str((int(cpf[position]) + shift) % 10) + cpf[position + 1 :]
    # when / then: it is rejected, unless the change only moved a remainder between 0 and 1
    if cpf_is_valid(mutated):
        assert position < 9
        assert _only_zero_one_collapse(_cpf_remainders(cpf[:9]), _cpf_remainders(mutated[:9]))
    assert cpf_is_valid(mutated) == DocbrCPF().validate(mutated)


def test_documents_a_real_cpf_pair_in_the_mod11_blind_spot():
    # 191.000.000-00 has first remainder 0; 091.000.000-00 has 1: both give digit 0,
    # and the first digit weighs 11 = 0 in the second sum, so both are valid CPFs.
    assert cpf_is_valid("19100000000")
    assert cpf_is_valid("09100000000")


@settings(max_examples=300)
@given(cnpjs)
def test_every_generated_cnpj_validates_and_agrees_with_validate_docbr(cnpj):
    assert cnpj_is_valid(cnpj)
    assert cnpj_validate(cnpj_format(cnpj)) == cnpj
    assert DocbrCNPJ().validate(cnpj)


_CNPJ_ALPHABET = string.digits + string.ascii_uppercase


@settings(max_examples=400)
@given(cnpjs, st.integers(0, 13), st.integers(1, 35))
def test_single_character_changes_to_a_cnpj_are_caught_outside_the_blind_spots(
    cnpj, position, shift
):
    alphabet = _CNPJ_ALPHABET if position < 12 else string.digits
    original = cnpj[position]
    replacement = alphabet[(alphabet.index(original) + shift) % len(alphabet)]
    if replacement == original:
        return
    mutated = cnpj[:position] + replacement + cnpj[position + 1 :]
    if cnpj_is_valid(mutated):
        # blind spots of the official scheme: characters whose values differ by a
        # multiple of 11 ("0" and "F") weigh the same; remainders 0 and 1 both give 0
        assert position < 12
        same_weight = (ord(replacement) - ord(original)) % 11 == 0
        assert same_weight or _only_zero_one_collapse(
            _cnpj_remainders(cnpj[:12]), _cnpj_remainders(mutated[:12])
        )
    assert cnpj_is_valid(mutated) == DocbrCNPJ().validate(mutated)


def test_documents_that_0_and_f_weigh_the_same_in_an_alphanumeric_cnpj():
    # ord("F") - ord("0") = 22, a multiple of 11: the check digits cannot see the swap
    assert cnpj_is_valid("12ABC34501DE35")
    assert cnpj_is_valid("12ABC345F1DE35")


def test_generators_make_valid_documents():
    import random

    rng = random.Random(7)
    assert all(cpf_is_valid(cpf_generate(rng)) for _ in range(50))
    assert all(cnpj_is_valid(cnpj_generate(rng, alphanumeric=True)) for _ in range(50))

from __future__ import annotations

import pytest

from jornada.catalog.errors import InvalidSku
from jornada.catalog.types import sku_normalize, variant_label
from jornada.catalog.validators import barcode_clean, gtin_check_digit_ok


def test_sku_is_trimmed_and_upper_cased():
    assert sku_normalize("  cam-bas_m.azul ") == "CAM-BAS_M.AZUL"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "a SKU is required"),
        ("   ", "a SKU is required"),
        ("CAM BAS", "a SKU may only have letters A-Z, digits and the characters . _ -"),
        ("CAMISÃO", "a SKU may only have letters A-Z, digits and the characters . _ -"),
        ("A" * 65, "a SKU has at most 64 characters"),
        (123, "a SKU must be text"),
    ],
)
def test_invalid_sku_is_refused_naming_the_sku_field(value, message):
    with pytest.raises(InvalidSku) as caught:
        sku_normalize(value)
    assert {k: [str(m) for m in v] for k, v in caught.value.fields.items()} == {"sku": [message]}


def test_sku_of_64_characters_is_accepted():
    assert sku_normalize("a" * 64) == "A" * 64


def test_label_puts_size_before_colour_whatever_the_stored_order():
    assert variant_label({"cor": "Azul", "tamanho": "M"}) == "Tamanho M / Cor Azul"
    assert variant_label({"tamanho": "M", "cor": "Azul"}) == "Tamanho M / Cor Azul"
    assert variant_label({"moagem": "Moído", "peso": "250 g"}) == "Peso 250 g / Moagem Moído"
    assert variant_label({}) == ""


@pytest.mark.parametrize("code", ["7891000315507", "96385074", "036000291452", "17891000315504"])
def test_real_gtins_pass_the_check_digit(code):
    assert gtin_check_digit_ok(code)
    assert barcode_clean(f" {code} ") == code


@pytest.mark.parametrize("code", ["7891000315508", "96385075", "036000291453"])
def test_gtins_with_a_wrong_check_digit_fail(code):
    assert not gtin_check_digit_ok(code)

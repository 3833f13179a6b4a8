from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jornada.shipping.models import RateRow
from jornada.shipping.rates import Rate, billable_grams, rate_for, rates_csv, rates_parse_csv
from jornada.shipping.services import ShippingInvalid, rates_import

GOOD = (
    "cep_start,cep_end,weight_max_grams,price,business_days\n"
    "01000-000,09999-999,1000,20.50,3\n"
    "01000000,09999999,5000,35.00,4\n"
    "80000000,99999999,1000,30.00,6\n"
)


def test_reads_a_rate_table_with_formatted_ceps():
    parsed = rates_parse_csv(GOOD)

    assert parsed.errors == {}
    assert parsed.rates[0] == Rate("01000000", "09999999", 1000, Decimal("20.50"), 3)
    assert len(parsed.rates) == 3


def test_reads_semicolon_files_with_decimal_commas():
    text = (
        "cep_start;cep_end;weight_max_grams;price;business_days\n01000000;09999999;1000;20,50;3\n"
    )

    assert rates_parse_csv(text).rates == (Rate("01000000", "09999999", 1000, Decimal("20.50"), 3),)


def test_names_every_bad_cell_by_row_and_column():
    text = (
        "cep_start,cep_end,weight_max_grams,price,business_days\n"
        "0100,09999999,1000,20.50,3\n"
        "01000000,09999999,zero,abc,-1\n"
        "09999999,01000000,1000,1.00,1\n"
    )

    parsed = rates_parse_csv(text)

    assert parsed.rates == ()
    assert set(parsed.errors) == {
        "rows.1.cep_start",
        "rows.2.weight_max_grams",
        "rows.2.price",
        "rows.2.business_days",
        "rows.3.cep_end",
    }


def test_refuses_a_file_without_the_columns():
    assert set(rates_parse_csv("cep,price\n1,2\n").errors) == {"file"}


def test_picks_the_smallest_weight_band_that_fits_the_destination():
    rates = rates_parse_csv(GOOD).rates

    assert rate_for(rates, cep="01310100", grams=900) == rates[0]
    assert rate_for(rates, cep="01310100", grams=1001) == rates[1]
    assert rate_for(rates, cep="01310100", grams=5001) is None
    assert rate_for(rates, cep="20000000", grams=100) is None


def test_correios_bill_the_cubic_weight_of_light_bulky_packages():
    # 40 x 30 x 30 cm = 36000 cm3 / 6000 = 6 kg, heavier than the real 1 kg
    assert (
        billable_grams(weight_grams=1000, dimensions_mm=(400, 300, 300), cubic_divisor=6000) == 6000
    )
    assert billable_grams(weight_grams=1000, dimensions_mm=(400, 300, 300), cubic_divisor=0) == 1000
    assert (
        billable_grams(weight_grams=9000, dimensions_mm=(100, 100, 100), cubic_divisor=6000) == 9000
    )


@given(
    st.lists(
        st.tuples(
            st.integers(1_000_000, 99_999_999),
            st.integers(0, 5_000_000),
            st.integers(1, 50_000),
            st.decimals(min_value=0, max_value=9999, places=2),
            st.integers(0, 30),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_a_table_survives_export_and_import_unchanged(rows):
    rates = tuple(
        Rate(f"{start:08d}", f"{min(start + span, 99_999_999):08d}", grams, price, days)
        for start, span, grams, price, days in rows
    )

    assert rates_parse_csv(rates_csv(rates)).rates == rates


@pytest.mark.django_db
def test_import_replaces_the_service_table():
    count = rates_import(service_code="correios-pac", csv_text=GOOD)

    assert count == 3
    assert RateRow.objects.filter(service__code="correios-pac").count() == 3


@pytest.mark.django_db
def test_a_bad_import_writes_nothing_and_keeps_the_old_table():
    before = list(RateRow.objects.filter(service__code="correios-pac").values_list("id", flat=True))
    bad = GOOD + "01000000,09999999,1000,xx,3\n"

    with pytest.raises(ShippingInvalid) as refused:
        rates_import(service_code="correios-pac", csv_text=bad)

    assert set(refused.value.fields) == {"rows.4.price"}
    after = list(RateRow.objects.filter(service__code="correios-pac").values_list("id", flat=True))
    assert after == before and before


@pytest.mark.django_db
def test_import_into_an_unknown_service_is_refused():
    with pytest.raises(ShippingInvalid) as refused:
        rates_import(service_code="nope", csv_text=GOOD)
    assert set(refused.value.fields) == {"service"}


@pytest.mark.django_db
def test_the_import_command_loads_a_file_or_names_the_bad_cells(tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    good = tmp_path / "pac.csv"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + "01000000,09999999,1000,xx,3\n", encoding="utf-8")
    out = StringIO()

    call_command("shipping_rates_import", "correios-pac", str(good), stdout=out)
    with pytest.raises(CommandError, match=r"rows\.4\.price"):
        call_command("shipping_rates_import", "correios-pac", str(bad))

    assert out.getvalue().strip() == "3 rates imported into correios-pac"
    assert RateRow.objects.filter(service__code="correios-pac").count() == 3

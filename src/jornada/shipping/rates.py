"""Rate tables as plain values: reading the CSV a carrier sends and pricing a package.

CSV columns (header required, comma or semicolon): ``cep_start, cep_end,
weight_max_grams, price, business_days``. A package takes the row whose CEP range holds
the destination and whose weight band is the smallest that fits its billable weight.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from jornada.brazil.cep import cep_normalize
from jornada.brazil.errors import CepError

COLUMNS = ("cep_start", "cep_end", "weight_max_grams", "price", "business_days")


@dataclass(frozen=True, slots=True)
class Rate:
    cep_start: str
    cep_end: str
    weight_max_grams: int
    price: Decimal
    business_days: int


@dataclass(frozen=True, slots=True)
class ParsedRates:
    rates: tuple[Rate, ...]
    errors: dict[str, list[str]]


def rates_parse_csv(text: str) -> ParsedRates:
    """Every row of the file, or the errors by ``rows.<n>.<column>`` (n from 1)."""
    errors: dict[str, list[str]] = {}
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return ParsedRates(
            (), {"file": [_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}]}
        )
    rates: list[Rate] = []
    for number, raw in enumerate(reader, start=1):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        rate = _row(row, prefix=f"rows.{number}", errors=errors)
        if rate is not None:
            rates.append(rate)
    if not rates and not errors:
        errors["file"] = [_("The file has no rates.")]
    return ParsedRates(tuple(rates), errors)


def _row(row: dict[str, str], *, prefix: str, errors: dict[str, list[str]]) -> Rate | None:
    bad = len(errors)
    ceps: list[str] = []
    for column in ("cep_start", "cep_end"):
        try:
            ceps.append(cep_normalize(row[column]))
        except CepError as error:
            errors[f"{prefix}.{column}"] = [str(error.message)]
    numbers: dict[str, int] = {}
    for column in ("weight_max_grams", "business_days"):
        try:
            numbers[column] = int(row[column])
            if numbers[column] < (1 if column == "weight_max_grams" else 0):
                raise ValueError
        except ValueError:
            errors[f"{prefix}.{column}"] = [_("Enter a positive whole number.")]
    try:
        price = Decimal(row["price"].replace(",", "."))
        if not price.is_finite() or price < 0 or price != price.quantize(Decimal("0.01")):
            raise InvalidOperation
    except InvalidOperation:
        errors[f"{prefix}.price"] = [_("Enter an amount such as 23.50.")]
    if len(errors) > bad:
        return None
    if ceps[0] > ceps[1]:
        errors[f"{prefix}.cep_end"] = [_("The range ends before it starts.")]
        return None
    return Rate(ceps[0], ceps[1], numbers["weight_max_grams"], price, numbers["business_days"])


def billable_grams(
    *, weight_grams: int, dimensions_mm: tuple[int, int, int], cubic_divisor: int
) -> int:
    """The weight a carrier charges: real weight, or cubic weight when it is larger."""
    if not cubic_divisor:
        return weight_grams
    length, width, height = dimensions_mm
    # cm^3 / divisor = kg, which in mm^3 and grams is mm^3 / divisor
    cubic = (length * width * height) // cubic_divisor
    return max(weight_grams, cubic)


def rate_for(rates: Iterable[Rate], *, cep: str, grams: int) -> Rate | None:
    """The row for this destination and billable weight (smallest band that fits)."""
    best: Rate | None = None
    for rate in rates:
        fits = rate.cep_start <= cep <= rate.cep_end and grams <= rate.weight_max_grams
        if fits and (best is None or rate.weight_max_grams < best.weight_max_grams):
            best = rate
    return best


def rates_csv(rates: Sequence[Rate]) -> str:
    """The table back as CSV (export, round trip)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rates:
        writer.writerow([r.cep_start, r.cep_end, r.weight_max_grams, r.price, r.business_days])
    return out.getvalue()

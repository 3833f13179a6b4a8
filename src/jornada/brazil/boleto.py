"""Boleto bancário (ficha de compensação) and arrecadação (collection) slips.

Bank boleto: the 44-digit barcode is ``bank(3) currency(1) DV(1) factor(4)
amount(10) free field(25)``; the 47-digit linha digitável regroups it in five fields,
the first three with a mod 10 check digit each, the fourth being the barcode's
general mod 11 DV. The due-date factor counts days from 1997-10-07; it reached 9999
on 2025-02-21 and restarted at 1000 on 2025-02-22, so reading it needs a reference
date (the candidate within 3000 days before to 5999 days after it is chosen).

Arrecadação (starts with 8): 44-digit barcode, 48-digit line of four blocks of 11
digits + DV; the 3rd digit picks mod 10 (6, 7) or mod 11 (8, 9) for every DV.

The ITF barcode drawings live in :mod:`jornada.brazil.boleto_render`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .errors import BoletoError

FACTOR_BASE = date(1997, 10, 7)
FACTOR_RESTART = date(2025, 2, 22)  # factor 1000 again
DAYS_BEFORE_REFERENCE = 3000
_SEPARATORS = str.maketrans("", "", ". -\t\n")
_CENTS = Decimal("0.01")


# ---------------------------------------------------------------------------
# Check digits
# ---------------------------------------------------------------------------


def mod10(digits: str) -> int:
    """FEBRABAN mod 10: weights 2,1,2,1... from the right, products' digits summed."""
    total = 0
    weight = 2
    for ch in reversed(digits):
        product = (ord(ch) - 48) * weight
        total += product - 9 if product > 9 else product
        weight = 3 - weight
    return (10 - total % 10) % 10


def _mod11_sum(digits: str) -> int:
    total = 0
    weight = 2
    for ch in reversed(digits):
        total += (ord(ch) - 48) * weight
        weight = 2 if weight == 9 else weight + 1
    return total % 11


def mod11_boleto(digits: str) -> int:
    """General DV of a bank barcode: 11 - (sum % 11), weights 2..9; 0, 10 and 11 give 1."""
    dv = 11 - _mod11_sum(digits)
    return 1 if dv in (0, 10, 11) else dv


def mod11_collection(digits: str) -> int:
    """Mod 11 of arrecadação: remainder 0 or 1 gives 0, else 11 - remainder."""
    remainder = _mod11_sum(digits)
    return 0 if remainder < 2 else 11 - remainder


# ---------------------------------------------------------------------------
# Due-date factor
# ---------------------------------------------------------------------------


def due_factor(due: date) -> int:
    """The 4-digit factor for ``due`` (1000..9999; from 2025-02-22 the second cycle)."""
    days = (due - FACTOR_BASE).days
    if days < 1000:
        raise BoletoError(
            _("due dates before 2000-07-03 have no factor"),
            code="invalid_due_date",
            field="due_date",
        )
    return days if days <= 9999 else (days - 1000) % 9000 + 1000


def due_date_from_factor(factor: int, *, reference: date) -> date | None:
    """The due date for ``factor`` nearest ``reference`` (None for factor 0: no due date).

    The cycles are 9000 days long, so the window from 3000 days before ``reference`` to
    5999 days after holds exactly one candidate.
    """
    if factor == 0:
        return None
    if not 1000 <= factor <= 9999:
        raise BoletoError(
            _("invalid due-date factor %(factor)d"),
            code="invalid_factor",
            field="due_date",
            params={"factor": factor},
        )
    earliest = reference - timedelta(days=DAYS_BEFORE_REFERENCE)
    candidate = FACTOR_BASE + timedelta(days=factor)
    while candidate < earliest:
        candidate += timedelta(days=9000)
    return candidate


# ---------------------------------------------------------------------------
# Bank boleto
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Boleto:
    """A checked bank boleto: both representations and what they say."""

    barcode: str
    line: str
    bank: str
    currency: str
    factor: int
    due_date: date | None
    amount: Decimal | None
    free_field: str

    @property
    def line_formatted(self) -> str:
        return boleto_line_format(self.line)


def _digits(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise BoletoError(_("must be text"), code="invalid_type", field=field)
    digits = value.strip().translate(_SEPARATORS)
    if digits and not (digits.isascii() and digits.isdigit()):
        raise BoletoError(
            _("invalid characters: only digits are allowed"), code="invalid_characters", field=field
        )
    return digits


def _length_error(field: str, expected: int, got: int) -> BoletoError:
    return BoletoError(
        _("invalid length: expected %(expected)d digits, got %(length)d"),
        code="invalid_length",
        field=field,
        params={"expected": expected, "length": got},
    )


def _check_digit_error(field: str, expected: int, got: str) -> BoletoError:
    return BoletoError(
        _("invalid check digit in %(part)s: expected %(expected)d, got %(got)s"),
        code="invalid_check_digit",
        field=field,
        params={"part": field, "expected": expected, "got": got},
    )


def boleto_barcode_check(barcode: object) -> str:
    """The 44-digit bank barcode when its general DV (position 5) is right."""
    digits = _digits(barcode, "barcode")
    if len(digits) != 44:
        raise _length_error("barcode", 44, len(digits))
    if digits[0] == "8":
        raise BoletoError(
            _("this is an arrecadação (collection) barcode, not a bank boleto"),
            code="collection_slip",
            field="barcode",
        )
    expected = mod11_boleto(digits[:4] + digits[5:])
    if digits[4] != str(expected):
        raise _check_digit_error("barcode", expected, digits[4])
    return digits


def boleto_line_check(line: object) -> str:
    """The 47-digit linha digitável when all its check digits are right."""
    digits = _digits(line, "line")
    if len(digits) != 47:
        raise _length_error("line", 47, len(digits))
    for part, start, end in (("field 1", 0, 9), ("field 2", 10, 20), ("field 3", 21, 31)):
        expected = mod10(digits[start:end])
        if digits[end] != str(expected):
            raise _check_digit_error(part, expected, digits[end])
    barcode = _line_to_barcode(digits)
    expected = mod11_boleto(barcode[:4] + barcode[5:])
    if barcode[4] != str(expected):
        raise _check_digit_error("field 4", expected, barcode[4])
    return digits


def _line_to_barcode(line: str) -> str:
    return line[0:4] + line[32] + line[33:47] + line[4:9] + line[10:20] + line[21:31]


def _barcode_to_line(barcode: str) -> str:
    free = barcode[19:44]
    field1 = barcode[0:4] + free[0:5]
    field2 = free[5:15]
    field3 = free[15:25]
    return (
        f"{field1}{mod10(field1)}{field2}{mod10(field2)}{field3}{mod10(field3)}"
        f"{barcode[4]}{barcode[5:19]}"
    )


def boleto_line_to_barcode(line: str) -> str:
    """47-digit line -> 44-digit barcode (checked)."""
    return _line_to_barcode(boleto_line_check(line))


def boleto_barcode_to_line(barcode: str) -> str:
    """44-digit barcode -> 47-digit line (checked)."""
    return _barcode_to_line(boleto_barcode_check(barcode))


def boleto_line_format(line: str) -> str:
    """``00190.50095 40144.816069 06809.350314 3 37370000000100``."""
    d = boleto_line_check(line)
    return f"{d[0:5]}.{d[5:10]} {d[10:15]}.{d[15:21]} {d[21:26]}.{d[26:32]} {d[32]} {d[33:47]}"


def boleto_parse(value: str, *, reference: date | None = None) -> Boleto:
    """A :class:`Boleto` from a 47-digit line or a 44-digit barcode.

    ``reference`` (default: today) picks the factor cycle of the due date.
    """
    digits = _digits(value, "line")
    if len(digits) == 47:
        line = boleto_line_check(digits)
        barcode = _line_to_barcode(line)
    elif len(digits) == 44:
        barcode = boleto_barcode_check(digits)
        line = _barcode_to_line(barcode)
    else:
        raise BoletoError(
            _("invalid length: a boleto has 47 digits (line) or 44 (barcode), got %(length)d"),
            code="invalid_length",
            field="line",
            params={"length": len(digits)},
        )
    factor = int(barcode[5:9])
    cents = int(barcode[9:19])
    return Boleto(
        barcode=barcode,
        line=line,
        bank=barcode[0:3],
        currency=barcode[3],
        factor=factor,
        due_date=due_date_from_factor(factor, reference=reference or date.today()),
        amount=(Decimal(cents) * _CENTS) if cents else None,
        free_field=barcode[19:44],
    )


def boleto_build(
    *,
    bank: str,
    free_field: str,
    due_date: date | None = None,
    amount: Decimal | None = None,
    currency: str = "9",
) -> Boleto:
    """A boleto from its parts: ``bank`` (3 digits), the bank's 25-digit ``free_field``,
    an optional due date and amount (``Decimal``, up to 99,999,999.99)."""
    if not (len(bank) == 3 and bank.isascii() and bank.isdigit()) or bank[0] == "8":
        # a leading 8 marks arrecadação slips, so no bank code starts with it
        raise BoletoError(
            _("the bank code has 3 digits and does not start with 8"),
            code="invalid_bank",
            field="bank",
        )
    if not (len(free_field) == 25 and free_field.isascii() and free_field.isdigit()):
        raise BoletoError(
            _("the free field has 25 digits"), code="invalid_free_field", field="free_field"
        )
    if not (len(currency) == 1 and currency.isdigit()):
        raise BoletoError(
            _("the currency code has 1 digit"), code="invalid_currency", field="currency"
        )
    factor = due_factor(due_date) if due_date is not None else 0
    if amount is None:
        cents = 0
    elif not isinstance(amount, Decimal) or amount < 0 or amount != amount.quantize(_CENTS):
        raise BoletoError(
            _("the amount must be a non-negative Decimal with at most two decimal places"),
            code="invalid_amount",
            field="amount",
        )
    else:
        cents = int(amount * 100)
        if cents > 9_999_999_999:
            raise BoletoError(_("the amount is too large"), code="invalid_amount", field="amount")
    rest = f"{factor:04d}{cents:010d}{free_field}"
    dv = mod11_boleto(bank + currency + rest)
    barcode = f"{bank}{currency}{dv}{rest}"
    return boleto_parse(barcode, reference=due_date or date.today())


# ---------------------------------------------------------------------------
# Arrecadação (collection)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CollectionSlip:
    """A checked arrecadação slip (utilities, taxes): both representations and its parts."""

    barcode: str
    line: str
    segment: str
    value_type: str
    amount: Decimal | None

    @property
    def uses_mod10(self) -> bool:
        return self.value_type in "67"


def _collection_dv(digits: str, value_type: str) -> int:
    return mod10(digits) if value_type in "67" else mod11_collection(digits)


def _collection_value_type(digits: str, field: str) -> str:
    if digits[0] != "8":
        raise BoletoError(
            _("an arrecadação slip starts with 8"), code="not_collection", field=field
        )
    value_type = digits[2]
    if value_type not in "6789":
        raise BoletoError(
            _("the third digit (value type) must be 6, 7, 8 or 9"),
            code="invalid_value_type",
            field=field,
        )
    return value_type


def collection_parse(value: str) -> CollectionSlip:
    """A :class:`CollectionSlip` from a 48-digit line or a 44-digit barcode, all DVs checked."""
    digits = _digits(value, "line")
    if len(digits) == 48:
        value_type = _collection_value_type(digits, "line")
        for block in range(4):
            data, dv = digits[block * 12 : block * 12 + 11], digits[block * 12 + 11]
            expected = _collection_dv(data, value_type)
            if dv != str(expected):
                raise _check_digit_error(f"block {block + 1}", expected, dv)
        barcode = "".join(digits[block * 12 : block * 12 + 11] for block in range(4))
        line = digits
    elif len(digits) == 44:
        barcode = digits
        value_type = _collection_value_type(barcode, "barcode")
        line = "".join(
            f"{barcode[i : i + 11]}{_collection_dv(barcode[i : i + 11], value_type)}"
            for i in range(0, 44, 11)
        )
    else:
        raise BoletoError(
            _(
                "invalid length: an arrecadação slip has 48 digits (line) or 44 (barcode), got %(length)d"
            ),
            code="invalid_length",
            field="line",
            params={"length": len(digits)},
        )
    expected = _collection_dv(barcode[:3] + barcode[4:], value_type)
    if barcode[3] != str(expected):
        raise _check_digit_error("general", expected, barcode[3])
    cents = int(barcode[4:15])
    return CollectionSlip(
        barcode=barcode,
        line=line,
        segment=barcode[1],
        value_type=value_type,
        amount=(Decimal(cents) * _CENTS) if value_type in "68" and cents else None,
    )


def collection_build(digits43: str) -> CollectionSlip:
    """A slip from its 43 digits without the general DV (position 4 is added)."""
    if not (len(digits43) == 43 and digits43.isascii() and digits43.isdigit()):
        raise _length_error("barcode", 43, len(digits43))
    value_type = _collection_value_type(digits43, "barcode")
    dv = _collection_dv(digits43, value_type)
    return collection_parse(f"{digits43[:3]}{dv}{digits43[3:]}")

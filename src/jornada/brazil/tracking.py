"""UPU S10 tracking codes (``AA123456785BR``): generate, validate, explain.

Two letters (service indicator), an 8-digit serial, a check digit and the ISO 3166
alpha-2 country of the issuing post. Check digit: weights 8 6 4 2 3 5 9 7 over the
serial; ``11 - sum % 11``, with 10 giving 0 and 11 giving 5.
"""

from __future__ import annotations

import string
from collections.abc import Iterator

from babel import Locale
from django.utils.translation import gettext_lazy as _

from .errors import TrackingCodeError

_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_LETTERS = frozenset(string.ascii_uppercase)
# Territories known to CLDR, less the pseudo-regions; UN is the UN postal administration.
_COUNTRIES = (
    frozenset(
        str(code)
        for code in Locale("en").territories
        if len(str(code)) == 2 and str(code).isalpha()
    )
    - {"ZZ", "EU", "EZ", "QO", "UN"}
) | {"UN"}


def s10_check_digit(serial: str) -> int:
    """The check digit for an 8-digit serial."""
    a, b, c, d, e, f, g, h = (ord(ch) - 48 for ch in serial)
    dv = 11 - (8 * a + 6 * b + 4 * c + 2 * d + 3 * e + 5 * f + 9 * g + 7 * h) % 11
    return 0 if dv == 10 else 5 if dv == 11 else dv


def s10_build(prefix: str, serial: int, country: str = "BR") -> str:
    """``s10_build("AA", 12345678)`` -> ``"AA123456785BR"``."""
    prefix, country = prefix.upper(), country.upper()
    if len(prefix) != 2 or not _LETTERS.issuperset(prefix):
        raise TrackingCodeError(
            _("the service indicator is two letters A-Z"), code="invalid_prefix", field="prefix"
        )
    if country not in _COUNTRIES:
        raise TrackingCodeError(
            _("unknown country code %(country)s"),
            code="invalid_country",
            field="country",
            params={"country": country},
        )
    if not 0 <= serial <= 99_999_999:
        raise TrackingCodeError(
            _("the serial number has at most 8 digits"), code="invalid_serial", field="serial"
        )
    digits = f"{serial:08d}"
    return f"{prefix}{digits}{s10_check_digit(digits)}{country}"


def s10_range(prefix: str, first: int, count: int, country: str = "BR") -> Iterator[str]:
    """``count`` consecutive codes starting at serial ``first`` (a range bought from the post)."""
    if count < 0 or first + count - 1 > 99_999_999:
        raise TrackingCodeError(
            _("the range goes beyond serial 99999999"), code="invalid_serial", field="serial"
        )
    for serial in range(first, first + count):
        yield s10_build(prefix, serial, country)


def s10_validate(code: object) -> str:
    """The code in upper case, or :class:`TrackingCodeError` whose ``code`` is the
    reason: ``invalid_length``, ``invalid_prefix``, ``invalid_serial``,
    ``invalid_check_digit`` (with expected and got) or ``invalid_country``."""
    if not isinstance(code, str):
        raise TrackingCodeError(
            _("a tracking code must be text"), code="invalid_type", field="code"
        )
    text = code.strip().upper().replace(" ", "")
    if len(text) != 13:
        raise TrackingCodeError(
            _("invalid length: a tracking code has 13 characters, got %(length)d"),
            code="invalid_length",
            field="code",
            params={"length": len(text)},
        )
    if not _LETTERS.issuperset(text[:2]):
        raise TrackingCodeError(
            _("the first two characters must be letters"), code="invalid_prefix", field="code"
        )
    serial, check = text[2:10], text[10]
    if not (serial.isascii() and serial.isdigit()):
        raise TrackingCodeError(
            _("characters 3 to 10 must be the 8-digit serial number"),
            code="invalid_serial",
            field="code",
        )
    if not _LETTERS.issuperset(text[11:]) or text[11:] not in _COUNTRIES:
        raise TrackingCodeError(
            _("unknown country code %(country)s"),
            code="invalid_country",
            field="code",
            params={"country": text[11:]},
        )
    expected = s10_check_digit(serial)
    if check != str(expected):
        raise TrackingCodeError(
            _("invalid check digit: expected %(expected)d, got %(got)s"),
            code="invalid_check_digit",
            field="code",
            params={"expected": expected, "got": check},
        )
    return text


def s10_is_valid(code: object) -> bool:
    """True for a valid S10 code. Never raises."""
    try:
        s10_validate(code)
    except TrackingCodeError:
        return False
    return True

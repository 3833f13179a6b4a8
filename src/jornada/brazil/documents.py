"""CPF and CNPJ (numeric and the alphanumeric CNPJ from July 2026).

Check digits are computed here (tight pure Python: validation is on the checkout hot
path); ``validate-docbr`` is the cross-check in the tests.

CNPJ: the first 12 positions may hold ``0-9A-Z``; each character's value is
``ord(c) - 48`` (so ``A`` = 17); the two check digits stay numeric; mod 11 with
weights 5..2,9..2 and 6..2,9..2, a remainder below 2 giving 0.

The mod 11 scheme cannot catch every single-character change (remainders 0 and 1
both give digit 0, and in alphanumeric CNPJs two characters whose values differ by a
multiple of 11 - ``0`` and ``F`` - weigh the same). See ``docs/brazil.md``.
"""

from __future__ import annotations

import random
import string
from typing import Literal

from django.utils.translation import gettext_lazy as _

from .errors import DocumentError

TaxIdKind = Literal["cpf", "cnpj"]

_SEPARATORS = str.maketrans("", "", ".-/ \t")
_CNPJ_BODY_CHARS = frozenset(string.digits + string.ascii_uppercase)
_CNPJ_W1 = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_CNPJ_W2 = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)


# ---------------------------------------------------------------------------
# CPF
# ---------------------------------------------------------------------------


def cpf_check_digits(body: str) -> str:
    """The two check digits for the 9-digit CPF ``body`` (digits only, unchecked)."""
    a, b, c, d, e, f, g, h, i = (ord(ch) - 48 for ch in body)
    s1 = 10 * a + 9 * b + 8 * c + 7 * d + 6 * e + 5 * f + 4 * g + 3 * h + 2 * i
    r = s1 % 11
    d1 = 0 if r < 2 else 11 - r
    # the second weights are the first plus one, then the first digit weighs 2
    r = (s1 + a + b + c + d + e + f + g + h + i + 2 * d1) % 11
    d2 = 0 if r < 2 else 11 - r
    return f"{d1}{d2}"


def cpf_is_valid(value: object) -> bool:
    """True when ``value`` is a valid CPF, formatted or not. Never raises."""
    if type(value) is not str:
        return False
    digits = value if len(value) == 11 else value.translate(_SEPARATORS)
    if len(digits) != 11 or not (digits.isascii() and digits.isdigit()):
        return False
    if digits == digits[0] * 11:
        return False
    return digits[9:] == cpf_check_digits(digits[:9])


def cpf_validate(value: object) -> str:
    """The CPF as 11 digits, or :class:`DocumentError` saying exactly what is wrong."""
    if not isinstance(value, str):
        raise DocumentError(_("a CPF must be text"), code="invalid_type", field="cpf")
    digits = value.strip().translate(_SEPARATORS)
    if digits and not (digits.isascii() and digits.isdigit()):
        raise DocumentError(
            _("invalid characters: a CPF has only digits"), code="invalid_characters", field="cpf"
        )
    if len(digits) != 11:
        raise DocumentError(
            _("invalid length: a CPF has 11 digits, got %(length)d"),
            code="invalid_length",
            field="cpf",
            params={"length": len(digits)},
        )
    if digits == digits[0] * 11:
        raise DocumentError(
            _("invalid CPF: all digits are the same"), code="repeated_digits", field="cpf"
        )
    if digits[9:] != cpf_check_digits(digits[:9]):
        raise DocumentError(_("invalid check digit"), code="invalid_check_digit", field="cpf")
    return digits


def cpf_format(value: str) -> str:
    """``52998224725`` -> ``529.982.247-25`` (validates first)."""
    d = cpf_validate(value)
    return f"{d[:3]}.{d[3:6]}.{d[6:9]}-{d[9:]}"


def cpf_mask(value: str) -> str:
    """The CPF for display with the first three and the check digits hidden: ``***.982.247-**``."""
    d = cpf_validate(value)
    return f"***.{d[3:6]}.{d[6:9]}-**"


def cpf_generate(rng: random.Random | None = None) -> str:
    """A random valid CPF (11 digits), for tests and sandboxes."""
    rng = rng or random.Random()
    while True:
        body = "".join(rng.choice(string.digits) for _ in range(9))
        if body != body[0] * 9:
            return body + cpf_check_digits(body)


# ---------------------------------------------------------------------------
# CNPJ
# ---------------------------------------------------------------------------


def cnpj_check_digits(body: str) -> str:
    """The two check digits for the 12-character CNPJ ``body`` (``0-9A-Z``, unchecked)."""
    values = [ord(ch) - 48 for ch in body]
    s1 = 0
    for w, v in zip(_CNPJ_W1, values, strict=True):
        s1 += w * v
    r = s1 % 11
    d1 = 0 if r < 2 else 11 - r
    s2 = 2 * d1
    for w, v in zip(_CNPJ_W2, values, strict=False):
        s2 += w * v
    r = s2 % 11
    d2 = 0 if r < 2 else 11 - r
    return f"{d1}{d2}"


def _cnpj_normalise(value: str) -> str:
    return value.strip().upper().translate(_SEPARATORS)


def cnpj_is_valid(value: object) -> bool:
    """True when ``value`` is a valid CNPJ (numeric or alphanumeric). Never raises."""
    if type(value) is not str:
        return False
    cnpj = _cnpj_normalise(value)
    if len(cnpj) != 14 or not cnpj.isascii():
        return False
    body, dv = cnpj[:12], cnpj[12:]
    if not dv.isdigit() or not _CNPJ_BODY_CHARS.issuperset(body) or cnpj == cnpj[0] * 14:
        return False
    return dv == cnpj_check_digits(body)


def cnpj_validate(value: object) -> str:
    """The CNPJ as 14 characters (uppercase), or :class:`DocumentError` with the problem."""
    if not isinstance(value, str):
        raise DocumentError(_("a CNPJ must be text"), code="invalid_type", field="cnpj")
    cnpj = _cnpj_normalise(value)
    if cnpj and not (cnpj.isascii() and cnpj.isalnum()):
        raise DocumentError(
            _("invalid characters: a CNPJ has only letters and digits"),
            code="invalid_characters",
            field="cnpj",
        )
    if len(cnpj) != 14:
        raise DocumentError(
            _("invalid length: a CNPJ has 14 characters, got %(length)d"),
            code="invalid_length",
            field="cnpj",
            params={"length": len(cnpj)},
        )
    if not cnpj[12:].isdigit():
        raise DocumentError(
            _("invalid characters: the last two CNPJ characters are digits"),
            code="invalid_characters",
            field="cnpj",
        )
    if cnpj == cnpj[0] * 14:
        raise DocumentError(
            _("invalid CNPJ: all digits are the same"), code="repeated_digits", field="cnpj"
        )
    if cnpj[12:] != cnpj_check_digits(cnpj[:12]):
        raise DocumentError(_("invalid check digit"), code="invalid_check_digit", field="cnpj")
    return cnpj


def cnpj_format(value: str) -> str:
    """``12ABC34501DE35`` -> ``12.ABC.345/01DE-35`` (validates first)."""
    c = cnpj_validate(value)
    return f"{c[:2]}.{c[2:5]}.{c[5:8]}/{c[8:12]}-{c[12:]}"


def cnpj_mask(value: str) -> str:
    """The CNPJ for display with the first two and the check digits hidden: ``**.345.678/0001-**``."""
    c = cnpj_validate(value)
    return f"**.{c[2:5]}.{c[5:8]}/{c[8:12]}-**"


def cnpj_generate(rng: random.Random | None = None, *, alphanumeric: bool = False) -> str:
    """A random valid CNPJ; ``alphanumeric`` draws the first 12 from ``0-9A-Z``."""
    rng = rng or random.Random()
    alphabet = string.digits + string.ascii_uppercase if alphanumeric else string.digits
    while True:
        body = "".join(rng.choice(alphabet) for _ in range(12))
        if body != body[0] * 12:
            return body + cnpj_check_digits(body)


# ---------------------------------------------------------------------------
# Either
# ---------------------------------------------------------------------------


def tax_id_validate(value: object) -> tuple[TaxIdKind, str]:
    """A CPF or a CNPJ, told apart by length: ``("cpf", "52998224725")``."""
    if not isinstance(value, str):
        raise DocumentError(_("a CPF or CNPJ must be text"), code="invalid_type", field="document")
    size = len(_cnpj_normalise(value))
    if size == 11:
        return "cpf", cpf_validate(value)
    if size == 14:
        return "cnpj", cnpj_validate(value)
    raise DocumentError(
        _("invalid length: a CPF has 11 digits and a CNPJ 14 characters, got %(length)d"),
        code="invalid_length",
        field="document",
        params={"length": size},
    )


def tax_id_format(value: str) -> str:
    kind, normalised = tax_id_validate(value)
    return cpf_format(normalised) if kind == "cpf" else cnpj_format(normalised)


def tax_id_mask(value: str) -> str:
    kind, normalised = tax_id_validate(value)
    return cpf_mask(normalised) if kind == "cpf" else cnpj_mask(normalised)


def tax_id_mask_or(value: str, default: str) -> str:
    """``tax_id_mask(value)``, or ``default`` where ``value`` is not a valid CPF or CNPJ
    (pages and documents show a placeholder rather than fail on old or odd data)."""
    try:
        return tax_id_mask(value)
    except DocumentError:
        return default

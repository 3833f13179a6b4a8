"""Money: a ``Decimal`` amount in a currency, never a float.

The amount is quantised to the currency's minor unit (ISO 4217 via babel: 2 for BRL,
0 for CLP...) with ROUND_HALF_UP. Arithmetic only between the same currency.
Formatting and parsing follow the language (``pt-br`` -> ``R$ 1.234,56``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from babel.core import UnknownLocaleError
from babel.numbers import (
    NumberFormatError,
    format_currency,
    get_currency_precision,
    get_currency_symbol,
    parse_decimal,
)
from babel.numbers import list_currencies as _babel_currencies
from django.utils.translation import gettext_lazy as _

from .errors import CurrencyMismatch, MoneyError
from .i18n import babel_locale

_SPACES = str.maketrans({"\xa0": " ", "\u202f": " "})


@lru_cache(maxsize=64)
def _exponent(currency: str) -> Decimal:
    return Decimal(1).scaleb(-get_currency_precision(currency))


@lru_cache(maxsize=1)
def _currencies() -> frozenset[str]:
    return frozenset(_babel_currencies())


def _decimal(value: object, field: str = "amount") -> Decimal:
    if isinstance(value, (bool, float)):
        raise MoneyError(
            _("amounts must be Decimal, int or text, never float"),
            code="float_refused",
            field=field,
        )
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, str):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            raise MoneyError(_("not an amount"), code="invalid_amount", field=field) from None
    else:
        raise MoneyError(_("not an amount"), code="invalid_amount", field=field)
    if not amount.is_finite():
        raise MoneyError(_("not an amount"), code="invalid_amount", field=field)
    return amount


@dataclass(frozen=True, slots=True)
class Money:
    """``Money("1234.56")`` (BRL) or ``Money(Decimal("10"), "USD")``."""

    amount: Decimal
    currency: str = "BRL"

    def __init__(self, amount: Decimal | int | str, currency: str = "BRL") -> None:
        code = currency.upper() if isinstance(currency, str) else ""
        if code not in _currencies():
            raise MoneyError(_("unknown currency"), code="invalid_currency", field="currency")
        try:
            value = _decimal(amount).quantize(_exponent(code), rounding=ROUND_HALF_UP)
        except InvalidOperation:
            # more digits than the decimal context holds (28)
            raise MoneyError(_("the amount is too large"), code="invalid_amount") from None
        object.__setattr__(self, "amount", value)
        object.__setattr__(self, "currency", code)

    @classmethod
    def zero(cls, currency: str = "BRL") -> Money:
        return cls(0, currency)

    @classmethod
    def from_minor(cls, units: int, currency: str = "BRL") -> Money:
        """``Money.from_minor(123456)`` -> R$ 1.234,56."""
        return cls(Decimal(units) * _exponent(currency.upper()), currency)

    @property
    def minor_units(self) -> int:
        """The amount in cents (or the currency's minor unit)."""
        return int(self.amount.scaleb(get_currency_precision(self.currency)))

    def _same(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise MoneyError(_("can only combine Money with Money"), code="invalid_operand")
        if other.currency != self.currency:
            raise CurrencyMismatch(
                _("cannot combine %(left)s with %(right)s"),
                field="currency",
                params={"left": self.currency, "right": other.currency},
            )
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same(other).amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same(other).amount, self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        return Money(self.amount * _decimal(factor, "factor"), self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same(other).amount

    def __bool__(self) -> bool:
        return bool(self.amount)

    def split(self, parts: int) -> tuple[Money, ...]:
        """``parts`` amounts that sum exactly to this one; the first ones carry the extra cents."""
        if parts < 1:
            raise MoneyError(_("cannot split into less than one part"), code="invalid_parts")
        base, extra = divmod(self.minor_units, parts)
        return tuple(
            Money.from_minor(base + (1 if index < extra else 0), self.currency)
            for index in range(parts)
        )

    def __str__(self) -> str:
        return f"{self.currency} {self.amount}"


def money_format(money: Money, *, language: str | None = None) -> str:
    """``R$ 1.234,56`` (pt-br), ``1.234,56 BRL`` (es), ``R$1,234.56`` (en); plain spaces."""
    try:
        text = format_currency(money.amount, money.currency, locale=babel_locale(language))
    except UnknownLocaleError:
        raise MoneyError(_("unknown language"), code="invalid_language", field="language") from None
    return text.translate(_SPACES)


def money_parse(text: object, *, currency: str = "BRL", language: str | None = None) -> Money:
    """The inverse of :func:`money_format`: ``"R$ 1.234,56"`` -> ``Money("1234.56")``.

    Symbols, the currency code and spaces are ignored; the language decides which
    of ``.`` and ``,`` is the decimal separator.
    """
    if not isinstance(text, str):
        raise MoneyError(_("not an amount"), code="invalid_amount", field="amount")
    locale = babel_locale(language)
    cleaned = text.translate(_SPACES).strip()
    for token in sorted(
        {get_currency_symbol(currency, locale=locale), currency, "R$"}, key=len, reverse=True
    ):
        cleaned = cleaned.replace(token, "")
    cleaned = cleaned.replace(" ", "")
    negative = cleaned.startswith("-") or (cleaned.startswith("(") and cleaned.endswith(")"))
    cleaned = cleaned.strip("-()")
    if not cleaned or not re.fullmatch(r"[0-9.,]+", cleaned):
        raise MoneyError(_("not an amount"), code="invalid_amount", field="amount")
    try:
        amount = parse_decimal(cleaned, locale=locale, strict=True)
    except NumberFormatError:
        raise MoneyError(_("not an amount"), code="invalid_amount", field="amount") from None
    except UnknownLocaleError:
        raise MoneyError(_("unknown language"), code="invalid_language", field="language") from None
    return Money(-amount if negative else amount, currency)

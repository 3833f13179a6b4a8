"""Field rules shared by the services, the admin (model ``clean()``) and the CSV importer.

Pure functions over plain values: each returns the normalised value or raises a
``CatalogError`` naming its field. ``*_values_clean`` check several fields at once and
report every bad one together.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from jornada.brazil.errors import MoneyError
from jornada.brazil.money import Money

from .errors import CatalogError, FieldErrors
from .types import sku_normalize

NAME_MAX_LENGTH = 200
CATEGORY_NAME_MAX_LENGTH = 120
SLUG_MAX_LENGTH = 200
PRICE_MAX = Decimal("9999999999.99")  # max_digits=12, decimal_places=2
WEIGHT_MAX_GRAMS = 1_000_000  # one tonne
DIMENSION_MAX_MM = 10_000  # ten metres
OPTIONS_MAX = 10
OPTION_NAME_MAX_LENGTH = 40
OPTION_VALUE_MAX_LENGTH = 80
GTIN_LENGTHS = (8, 12, 13, 14)
MEASURES = ("weight_grams", "length_mm", "width_mm", "height_mm")
PRODUCT_FLAGS = ("is_fragile", "is_perishable", "is_oversize", "is_high_value")

_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# "=" and ";" separate options in the CSV format, "|" separates lists there.
_OPTION_FORBIDDEN = re.compile(r"[=;|]")


def price_clean(value: object, field: str = "price") -> Decimal:
    """A non-negative ``Decimal`` with at most two decimal places; floats are refused."""
    if isinstance(value, (bool, float)):
        raise CatalogError.on(field, _("a price must be a Decimal, never a float"))
    if isinstance(value, int):
        value = Decimal(value)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise CatalogError.on(field, _("not an amount"))
    if value < 0:
        raise CatalogError.on(field, _("a price cannot be negative"))
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise CatalogError.on(field, _("a price has at most 2 decimal places"))
    if value > PRICE_MAX:
        raise CatalogError.on(field, _("a price is at most %(max)s"), max=PRICE_MAX)
    return value.quantize(Decimal("0.01"))


def currency_clean(value: object) -> str:
    if not isinstance(value, str):
        raise CatalogError.on("currency", _("unknown currency"))
    try:
        return Money(0, value.strip()).currency
    except MoneyError:
        raise CatalogError.on("currency", _("unknown currency")) from None


def measure_clean(field: str, value: object) -> int:
    """Weight in grams or a side in millimetres: a whole number, at least 1."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise CatalogError.on(field, _("must be a whole number"))
    if value < 1:
        raise CatalogError.on(field, _("must be at least 1"))
    limit = WEIGHT_MAX_GRAMS if field == "weight_grams" else DIMENSION_MAX_MM
    if value > limit:
        raise CatalogError.on(field, _("must be at most %(max)d"), max=limit)
    return value


def options_clean(value: object) -> dict[str, str]:
    """``{" Tamanho ": "M "}`` -> ``{"tamanho": "M"}``: lower-case names, trimmed text values."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise CatalogError.on("options", _("options must be name/value pairs"))
    if len(value) > OPTIONS_MAX:
        raise CatalogError.on("options", _("at most %(max)d options"), max=OPTIONS_MAX)
    cleaned: dict[str, str] = {}
    for raw_name, raw_value in value.items():
        if not isinstance(raw_name, str) or not isinstance(raw_value, str):
            raise CatalogError.on("options", _("option names and values must be text"))
        name, text = raw_name.strip().lower(), raw_value.strip()
        if not name or not text:
            raise CatalogError.on("options", _("an option needs a name and a value"))
        if len(name) > OPTION_NAME_MAX_LENGTH or len(text) > OPTION_VALUE_MAX_LENGTH:
            raise CatalogError.on(
                "options",
                _("option names have at most %(name)d characters and values %(value)d"),
                name=OPTION_NAME_MAX_LENGTH,
                value=OPTION_VALUE_MAX_LENGTH,
            )
        if _OPTION_FORBIDDEN.search(name) or _OPTION_FORBIDDEN.search(text):
            raise CatalogError.on("options", _("options cannot contain the characters = ; |"))
        if name in cleaned:
            raise CatalogError.on("options", _("option %(name)s is repeated"), name=name)
        cleaned[name] = text
    return cleaned


def gtin_check_digit_ok(digits: str) -> bool:
    """GS1 mod-10: weights 3, 1, 3... from the digit left of the check digit."""
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def barcode_clean(value: object) -> str:
    """A GTIN-8/12/13/14 (EAN/UPC) with a valid check digit, or ``""`` for none."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise CatalogError.on("barcode", _("a barcode must be text"))
    digits = value.strip()
    if not digits:
        return ""
    if not digits.isascii() or not digits.isdigit() or len(digits) not in GTIN_LENGTHS:
        raise CatalogError.on("barcode", _("a barcode (GTIN/EAN) has 8, 12, 13 or 14 digits"))
    if not gtin_check_digit_ok(digits):
        raise CatalogError.on("barcode", _("the barcode check digit is wrong"))
    return digits


def name_clean(value: object, field: str = "name", max_length: int = NAME_MAX_LENGTH) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CatalogError.on(field, _("a name is required"))
    name = " ".join(value.split())
    if len(name) > max_length:
        raise CatalogError.on(field, _("at most %(max)d characters"), max=max_length)
    return name


def slug_clean(value: object, *, name: str = "") -> str:
    """The given slug (lower-cased) or, when empty, one made from ``name``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        value = slugify(name)
        if not value:
            raise CatalogError.on("slug", _("a slug is required (the name gives none)"))
    if not isinstance(value, str):
        raise CatalogError.on("slug", _("a slug must be text"))
    slug = value.strip().lower()
    if len(slug) > SLUG_MAX_LENGTH:
        raise CatalogError.on("slug", _("at most %(max)d characters"), max=SLUG_MAX_LENGTH)
    if not _SLUG_RE.fullmatch(slug):
        raise CatalogError.on(
            "slug", _("a slug has only lower-case letters, digits and single hyphens")
        )
    return slug


def flag_clean(field: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise CatalogError.on(field, _("must be true or false"))
    return value


_VARIANT_CLEANERS: dict[str, Any] = {
    "sku": sku_normalize,
    "price": price_clean,
    "currency": currency_clean,
    "options": options_clean,
    "barcode": barcode_clean,
    "is_active": lambda value: flag_clean("is_active", value),
    **{field: (lambda value, field=field: measure_clean(field, value)) for field in MEASURES},
}


def variant_values_clean(values: Mapping[str, Any]) -> dict[str, Any]:
    """Every given variant field normalised; one ``CatalogError`` listing all bad ones."""
    return _clean_all(values, _VARIANT_CLEANERS)


def product_values_clean(values: Mapping[str, Any]) -> dict[str, Any]:
    """Every given product field normalised (``slug`` made from ``name`` when empty)."""
    cleaners: dict[str, Any] = {
        "name": name_clean,
        "slug": lambda value: slug_clean(value, name=str(values.get("name") or "")),
        "description": lambda value: _text_clean("description", value),
        "is_active": lambda value: flag_clean("is_active", value),
        **{flag: (lambda value, flag=flag: flag_clean(flag, value)) for flag in PRODUCT_FLAGS},
    }
    return _clean_all(values, cleaners)


def category_values_clean(values: Mapping[str, Any]) -> dict[str, Any]:
    cleaners: dict[str, Any] = {
        "name": lambda value: name_clean(value, max_length=CATEGORY_NAME_MAX_LENGTH),
        "slug": lambda value: slug_clean(value, name=str(values.get("name") or "")),
    }
    return _clean_all(values, cleaners)


def _text_clean(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise CatalogError.on(field, _("must be text"))
    return value.strip()


def _clean_all(values: Mapping[str, Any], cleaners: Mapping[str, Any]) -> dict[str, Any]:
    errors = FieldErrors()
    cleaned: dict[str, Any] = {}
    for field, value in values.items():
        cleaner = cleaners.get(field)
        if cleaner is None:
            cleaned[field] = value
            continue
        try:
            cleaned[field] = cleaner(value)
        except CatalogError as exc:
            errors.merge(exc)
    errors.raise_if_any()
    return cleaned

"""Plain values the catalog hands to other apps (orders, cross-sell, storefront)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from jornada.brazil.money import Money

from .errors import InvalidSku

SKU_MAX_LENGTH = 64
_SKU_RE = re.compile(r"[A-Z0-9._-]+")

#: Option names shown first in labels, in this order; any other name follows alphabetically.
#: Options are stored as a JSON object, whose key order PostgreSQL does not keep, so labels
#: and exports order them here rather than trusting the stored order.
OPTION_ORDER = ("tamanho", "talla", "size", "cor", "color", "colour", "voltagem", "sabor", "peso")
_OPTION_RANK = {name: rank for rank, name in enumerate(OPTION_ORDER)}


def sku_normalize(value: str) -> str:
    """``" cam-basica-m-azul "`` -> ``"CAM-BASICA-M-AZUL"``; raises :class:`InvalidSku`."""
    if not isinstance(value, str):
        raise InvalidSku.on("sku", _("a SKU must be text"))
    sku = value.strip().upper()
    if not sku:
        raise InvalidSku.on("sku", _("a SKU is required"))
    if len(sku) > SKU_MAX_LENGTH:
        raise InvalidSku.on("sku", _("a SKU has at most %(max)d characters"), max=SKU_MAX_LENGTH)
    if not _SKU_RE.fullmatch(sku):
        raise InvalidSku.on(
            "sku", _("a SKU may only have letters A-Z, digits and the characters . _ -")
        )
    return sku


def options_ordered(options: Mapping[str, str]) -> list[tuple[str, str]]:
    """The options as ``(name, value)`` pairs in display order (size, then colour, ...)."""
    return sorted(options.items(), key=lambda item: (_OPTION_RANK.get(item[0], 99), item[0]))


def variant_label(options: Mapping[str, str]) -> str:
    """``{"cor": "Azul", "tamanho": "M"}`` -> ``"Tamanho M / Cor Azul"``; ``""`` without options."""
    return " / ".join(f"{name.capitalize()} {value}" for name, value in options_ordered(options))


@dataclass(frozen=True, slots=True)
class VariantSnapshot:
    """What an order line needs to know about a variant at the moment it is ordered."""

    variant_id: int
    sku: str
    product_id: int
    product_name: str
    variant_label: str
    unit_price: Decimal
    currency: str
    weight_grams: int
    length_mm: int
    width_mm: int
    height_mm: int
    fragile: bool
    perishable: bool
    oversize: bool
    high_value: bool

    @property
    def unit_money(self) -> Money:
        return Money(self.unit_price, self.currency)


@dataclass(frozen=True, slots=True)
class ProductSummary:
    """A product offered for cross-sell: its cheapest active variant gives the price."""

    product_id: int
    name: str
    slug: str
    from_price: Decimal
    currency: str

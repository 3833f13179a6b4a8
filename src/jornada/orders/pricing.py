"""Prices, shipping and totals of an order: pure functions over plain values.

Nothing here trusts the client: prices come from the catalog snapshot, totals are
computed here, and everything is ``Decimal``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from jornada.brazil.errors import BrazilValueError
from jornada.brazil.instalments import InstalmentPolicy, instalment_plan
from jornada.brazil.money import Money
from jornada.catalog.types import VariantSnapshot
from jornada.orders.models import PaymentMethod
from jornada.orders.types import LineInput, PricedLine, PricedOrder, Totals

CENT = Decimal("0.01")
_METHODS = frozenset(PaymentMethod.values)  # the enum builds its list on every access
HANDLING_FLAGS = ("fragile", "perishable", "oversize", "high_value")


@dataclass(frozen=True, slots=True)
class PricingRules:
    shipping_base: Decimal
    shipping_per_kg: Decimal
    free_shipping_from: Decimal
    gift_wrap_price: Decimal
    payment_methods: frozenset[str]
    instalments: InstalmentPolicy


@cache
def rules_from_settings() -> PricingRules:
    return PricingRules(
        shipping_base=Decimal(settings.SHIPPING_BASE),
        shipping_per_kg=Decimal(settings.SHIPPING_PER_KG),
        free_shipping_from=Decimal(settings.FREE_SHIPPING_FROM),
        gift_wrap_price=Decimal(settings.GIFT_WRAP_PRICE),
        payment_methods=frozenset(settings.PAYMENT_METHODS),
        instalments=InstalmentPolicy(
            max_instalments=settings.MAX_INSTALMENTS,
            interest_free_up_to=settings.INTEREST_FREE_INSTALMENTS,
            monthly_rate=Decimal(settings.MONTHLY_INTEREST),
            min_instalment=Money(settings.MIN_INSTALMENT),
        ),
    )


def pricing_rules() -> PricingRules:
    """The rules in force now: ``rules_from_settings`` with the payment methods and
    instalment policy the store chose. The payments app owns those (it sits downstream of
    orders), so they are reached through ``jornada.wiring.PRICING_RULES``."""
    from jornada import wiring

    rules: PricingRules = import_string(wiring.PRICING_RULES)()
    return rules


def shipping_price(*, subtotal: Decimal, weight_grams: int, rules: PricingRules) -> Decimal:
    """Interim store rule until carriers quote: free above a total, else base + per kg."""
    if subtotal >= rules.free_shipping_from:
        return Decimal("0.00")
    kilos = max(1, math.ceil(weight_grams / 1000))
    return (rules.shipping_base + rules.shipping_per_kg * (kilos - 1)).quantize(CENT)


def price_lines(
    lines: Sequence[LineInput], variants: Mapping[str, VariantSnapshot]
) -> tuple[tuple[PricedLine, ...], dict[str, list[str]]]:
    priced: list[PricedLine] = []
    errors: dict[str, list[str]] = {}
    currencies = set()
    for index, line in enumerate(lines):
        variant = variants.get(line.sku)
        if variant is None:
            errors[f"lines.{index}.sku"] = [
                _("Unknown or unavailable product: %(sku)s.") % {"sku": line.sku}
            ]
            continue
        currencies.add(variant.currency)
        flags = tuple(flag for flag in HANDLING_FLAGS if getattr(variant, flag))
        priced.append(
            PricedLine(
                position=index + 1,
                variant_id=variant.variant_id,
                sku=variant.sku,
                product_name=variant.product_name,
                variant_label=variant.variant_label,
                quantity=line.quantity,
                unit_price=variant.unit_price,
                line_total=(variant.unit_price * line.quantity).quantize(CENT),
                weight_grams=variant.weight_grams * line.quantity,
                handling=flags,
            )
        )
    if len(currencies) > 1:
        errors["lines"] = [_("All items of an order must be in the same currency.")]
    return tuple(priced), errors


def price_order(
    *,
    lines: Sequence[LineInput],
    variants: Mapping[str, VariantSnapshot],
    gift_wrap: bool,
    rules: PricingRules,
) -> PricedOrder:
    priced, errors = price_lines(lines, variants)
    currency = variants[priced[0].sku].currency if priced else "BRL"
    subtotal = sum((line.line_total for line in priced), Decimal("0.00"))
    weight = sum(line.weight_grams for line in priced)
    shipping = shipping_price(subtotal=subtotal, weight_grams=weight, rules=rules)
    wrap = rules.gift_wrap_price if gift_wrap else Decimal("0.00")
    discount = Decimal("0.00")  # coupons arrive with the promotions app
    totals = Totals(
        currency=currency,
        subtotal=subtotal,
        shipping=shipping,
        gift_wrap=wrap,
        discount=discount,
        grand_total=(subtotal + shipping + wrap - discount).quantize(CENT),
        item_count=sum(line.quantity for line in priced),
        weight_grams=weight,
    )
    return PricedOrder(lines=priced, totals=totals, errors=errors)


def payment_errors(
    *, method: str, instalments: int, total: Decimal, currency: str, rules: PricingRules
) -> dict[str, list[str]]:
    """Problems with the chosen payment, keyed by field; empty when it is acceptable."""
    if method not in rules.payment_methods or method not in _METHODS:
        return {"payment.method": [_("This store does not accept this payment method.")]}
    if method != PaymentMethod.CREDIT_CARD:
        if instalments != 1:
            return {"payment.instalments": [_("Only credit card payments can be split.")]}
        return {}
    if total <= 0:
        return {}
    try:
        instalment_plan(Money(total, currency), instalments, policy=rules.instalments)
    except BrazilValueError as error:
        return {"payment.instalments": [str(error)]}
    return {}

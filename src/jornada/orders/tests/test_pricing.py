from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jornada.brazil.instalments import InstalmentPolicy
from jornada.brazil.money import Money
from jornada.catalog.types import VariantSnapshot
from jornada.orders.pricing import PricingRules, payment_errors, price_order, shipping_price
from jornada.orders.types import LineInput

RULES = PricingRules(
    shipping_base=Decimal("19.90"),
    shipping_per_kg=Decimal("4.50"),
    free_shipping_from=Decimal("299.00"),
    gift_wrap_price=Decimal("9.90"),
    payment_methods=frozenset({"credit_card", "pix", "boleto"}),
    instalments=InstalmentPolicy(
        max_instalments=12,
        interest_free_up_to=3,
        monthly_rate=Decimal("0.0199"),
        min_instalment=Money("10.00"),
    ),
)


def variant(sku: str, price: str, grams: int = 300, **flags: bool) -> VariantSnapshot:
    return VariantSnapshot(
        variant_id=hash(sku) % 1000,
        sku=sku,
        product_id=1,
        product_name=f"Produto {sku}",
        variant_label="",
        unit_price=Decimal(price),
        currency="BRL",
        weight_grams=grams,
        length_mm=100,
        width_mm=100,
        height_mm=100,
        fragile=flags.get("fragile", False),
        perishable=flags.get("perishable", False),
        oversize=flags.get("oversize", False),
        high_value=flags.get("high_value", False),
    )


def test_an_order_is_priced_from_the_catalog_with_shipping_and_gift_wrap():
    variants = {
        "CAM-M": variant("CAM-M", "59.90", 250),
        "CANECA": variant("CANECA", "39.90", 400, fragile=True),
    }

    priced = price_order(
        lines=[LineInput("CAM-M", 2), LineInput("CANECA", 1)],
        variants=variants,
        gift_wrap=True,
        rules=RULES,
    )

    assert priced.errors == {}
    assert [(line.sku, line.line_total, line.handling) for line in priced.lines] == [
        ("CAM-M", Decimal("119.80"), ()),
        ("CANECA", Decimal("39.90"), ("fragile",)),
    ]
    totals = priced.totals
    assert (totals.subtotal, totals.shipping, totals.gift_wrap, totals.grand_total) == (
        Decimal("159.70"),
        Decimal("19.90"),
        Decimal("9.90"),
        Decimal("189.50"),
    )
    assert (totals.item_count, totals.weight_grams) == (3, 900)


def test_shipping_is_free_from_the_threshold_and_grows_per_kilo_below_it():
    assert shipping_price(subtotal=Decimal("299.00"), weight_grams=9000, rules=RULES) == Decimal(
        "0.00"
    )
    assert shipping_price(subtotal=Decimal("10.00"), weight_grams=1000, rules=RULES) == Decimal(
        "19.90"
    )
    assert shipping_price(subtotal=Decimal("10.00"), weight_grams=1001, rules=RULES) == Decimal(
        "24.40"
    )


def test_an_unknown_sku_is_reported_at_its_line():
    priced = price_order(
        lines=[LineInput("CAM-M", 1), LineInput("NOPE", 1)],
        variants={"CAM-M": variant("CAM-M", "10.00")},
        gift_wrap=False,
        rules=RULES,
    )
    assert list(priced.errors) == ["lines.1.sku"]
    assert "NOPE" in priced.errors["lines.1.sku"][0]


def test_payment_methods_and_instalments_follow_the_store_rules():
    total = Decimal("100.00")
    assert (
        payment_errors(method="pix", instalments=1, total=total, currency="BRL", rules=RULES) == {}
    )
    assert list(
        payment_errors(method="paypal", instalments=1, total=total, currency="BRL", rules=RULES)
    ) == ["payment.method"]
    assert list(
        payment_errors(method="pix", instalments=2, total=total, currency="BRL", rules=RULES)
    ) == ["payment.instalments"]
    assert (
        payment_errors(
            method="credit_card", instalments=10, total=total, currency="BRL", rules=RULES
        )
        == {}
    )
    # R$ 100 in 12x would be below the R$ 10 minimum instalment
    assert list(
        payment_errors(
            method="credit_card",
            instalments=12,
            total=Decimal("100.00"),
            currency="BRL",
            rules=RULES,
        )
    ) == ["payment.instalments"]
    assert list(
        payment_errors(
            method="credit_card",
            instalments=13,
            total=Decimal("1000.00"),
            currency="BRL",
            rules=RULES,
        )
    ) == ["payment.instalments"]


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=2),
            st.integers(min_value=1, max_value=999),
        ),
        min_size=1,
        max_size=20,
    ),
    st.booleans(),
)
def test_the_total_is_always_the_exact_sum_of_its_parts(lines, gift):
    variants = {f"SKU{i}": variant(f"SKU{i}", str(price)) for i, (price, _) in enumerate(lines)}
    priced = price_order(
        lines=[LineInput(f"SKU{i}", qty) for i, (_, qty) in enumerate(lines)],
        variants=variants,
        gift_wrap=gift,
        rules=RULES,
    )
    totals = priced.totals
    assert totals.subtotal == sum(price * qty for price, qty in lines)
    assert (
        totals.grand_total == totals.subtotal + totals.shipping + totals.gift_wrap - totals.discount
    )
    assert totals.grand_total.as_tuple().exponent == -2

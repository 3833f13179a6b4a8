from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jornada.validation.risk import POINTS, RiskFacts, RiskRules, region_of, risk_assess

RULES = RiskRules(high_value=Decimal("1000.00"), velocity_max=3)
CLEAN = RiskFacts(
    document="52998224725",
    name="Maria da Silva",
    email="maria@example.com.br",
    phone="+5511987654321",
    ship_uf="SP",
    ship_cep="01310100",
    grand_total=Decimal("189.50"),
    earlier_orders=0,
    earlier_names=(),
    orders_to_address=0,
    orders_from_document=0,
    billing_uf="SP",
    declined_attempts=0,
)


def codes(facts: RiskFacts) -> list[str]:
    return [r.code for r in risk_assess(facts, RULES).reasons]


def test_a_clean_order_scores_zero():
    assessment = risk_assess(CLEAN, RULES)
    assert (assessment.score, assessment.reasons) == (0, ())


def test_each_check_adds_its_reason_and_points():
    cases = {
        "document_invalid": replace(CLEAN, document="52998224700"),
        "cep_uf_mismatch": replace(CLEAN, ship_uf="RJ", billing_uf="RJ"),
        "no_carrier": replace(CLEAN, carrier_available=False),
        "name_document_mismatch": replace(CLEAN, earlier_names=("José Pereira",)),
        "first_purchase_high_value": replace(CLEAN, grand_total=Decimal("1000.00")),
        "email_unreachable": replace(CLEAN, email="maria@mailinator.com"),
        "address_velocity": replace(CLEAN, orders_to_address=3),
        "document_velocity": replace(CLEAN, orders_from_document=3),
        "billing_far_from_shipping": replace(CLEAN, billing_uf="AM"),
        "phone_invalid": replace(CLEAN, phone=""),
        "card_declined_before": replace(CLEAN, declined_attempts=1),
    }
    for code, facts in cases.items():
        assessment = risk_assess(facts, RULES)
        assert [r.code for r in assessment.reasons] == [code], code
        assert assessment.score == POINTS[code]


def test_the_same_person_with_a_middle_name_or_typo_is_not_a_mismatch():
    assert codes(replace(CLEAN, earlier_names=("Maria Aparecida da Silva", "Mária da Silva"))) == []


def test_a_returning_customer_may_buy_high_value_items():
    assert codes(replace(CLEAN, grand_total=Decimal("5000.00"), earlier_orders=2)) == []


def test_declined_card_attempts_count_up_to_twice():
    assert (
        risk_assess(replace(CLEAN, declined_attempts=5), RULES).score
        == 2 * POINTS["card_declined_before"]
    )


def test_regions_of_brazil():
    assert [region_of(uf) for uf in ("SP", "AM", "BA", "DF", "RS")] == ["SE", "N", "NE", "CO", "S"]


@given(
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.integers(0, 10),
    st.integers(0, 10),
    st.decimals(min_value=0, max_value=20000, places=2),
    st.integers(0, 4),
)
def test_the_score_is_the_sum_of_its_reasons_and_never_drops_as_risks_add_up(
    bad_document, bad_email, far, to_address, from_document, total, declined
):
    facts = replace(
        CLEAN,
        document="52998224700" if bad_document else CLEAN.document,
        email="x@yopmail.com" if bad_email else CLEAN.email,
        billing_uf="RS" if far else "SP",
        orders_to_address=to_address,
        orders_from_document=from_document,
        grand_total=total,
        declined_attempts=declined,
    )
    assessment = risk_assess(facts, RULES)
    assert assessment.score == sum(r.points for r in assessment.reasons)
    worse = risk_assess(replace(facts, carrier_available=False), RULES)
    assert worse.score == assessment.score + POINTS["no_carrier"]

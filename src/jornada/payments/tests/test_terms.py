"""The store's payment terms: settings until owners save their own, then the row, read by
checkout (methods, instalments) and by payments (how long each method waits)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from jornada.core.errors import DomainError
from jornada.orders.services import OrderInvalid
from jornada.payments.models import Payment, PaymentTerms
from jornada.payments.selectors import card_options
from jornada.payments.terms import (
    PaymentTermsInvalid,
    payment_terms,
    payment_terms_update,
    terms_from_settings,
)
from jornada.payments.tests.conftest import drain

pytestmark = pytest.mark.django_db


def test_without_a_row_the_settings_apply(settings):
    # given
    settings.MAX_INSTALMENTS = 10
    settings.PIX_EXPIRY_MINUTES = 45
    # when
    terms = payment_terms()
    # then
    assert PaymentTerms.objects.count() == 0
    assert terms.max_instalments == 10
    assert terms.pix_expiry_minutes == 45
    assert terms.methods == ("credit_card", "pix", "boleto", "debit_card", "paypal")


def test_saving_returns_before_and_after_and_keeps_one_row():
    # given
    defaults = terms_from_settings()
    wanted = dataclasses.replace(defaults, methods=("pix", "credit_card"), max_instalments=6)
    # when
    before, after = payment_terms_update(values=wanted, updated_by="Olga")
    payment_terms_update(values=wanted, updated_by="Olga")
    # then
    assert before == defaults
    assert after.methods == ("credit_card", "pix")
    assert after.max_instalments == 6
    assert PaymentTerms.objects.count() == 1
    assert PaymentTerms.objects.get().updated_by == "Olga"


def test_a_method_switched_off_is_refused_at_checkout(place):
    # given boleto is no longer offered
    payment_terms_update(
        values=dataclasses.replace(terms_from_settings(), methods=("credit_card", "pix")),
        updated_by="Olga",
    )
    # when / then
    with pytest.raises(OrderInvalid) as refused:
        place("boleto", 1)
    assert list(refused.value.fields) == ["payment.method"]
    assert place("pix", 1).payment_method == "pix"


def test_fewer_instalments_apply_to_checkout_and_the_card_table(place):
    # given at most 2 instalments
    payment_terms_update(
        values=dataclasses.replace(
            terms_from_settings(), max_instalments=2, interest_free_instalments=2
        ),
        updated_by="Olga",
    )
    # when / then: 3 instalments are refused, the table the customer sees stops at 2
    with pytest.raises(OrderInvalid) as refused:
        place("credit_card", 3)
    assert list(refused.value.fields) == ["payment.instalments"]
    options = card_options(total=Decimal("300.00"), currency="BRL")
    assert [o.count for o in options] == [1, 2]
    assert all(o.interest_free for o in options)


def test_a_new_pix_expiry_applies_to_the_next_pix_payment(place):
    # given
    payment_terms_update(
        values=dataclasses.replace(terms_from_settings(), pix_expiry_minutes=90),
        updated_by="Olga",
    )
    # when
    order = place("pix", 1)
    drain()
    # then
    payment = Payment.objects.get(order=order)
    assert payment.expires_at is not None
    assert payment.expires_at - payment.created_at == dt.timedelta(minutes=90)


def test_bad_terms_are_refused_by_field_and_nothing_is_saved():
    # given
    bad = dataclasses.replace(
        terms_from_settings(),
        methods=(),
        max_instalments=3,
        interest_free_instalments=4,
        monthly_interest=Decimal("0.5"),
        min_instalment=Decimal("-1"),
        pix_expiry_minutes=0,
        boleto_grace_days=31,
    )
    # when
    with pytest.raises(PaymentTermsInvalid) as refused:
        payment_terms_update(values=bad, updated_by="Olga")
    # then
    assert sorted(refused.value.fields) == [
        "boleto_grace_days",
        "interest_free_instalments",
        "methods",
        "min_instalment",
        "monthly_interest",
        "pix_expiry_minutes",
    ]
    assert isinstance(refused.value, DomainError)
    assert PaymentTerms.objects.count() == 0


def test_an_unknown_method_is_refused():
    bad = dataclasses.replace(terms_from_settings(), methods=("pix", "bitcoin"))
    with pytest.raises(PaymentTermsInvalid) as refused:
        payment_terms_update(values=bad, updated_by="Olga")
    assert list(refused.value.fields) == ["methods"]
    assert PaymentTerms.objects.count() == 0

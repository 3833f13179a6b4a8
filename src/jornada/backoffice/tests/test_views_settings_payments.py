"""Payment settings (owners): methods, instalments, how long payments wait."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from jornada.backoffice.models import StaffAction
from jornada.backoffice.tests.conftest import place
from jornada.orders.services import OrderInvalid
from jornada.payments.models import PaymentTerms
from jornada.payments.terms import payment_terms

pytestmark = pytest.mark.django_db


def terms_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "methods": ["credit_card", "pix", "boleto", "debit_card", "paypal"],
        "max_instalments": "12",
        "interest_free_instalments": "3",
        "monthly_interest": "1,99",
        "min_instalment": "10,00",
        "pix_expiry_minutes": "30",
        "boleto_due_days": "3",
        "boleto_grace_days": "3",
        "card_payment_window_minutes": "60",
    }
    data.update(overrides)
    return data


def test_the_page_shows_the_terms_in_force_and_the_instalment_example(client, owner):
    client.force_login(owner)
    response = client.get(reverse("backoffice:payment_settings"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["max_instalments"] == payment_terms().max_instalments
    assert form.initial["monthly_interest"] == "1,99"
    assert len(response.context["example"]) == payment_terms().max_instalments
    assert not response.context["custom"]


def test_owner_saves_the_terms_and_the_next_order_follows_them(client, owner, catalog):
    # given
    client.force_login(owner)
    # when boleto is switched off and instalments limited to 6
    response = client.post(
        reverse("backoffice:payment_settings"),
        terms_form(
            methods=["credit_card", "pix"],
            max_instalments="6",
            monthly_interest="2,5",
            min_instalment="15.50",
            pix_expiry_minutes="45",
        ),
    )
    # then
    assert response.status_code == 302
    terms = payment_terms()
    assert terms.methods == ("credit_card", "pix")
    assert terms.max_instalments == 6
    assert terms.monthly_interest == Decimal("0.0250")
    assert terms.min_instalment == Decimal("15.50")
    assert terms.pix_expiry_minutes == 45
    with pytest.raises(OrderInvalid):
        place(payment_method="boleto")
    assert place(payment_method="pix").payment_method == "pix"
    action = StaffAction.objects.get()
    assert action.kind == "payment_terms_updated"
    assert action.user == owner
    assert action.params == {
        "changed": {
            "methods": [
                ["credit_card", "pix", "boleto", "debit_card", "paypal"],
                ["credit_card", "pix"],
            ],
            "max_instalments": [12, 6],
            "monthly_interest": ["0.0199", "0.0250"],
            "min_instalment": ["10.00", "15.50"],
            "pix_expiry_minutes": [30, 45],
        }
    }


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"methods": []}, "methods"),
        ({"methods": ["pix", "bitcoin"]}, "methods"),
        ({"max_instalments": "doze"}, "max_instalments"),
        ({"max_instalments": "48"}, "max_instalments"),
        ({"interest_free_instalments": "13"}, "interest_free_instalments"),
        ({"monthly_interest": "abc"}, "monthly_interest"),
        ({"monthly_interest": "25"}, "monthly_interest"),
        ({"monthly_interest": "1,999"}, "monthly_interest"),
        ({"min_instalment": "-5"}, "min_instalment"),
        ({"pix_expiry_minutes": "0"}, "pix_expiry_minutes"),
        ({"boleto_due_days": ""}, "boleto_due_days"),
        ({"boleto_grace_days": "40"}, "boleto_grace_days"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
    client, owner, overrides, field
):
    client.force_login(owner)
    response = client.post(reverse("backoffice:payment_settings"), terms_form(**overrides))
    assert response.status_code == 422
    assert list(response.context["form"].errors) == [field]
    assert not PaymentTerms.objects.exists()
    assert not StaffAction.objects.exists()


@pytest.mark.parametrize("who", ["agent", "packer", "marketer", "finance"])
def test_only_owners_reach_the_payment_settings(client, request, make_staff, who):
    user = make_staff("fabio", "finance") if who == "finance" else request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(reverse("backoffice:payment_settings")).status_code == 403
    response = client.post(reverse("backoffice:payment_settings"), terms_form(methods=["pix"]))
    assert response.status_code == 403
    assert not PaymentTerms.objects.exists()
    assert not StaffAction.objects.exists()


def test_owners_see_the_settings_in_the_menu(client, owner, marketer):
    client.force_login(owner)
    body = client.get(reverse("backoffice:payment_settings")).content.decode()
    for name in ("payment_settings", "carrier_settings", "box_settings"):
        assert f'href="{reverse(f"backoffice:{name}")}"' in body
    client.force_login(marketer)
    body = client.get(reverse("backoffice:messages")).content.decode()
    assert reverse("backoffice:payment_settings") not in body

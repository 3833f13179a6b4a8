from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from jornada.core.errors import DomainError
from jornada.customers.models import ConsentLogEntry, ContactChange, Customer
from jornada.customers.services import (
    customer_confirm_contact,
    customer_set_consent,
    customer_set_preferred_channel,
    customer_update_contact,
)

from .factories import CustomerFactory

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(username="ana.staff", password="x")


def _messages(error: DomainError, language: str = "pt-br") -> dict[str, list[str]]:
    with translation.override(language):
        return {k: [str(m) for m in v] for k, v in error.fields.items()}


@pytest.mark.django_db
def test_staff_grants_marketing_consent_with_who_when_and_how(staff):
    # given
    customer = CustomerFactory.create()
    # when
    entry = customer_set_consent(
        customer=customer,
        channel="email",
        purpose="marketing",
        granted=True,
        source="staff",
        actor=staff,
        evidence="phone call, ticket 123",
        now=NOW,
    )
    # then
    customer.refresh_from_db()
    assert customer.consent_email_marketing is True
    assert ConsentLogEntry.objects.get() == entry
    assert (entry.channel, entry.purpose, entry.granted, entry.source) == (
        "email",
        "marketing",
        True,
        "staff",
    )
    assert (entry.actor_user, entry.actor_label, entry.at, entry.evidence) == (
        staff,
        "ana.staff",
        NOW,
        "phone call, ticket 123",
    )


@pytest.mark.django_db
def test_unsubscribe_link_opts_out_of_transactional_whatsapp():
    customer = CustomerFactory.create()
    customer_set_consent(
        customer=customer,
        channel="whatsapp",
        purpose="transactional",
        granted=False,
        source="unsubscribe_link",
        actor="customer",
        evidence="message wamid.123",
        now=NOW,
    )
    customer.refresh_from_db()
    assert (customer.optout_whatsapp, customer.consent_whatsapp_marketing) == (True, False)
    assert list(
        ConsentLogEntry.objects.values_list("purpose", "granted", "source", "actor_label")
    ) == [("transactional", False, "unsubscribe_link", "customer")]


@pytest.mark.django_db
def test_an_unknown_channel_is_refused_and_nothing_is_written():
    customer = CustomerFactory.create()
    with pytest.raises(ValueError):
        customer_set_consent(
            customer=customer,
            channel="fax",
            purpose="marketing",
            granted=True,
            source="staff",
            actor=None,
        )
    assert not ConsentLogEntry.objects.exists()


@pytest.mark.django_db
def test_updating_contact_logs_each_change_and_confirms_the_data(staff):
    # given
    customer = CustomerFactory.create(email="old@example.com", phone_e164="+5511987654321")
    # when
    customer_update_contact(
        customer=customer,
        email=" New@Example.com ",
        phone="(21) 3456-7890",
        source="staff",
        actor=staff,
        now=NOW,
    )
    # then
    customer.refresh_from_db()
    assert (customer.email, customer.phone_e164, customer.phone_is_mobile) == (
        "new@example.com",
        "+552134567890",
        False,
    )
    assert customer.contact_confirmed_at == NOW
    rows = ContactChange.objects.order_by("field").values_list(
        "field", "old_value", "new_value", "source", "actor_label", "at"
    )
    assert list(rows) == [
        ("email", "old@example.com", "new@example.com", "staff", "ana.staff", NOW),
        ("phone", "+5511987654321", "+552134567890", "staff", "ana.staff", NOW),
    ]


@pytest.mark.django_db
def test_an_unchanged_contact_is_confirmed_without_a_change_entry():
    customer = CustomerFactory.create(email="same@example.com")
    customer_update_contact(
        customer=customer, email="SAME@example.com", source="api", actor=None, now=NOW
    )
    customer.refresh_from_db()
    assert customer.contact_confirmed_at == NOW
    assert not ContactChange.objects.exists()


@pytest.mark.django_db
def test_bad_contact_data_is_refused_naming_the_fields_and_nothing_is_written():
    customer = CustomerFactory.create(email="old@example.com")
    with pytest.raises(DomainError) as caught:
        customer_update_contact(
            customer=customer, email="nope", phone="12", source="staff", actor=None
        )
    assert _messages(caught.value) == {
        "customer.email": ["informe um endereço de e-mail válido"],
        "customer.phone": ["curto demais para ser um telefone"],
    }
    customer.refresh_from_db()
    assert (customer.email, customer.contact_confirmed_at) == ("old@example.com", None)
    assert not ContactChange.objects.exists()


@pytest.mark.django_db
def test_a_landline_is_refused_while_whatsapp_is_the_preferred_channel():
    customer = CustomerFactory.create(preferred_channel="whatsapp", phone_e164="+5511987654321")
    with pytest.raises(DomainError) as caught:
        customer_update_contact(
            customer=customer, phone="(11) 3456-7890", source="staff", actor=None
        )
    assert _messages(caught.value, "en") == {
        "customer.phone": ["the preferred channel needs this phone number"]
    }
    customer.refresh_from_db()
    assert customer.phone_e164 == "+5511987654321"
    assert not ContactChange.objects.exists()


@pytest.mark.django_db
def test_changing_the_preferred_channel_is_logged(staff):
    customer = CustomerFactory.create(preferred_channel="email")
    customer_set_preferred_channel(
        customer=customer, channel="sms", source="staff", actor=staff, now=NOW
    )
    assert Customer.objects.get().preferred_channel == "sms"
    assert list(
        ContactChange.objects.values_list("field", "old_value", "new_value", "actor_label")
    ) == [("preferred_channel", "email", "sms", "ana.staff")]


@pytest.mark.django_db
def test_whatsapp_is_refused_as_preferred_channel_without_a_mobile():
    customer = CustomerFactory.create(phone_e164="+551134567890", phone_is_mobile=False)
    with pytest.raises(DomainError) as caught:
        customer_set_preferred_channel(
            customer=customer, channel="whatsapp", source="staff", actor=None
        )
    assert _messages(caught.value, "es") == {
        "customer.preferred_channel": ["WhatsApp y SMS necesitan un número de móvil"]
    }
    assert Customer.objects.get().preferred_channel == "email"
    assert not ContactChange.objects.exists()


@pytest.mark.django_db
def test_an_unknown_preferred_channel_is_refused():
    customer = CustomerFactory.create()
    with pytest.raises(DomainError) as caught:
        customer_set_preferred_channel(customer=customer, channel="fax", source="staff", actor=None)
    assert _messages(caught.value) == {
        "customer.preferred_channel": ["escolha um de: email, whatsapp, sms, phone"]
    }
    assert not ContactChange.objects.exists()


@pytest.mark.django_db
def test_confirming_contact_sets_the_date():
    customer = CustomerFactory.create()
    customer_confirm_contact(customer=customer, source="staff", actor=None, now=NOW)
    assert Customer.objects.get().contact_confirmed_at == NOW

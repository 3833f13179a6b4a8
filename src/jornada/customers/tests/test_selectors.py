import pytest

from jornada.customers.selectors import (
    customer_by_document,
    customer_can_contact,
    customer_consent_history,
    customer_search,
)

from .factories import ConsentLogEntryFactory, CustomerFactory


@pytest.mark.django_db
def test_finds_a_customer_by_document_in_any_format():
    customer = CustomerFactory.create(document="52998224725")
    assert customer_by_document("529.982.247-25") == customer
    assert customer_by_document("52998224725") == customer


@pytest.mark.django_db
def test_an_unknown_or_invalid_document_finds_nobody():
    CustomerFactory.create(document="52998224725")
    assert customer_by_document("11144477735") is None
    assert customer_by_document("123") is None


@pytest.mark.django_db
def test_search_matches_name_email_document_and_phone():
    maria = CustomerFactory.create(
        name="Maria da Silva",
        email="maria@example.com",
        document="52998224725",
        phone_e164="+5511987654321",
    )
    joao = CustomerFactory.create(
        name="João Souza",
        email="joao@loja.com.br",
        document="11144477735",
        phone_e164="+5521998765432",
    )
    assert list(customer_search("silva")) == [maria]
    assert list(customer_search("LOJA.com")) == [joao]
    assert list(customer_search("529.982")) == [maria]
    assert list(customer_search("(21) 99876")) == [joao]
    assert list(customer_search("   ")) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("attrs", "channel", "purpose", "allowed"),
    [
        ({}, "email", "transactional", True),
        ({"optout_email": True}, "email", "transactional", False),
        ({}, "email", "marketing", False),
        ({"consent_email_marketing": True}, "email", "marketing", True),
        ({"consent_email_marketing": True, "optout_email": True}, "email", "marketing", False),
        ({}, "whatsapp", "transactional", True),
        ({"phone_is_mobile": False}, "whatsapp", "transactional", False),
        ({"phone_is_mobile": False}, "sms", "transactional", False),
        ({"phone_is_mobile": False}, "phone", "transactional", True),
        ({"phone_e164": "", "phone_is_mobile": False}, "phone", "transactional", False),
        ({"consent_whatsapp_marketing": True}, "whatsapp", "marketing", True),
        (
            {"consent_whatsapp_marketing": True, "phone_is_mobile": False},
            "whatsapp",
            "marketing",
            False,
        ),
        ({"consent_sms_marketing": True}, "whatsapp", "marketing", False),
    ],
)
def test_can_contact_rules(attrs, channel, purpose, allowed):
    customer = CustomerFactory.create(**attrs)
    assert customer_can_contact(customer=customer, channel=channel, purpose=purpose) is allowed


@pytest.mark.django_db
def test_consent_history_is_newest_first():
    customer = CustomerFactory.create()
    first = ConsentLogEntryFactory.create(customer=customer, granted=True)
    second = ConsentLogEntryFactory.create(customer=customer, granted=False, at=first.at)
    ConsentLogEntryFactory.create()  # someone else's
    assert list(customer_consent_history(customer)) == [second, first]

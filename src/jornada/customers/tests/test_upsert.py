import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, transaction

from jornada.brazil.address import Address
from jornada.core.errors import DomainError
from jornada.customers.models import ConsentLogEntry, ContactChange, Customer, CustomerAddress
from jornada.customers.services import customer_upsert_for_order
from jornada.customers.types import CustomerInput, CustomerRef, Source

from .factories import CustomerFactory

NOW = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
LATER = NOW + timedelta(days=40)

MARIA = CustomerInput(
    name="Maria da Silva",
    document="529.982.247-25",
    email="Maria@Example.com",
    phone="(11) 98765-4321",
    preferred_channel="whatsapp",
)
PAULISTA = Address(
    logradouro="Avenida Paulista",
    numero="1578",
    bairro="Bela Vista",
    cidade="São Paulo",
    uf="SP",
    cep="01310-200",
)


def _upsert(data=MARIA, *, address=PAULISTA, now=NOW, source=Source.ONLINE_STORE, **kw):
    return customer_upsert_for_order(data=data, address=address, source=source, now=now, **kw)


def _replace(data: CustomerInput, **changes: object) -> CustomerInput:
    import dataclasses

    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_creates_a_customer_on_the_first_order():
    # when
    ref = _upsert()
    # then
    customer = Customer.objects.get()
    assert ref == CustomerRef(
        id=customer.pk,
        name="Maria da Silva",
        document="52998224725",
        email="maria@example.com",
        phone_e164="+5511987654321",
        preferred_channel="whatsapp",
        language="pt-br",
        is_new=True,
        address_id=CustomerAddress.objects.get().pk,
    )
    assert (customer.name, customer.document, customer.document_kind) == (
        "Maria da Silva",
        "52998224725",
        "cpf",
    )
    assert (customer.email, customer.phone_e164, customer.phone_is_mobile) == (
        "maria@example.com",
        "+5511987654321",
        True,
    )
    assert (customer.source, customer.order_count) == ("online_store", 1)
    assert customer.contact_confirmed_at == customer.first_order_at == customer.last_order_at == NOW
    assert customer.created_at == customer.updated_at == NOW
    assert not ConsentLogEntry.objects.exists()
    assert not ContactChange.objects.exists()


@pytest.mark.django_db
def test_a_second_order_with_the_same_document_finds_and_updates_the_customer():
    # given
    first = _upsert()
    # when: typed differently, new name and email
    second = _upsert(
        _replace(MARIA, document="52998224725", name="Maria S. Souza", email="maria@novo.com.br"),
        now=LATER,
        source=Source.MARKETPLACE,
    )
    # then
    customer = Customer.objects.get()
    assert second.id == first.id == customer.pk
    assert (second.is_new, second.name, second.email) == (
        False,
        "Maria S. Souza",
        "maria@novo.com.br",
    )
    assert (customer.name, customer.email, customer.order_count) == (
        "Maria S. Souza",
        "maria@novo.com.br",
        2,
    )
    assert customer.source == "online_store"  # where they first came from
    assert (customer.first_order_at, customer.last_order_at) == (NOW, LATER)
    assert (customer.contact_confirmed_at, customer.updated_at, customer.created_at) == (
        LATER,
        LATER,
        NOW,
    )
    assert list(
        ContactChange.objects.values_list(
            "field", "old_value", "new_value", "source", "actor_label", "at"
        )
    ) == [("email", "maria@example.com", "maria@novo.com.br", "checkout", "customer", LATER)]


@pytest.mark.django_db
def test_a_blank_phone_keeps_the_phone_on_file():
    _upsert()
    ref = _upsert(_replace(MARIA, phone="", preferred_channel="email"), now=LATER)
    assert ref.phone_e164 == "+5511987654321"
    assert Customer.objects.get().phone_e164 == "+5511987654321"
    assert not ContactChange.objects.exists()


@pytest.mark.django_db
def test_a_new_phone_replaces_the_old_one_and_is_logged():
    _upsert()
    _upsert(_replace(MARIA, phone="+55 21 99876-5432"), now=LATER)
    customer = Customer.objects.get()
    assert (customer.phone_e164, customer.phone_is_mobile) == ("+5521998765432", True)
    assert list(ContactChange.objects.values_list("field", "old_value", "new_value")) == [
        ("phone", "+5511987654321", "+5521998765432")
    ]


@pytest.mark.django_db
def test_a_customer_created_by_staff_is_not_new_on_their_first_order():
    existing = CustomerFactory.create(document="52998224725", created_at=NOW - timedelta(days=1))
    ref = _upsert()
    assert (ref.id, ref.is_new) == (existing.pk, False)
    assert Customer.objects.get().order_count == 1


@pytest.mark.django_db
def test_uses_at_most_two_statements_for_a_new_customer(django_assert_num_queries):
    with django_assert_num_queries(2):
        _upsert()


@pytest.mark.django_db
def test_uses_at_most_two_statements_for_a_returning_customer(django_assert_max_num_queries):
    _upsert()
    with django_assert_max_num_queries(2):
        ref = _upsert(now=LATER)
    assert ref.is_new is False


@pytest.mark.django_db
def test_common_case_fits_the_three_statement_budget_with_marketing_consent(
    django_assert_max_num_queries,
):
    with django_assert_max_num_queries(3):
        _upsert(_replace(MARIA, marketing_consent=True))
    with django_assert_max_num_queries(3):
        _upsert(_replace(MARIA, marketing_consent=True), now=LATER)


@pytest.mark.django_db
def test_a_contact_and_consent_change_costs_at_most_five_statements(django_assert_max_num_queries):
    _upsert()
    with django_assert_max_num_queries(5):
        _upsert(_replace(MARIA, email="maria@novo.com.br", marketing_consent=True), now=LATER)
    assert Customer.objects.get().consent_whatsapp_marketing is True


@pytest.mark.django_db
def test_bad_input_raises_before_anything_is_written():
    with pytest.raises(DomainError) as caught:
        _upsert(_replace(MARIA, document="52998224724", email="nope"))
    assert set(caught.value.fields) == {"customer.document", "customer.email"}
    assert not Customer.objects.exists()
    assert not CustomerAddress.objects.exists()


@pytest.mark.django_db
def test_the_same_address_typed_differently_is_kept_once():
    # given
    first = _upsert()
    # when
    same = Address(
        logradouro="AVENIDA  PAULISTA",
        numero="1578",
        bairro="bela vista",
        cidade="Sao Paulo",
        uf="sp",
        cep="01310200",
    )
    second = _upsert(address=same, now=LATER)
    # then
    address = CustomerAddress.objects.get()
    assert first.address_id == second.address_id == address.pk
    assert (address.logradouro, address.cidade, address.cep) == (
        "Avenida Paulista",
        "São Paulo",
        "01310200",
    )
    assert (address.is_default, address.created_at, address.last_used_at) == (True, NOW, LATER)


@pytest.mark.django_db
def test_a_second_address_is_added_and_the_first_stays_default():
    _upsert()
    other = Address(
        logradouro="Rua Augusta", numero="500", complemento="apto 12", bairro="Consolação",
        cidade="São Paulo", uf="SP", cep="01304-000",
    )  # fmt: skip
    ref = _upsert(address=other, now=LATER)
    rows = list(
        CustomerAddress.objects.order_by("id").values_list(
            "logradouro", "complemento", "is_default"
        )
    )
    assert rows == [("Avenida Paulista", "", True), ("Rua Augusta", "apto 12", False)]
    assert ref.address_id == CustomerAddress.objects.get(logradouro="Rua Augusta").pk


@pytest.mark.django_db
def test_no_address_leaves_addresses_alone():
    ref = _upsert(address=None)
    assert ref.address_id is None
    assert not CustomerAddress.objects.exists()


@pytest.mark.django_db
def test_marketing_consent_at_checkout_is_logged_with_who_when_and_how():
    # when
    ref = _upsert(
        _replace(MARIA, marketing_consent=True), evidence="ip=203.0.113.7 form=checkout-v2"
    )
    # then
    customer = Customer.objects.get()
    assert customer.consent_whatsapp_marketing is True
    assert customer.consent_email_marketing is False
    entry = ConsentLogEntry.objects.get()
    assert (entry.customer_id, entry.channel, entry.purpose, entry.granted) == (
        ref.id,
        "whatsapp",
        "marketing",
        True,
    )
    assert (entry.source, entry.actor_user, entry.actor_label, entry.at, entry.evidence) == (
        "checkout",
        None,
        "customer",
        NOW,
        "ip=203.0.113.7 form=checkout-v2",
    )


@pytest.mark.django_db
def test_restating_the_same_consent_writes_no_log_entry():
    _upsert(_replace(MARIA, marketing_consent=True))
    _upsert(_replace(MARIA, marketing_consent=True), now=LATER)
    _upsert(_replace(MARIA, marketing_consent=None), now=LATER)
    assert ConsentLogEntry.objects.count() == 1
    assert Customer.objects.get().consent_whatsapp_marketing is True


@pytest.mark.django_db
def test_an_unticked_box_withdraws_consent_and_is_logged():
    _upsert(_replace(MARIA, marketing_consent=True))
    _upsert(_replace(MARIA, marketing_consent=False), now=LATER, source=Source.API)
    assert Customer.objects.get().consent_whatsapp_marketing is False
    assert list(ConsentLogEntry.objects.order_by("at").values_list("granted", "source", "at")) == [
        (True, "checkout", NOW),
        (False, "api", LATER),
    ]


@pytest.mark.django_db
def test_a_new_customer_who_refuses_marketing_writes_no_log_entry():
    _upsert(_replace(MARIA, marketing_consent=False))
    assert not ConsentLogEntry.objects.exists()


@pytest.mark.django_db
def test_opens_its_own_transaction_when_called_outside_one():
    assert connection.in_atomic_block  # the test's own transaction
    with transaction.atomic():
        ref = _upsert()
    assert Customer.objects.filter(pk=ref.id).exists()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_upsert_commits_on_its_own():
    assert not connection.in_atomic_block
    ref = _upsert()
    assert Customer.objects.get().pk == ref.id


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_orders_with_one_document_make_exactly_one_customer():
    # given
    threads_count = 50
    barrier = threading.Barrier(threads_count)
    refs: list[CustomerRef] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def place_order(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                ref = _upsert(
                    _replace(MARIA, name=f"Maria {n:02d}"), now=NOW + timedelta(seconds=n)
                )
            with lock:
                refs.append(ref)
        except BaseException as error:  # reported below
            with lock:
                failures.append(error)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=place_order, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # then
    assert failures == []
    assert len(refs) == threads_count
    customer = Customer.objects.get()
    assert {ref.id for ref in refs} == {customer.pk}
    assert sum(ref.is_new for ref in refs) == 1
    assert customer.order_count == threads_count
    assert CustomerAddress.objects.count() == 1

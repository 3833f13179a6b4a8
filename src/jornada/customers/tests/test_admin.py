import pytest
from django.urls import reverse

from jornada.customers.models import Customer

from .factories import ConsentLogEntryFactory, CustomerAddressFactory, CustomerFactory


@pytest.mark.django_db
def test_customer_list_shows_the_document_masked(admin_client):
    CustomerFactory.create(name="Maria da Silva", document="52998224725")
    response = admin_client.get(reverse("admin:customers_customer_changelist"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Maria da Silva" in content
    assert "***.982.247-**" in content
    assert "52998224725" not in content


@pytest.mark.django_db
def test_customer_search_finds_a_formatted_document(admin_client):
    CustomerFactory.create(name="Maria da Silva", document="52998224725")
    CustomerFactory.create(name="João Souza", document="11144477735")
    response = admin_client.get(
        reverse("admin:customers_customer_changelist"), {"q": "529.982.247-25"}
    )
    content = response.content.decode()
    assert "Maria da Silva" in content
    assert "João Souza" not in content


@pytest.mark.django_db
def test_customer_page_is_read_only_with_addresses_and_consent_log(admin_client):
    customer = CustomerFactory.create(name="Maria da Silva")
    CustomerAddressFactory.create(customer=customer, logradouro="Rua Augusta")
    ConsentLogEntryFactory.create(customer=customer, evidence="ip=203.0.113.7")
    response = admin_client.get(reverse("admin:customers_customer_change", args=[customer.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Rua Augusta" in content
    assert "ip=203.0.113.7" in content
    assert 'name="_save"' not in content


@pytest.mark.django_db
def test_admin_cannot_add_edit_or_delete_customers(admin_client):
    customer = CustomerFactory.create(name="Maria da Silva")
    assert admin_client.get(reverse("admin:customers_customer_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:customers_customer_change", args=[customer.pk]), {"name": "Changed"}
    )
    assert response.status_code == 403
    assert (
        admin_client.post(
            reverse("admin:customers_customer_delete", args=[customer.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Customer.objects.get().name == "Maria da Silva"


@pytest.mark.django_db
def test_consent_log_list_renders(admin_client):
    ConsentLogEntryFactory.create(actor_label="ana.staff")
    response = admin_client.get(reverse("admin:customers_consentlogentry_changelist"))
    assert response.status_code == 200
    assert "ana.staff" in response.content.decode()

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from jornada.brazil.documents import cpf_format
from jornada.orders.services import order_place
from jornada.orders.tests.conftest import order_input
from jornada.orders.types import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):  # type: ignore[no-untyped-def]
    user = User.objects.create_superuser("boss", password="x")
    client.force_login(user)
    return client


def test_staff_find_an_order_by_a_typed_cpf_and_see_it_read_only(catalog, admin_client):
    order = order_place(data=order_input(), actor=Actor.integration("loja")).order
    other = order_place(data=order_input(), actor=Actor.integration("loja")).order

    found = admin_client.get(
        "/admin/orders/order/", {"q": cpf_format(order.customer_document)}
    ).content.decode()
    assert order.number in found and other.number not in found
    assert order.customer_document not in found  # the list shows the masked document

    page = admin_client.get(f"/admin/orders/order/{order.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "CAM-M" in body and "CANECA" in body  # lines inline
    assert 'name="_save"' not in body  # nothing to save: read-only

    assert admin_client.get("/admin/orders/order/add/").status_code == 403
    assert admin_client.post(f"/admin/orders/order/{order.pk}/delete/").status_code == 403

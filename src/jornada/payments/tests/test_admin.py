from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from jornada.payments.models import Payment
from jornada.payments.tests.conftest import drain

pytestmark = pytest.mark.django_db


def test_staff_browse_payments_refunds_and_webhooks_read_only(place):
    # given a paid Pix order
    place("pix")
    drain()
    payment = Payment.objects.get()
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "x-Secret-1")
    client = Client()
    client.force_login(admin)

    # when / then every list renders, and a payment shows its attempts
    for name in (
        "payment",
        "refund",
        "webhookevent",
        "storecreditentry",
        "sandboxcharge",
        "sandboxwebhook",
    ):
        assert client.get(f"/admin/payments/{name}/").status_code == 200, name
    page = client.get(f"/admin/payments/payment/{payment.pk}/change/")
    assert page.status_code == 200
    assert payment.reference.encode() in page.content
    assert client.get("/admin/payments/payment/add/").status_code == 403

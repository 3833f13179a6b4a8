from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import Group, User

from jornada.api.services import api_key_create
from jornada.orders.types import LineInput
from jornada.shipping.tests.journey import place_and_pay
from jornada.validation.models import ValidationResult
from jornada.validation.services import order_validation_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):  # type: ignore[no-untyped-def]
    _, secret = api_key_create(name="Atendimento", scopes=["validation:read", "validation:write"])

    def call(method: str, path: str, body: Any = None):  # type: ignore[no-untyped-def]
        data = json.dumps(body) if body is not None else None
        return getattr(client, method)(
            f"/api/v1/validation{path}",
            data=data,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )

    return call


def held(**overrides: Any):  # type: ignore[no-untyped-def]
    order = place_and_pay(lines=(LineInput("CAMERA", 1),), **overrides)
    order_validation_run(order_id=order.pk)
    return order


def test_lists_held_orders_with_translated_reasons(catalog, api):
    order = held()

    response = api("get", "/holds")

    assert response.status_code == 200
    [entry] = response.json()
    assert entry["order"] == order.number
    assert entry["order_status"] == "on_hold"
    assert entry["score"] == 35
    assert entry["reasons"][0]["code"] == "first_purchase_high_value"
    assert entry["reasons"][0]["label"] in {
        "Primeira compra de valor alto.",
        "First purchase of a high value.",
    }


def test_approving_through_the_api_validates_the_order(catalog, api):
    order = held()

    response = api("post", f"/orders/{order.number}/approve", {"note": "ok"})

    assert response.status_code == 200, response.content
    assert response.json()["order_status"] == "validated"
    assert response.json()["decision"] == "approved"
    report = api("get", f"/orders/{order.number}/report")
    assert report.status_code == 200
    assert report["Content-Type"] == "application/pdf"
    assert report.content.startswith(b"%PDF")


def test_rejecting_without_a_reason_names_the_field_and_changes_nothing(catalog, api):
    order = held()

    response = api("post", f"/orders/{order.number}/reject", {"reason": ""})

    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"reason"}
    order.refresh_from_db()
    assert order.status == "on_hold"


def test_unknown_fields_are_refused_by_name(catalog, api):
    order = held()

    response = api("post", f"/orders/{order.number}/approve", {"note": "ok", "score": 0})

    assert response.status_code == 422
    assert "score" in response.json()["error"]["fields"]
    assert ValidationResult.objects.get(order=order).decision == "held"


def test_staff_need_the_customer_service_role(catalog, client):
    order = held()
    user = User.objects.create_user("joao", password="x", is_staff=True)
    client.force_login(user)

    refused = client.post(
        f"/api/v1/validation/orders/{order.number}/approve",
        data="{}",
        content_type="application/json",
    )
    user.groups.add(Group.objects.get(name="customer_service"))
    user = User.objects.get(pk=user.pk)
    client.force_login(user)
    allowed = client.post(
        f"/api/v1/validation/orders/{order.number}/approve",
        data="{}",
        content_type="application/json",
    )

    assert refused.status_code == 403
    assert allowed.status_code == 200, allowed.content

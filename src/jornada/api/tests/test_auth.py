"""Who may call: API keys (Bearer or X-API-Key) and staff sessions with CSRF."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from jornada.api.models import IdempotencyRecord
from jornada.api.services import api_key_revoke
from jornada.api.tests.conftest import MakeKey

pytestmark = [pytest.mark.urls("jornada.api.tests.urls"), pytest.mark.django_db]


def test_me_answers_for_a_bearer_key(client: Client, make_api_key: MakeKey) -> None:
    api_key, plaintext = make_api_key("orders:read", "orders:write", name="ERP Bling")

    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"})

    assert response.status_code == 200
    assert response.json() == {
        "kind": "api_key",
        "name": "ERP Bling",
        "key_prefix": api_key.prefix,
        "scopes": ["orders:read", "orders:write"],
    }


def test_me_answers_for_an_x_api_key_header(client: Client, make_api_key: MakeKey) -> None:
    api_key, plaintext = make_api_key("*")

    response = client.get("/api/v1/me", headers={"X-API-Key": plaintext})

    assert response.status_code == 200
    assert response.json()["key_prefix"] == api_key.prefix


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer jk_live_00000000_wrong"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"X-API-Key": "nonsense"},
    ],
)
def test_unknown_credentials_answer_401(client: Client, headers: dict[str, str]) -> None:
    response = client.get("/api/v1/me", headers=headers)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_key_with_a_wrong_secret_answers_401(client: Client, make_api_key: MakeKey) -> None:
    api_key, _plaintext = make_api_key("*")
    forged = f"{api_key.prefix}_{'A' * 43}"

    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {forged}"})

    assert response.status_code == 401


def test_a_revoked_key_answers_401(client: Client, make_api_key: MakeKey) -> None:
    api_key, plaintext = make_api_key("*")
    api_key_revoke(api_key=api_key, actor=None)

    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"})

    assert response.status_code == 401


def test_a_staff_session_is_accepted(client: Client, staff_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff_user)

    response = client.get("/api/v1/me")

    assert response.status_code == 200
    assert response.json() == {"kind": "staff", "name": "ana", "key_prefix": None, "scopes": ["*"]}


def test_a_non_staff_session_answers_401(client: Client, django_user_model) -> None:  # type: ignore[no-untyped-def]
    client.force_login(django_user_model.objects.create_user(username="cliente", password="x"))

    response = client.get("/api/v1/me")

    assert response.status_code == 401


def test_a_staff_write_without_csrf_token_answers_403_and_writes_nothing(staff_user) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)

    response = client.post(
        "/test-api/groups",
        {"name": "vip"},
        content_type="application/json",
        headers={"Idempotency-Key": "k1"},
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    assert Group.objects.count() == 0
    assert IdempotencyRecord.objects.count() == 0


def test_a_staff_write_with_csrf_token_is_accepted(staff_user) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    client.get("/api/v1/docs")  # the docs page sets the CSRF cookie, as in a browser
    token = client.cookies["csrftoken"].value

    response = client.post(
        "/test-api/groups",
        {"name": "vip"},
        content_type="application/json",
        headers={"Idempotency-Key": "k1", "X-CSRFToken": token},
    )

    assert response.status_code == 201
    assert Group.objects.count() == 1


def test_api_keys_need_no_csrf_token(make_api_key: MakeKey) -> None:
    _api_key, plaintext = make_api_key("groups:write")
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/test-api/groups",
        {"name": "vip"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {plaintext}", "Idempotency-Key": "k1"},
    )

    assert response.status_code == 201


def test_a_refused_scope_stores_no_idempotency_record(
    client: Client, make_api_key: MakeKey
) -> None:
    _api_key, plaintext = make_api_key("groups:read")

    response = client.post(
        "/test-api/groups",
        {"name": "vip"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {plaintext}", "Idempotency-Key": "k1"},
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "insufficient_scope"
    assert Group.objects.count() == 0
    assert IdempotencyRecord.objects.count() == 0


def test_operations_opted_out_of_auth_stay_public(client: Client) -> None:
    response = client.get("/test-api/public")

    assert response.status_code == 200

"""The real /api/v1/ as mounted by jornada.urls: no test endpoints, same error shape."""

from __future__ import annotations

import pytest
from django.test import Client

from jornada.api.tests.conftest import MakeKey

pytestmark = pytest.mark.django_db


def test_the_mounted_api_answers_me_for_a_key(client: Client, make_api_key: MakeKey) -> None:
    api_key, plaintext = make_api_key("orders:read")

    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"})

    assert response.status_code == 200
    assert response.json()["key_prefix"] == api_key.prefix


def test_the_mounted_api_answers_unknown_paths_with_the_error_shape(client: Client) -> None:
    response = client.get("/api/v1/test-api/groups", headers={"Accept-Language": "en"})

    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Not found.", "fields": {}}
    }


def test_the_mounted_openapi_lists_no_test_operations(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert "/api/v1/me" in paths
    assert not [path for path in paths if "test" in path]

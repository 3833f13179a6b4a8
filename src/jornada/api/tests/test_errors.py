"""Every failure under the API answers {"error": {"code", "message", "fields"}}, translated."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from jornada.api.tests.conftest import MakeKey
from jornada.api.validation import error_message

pytestmark = [pytest.mark.urls("jornada.api.tests.urls"), pytest.mark.django_db]

BAD_ORDER = {
    "customer": {"cpf": "123"},
    "lines": [{"sku": "CAM-P", "quantity": "two"}, {"quantity": 0}],
}


def error_of(response) -> dict:  # type: ignore[no-untyped-def]
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = json.loads(response.content)
    assert list(body) == ["error"]
    assert sorted(body["error"]) == ["code", "fields", "message"]
    return body["error"]


@pytest.fixture
def auth(make_api_key: MakeKey) -> dict[str, str]:
    _api_key, plaintext = make_api_key("*")
    return {"Authorization": f"Bearer {plaintext}"}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (None, "Autenticação necessária: envie uma chave de API válida ou entre como equipe."),
        ("pt-BR", "Autenticação necessária: envie uma chave de API válida ou entre como equipe."),
        (
            "es",
            "Se requiere autenticación: envía una clave de API válida "
            "o inicia sesión como personal.",
        ),
        ("en", "Authentication required: send a valid API key or sign in as staff."),
    ],
)
def test_missing_credentials_answer_401_in_the_request_language(
    client: Client, language: str | None, message: str
) -> None:
    headers = {"Accept-Language": language} if language else {}

    response = client.get("/api/v1/me", headers=headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert error_of(response) == {"code": "not_authenticated", "message": message, "fields": {}}


def test_validation_errors_name_every_field_path_in_portuguese(
    client: Client, auth: dict[str, str]
) -> None:
    response = client.post(
        "/test-api/orders?limit=many", BAD_ORDER, content_type="application/json", headers=auth
    )

    assert response.status_code == 422
    assert error_of(response) == {
        "code": "validation_error",
        "message": "Alguns campos são inválidos.",
        "fields": {
            "customer.name": ["Este campo é obrigatório."],
            "customer.cpf": ["Informe pelo menos 11 caracteres."],
            "lines.0.quantity": ["Informe um número inteiro."],
            "lines.1.sku": ["Este campo é obrigatório."],
            "lines.1.quantity": ["Informe um valor maior que 0."],
            "limit": ["Informe um número inteiro."],
        },
    }


def test_validation_errors_follow_accept_language_spanish(
    client: Client, auth: dict[str, str]
) -> None:
    response = client.post(
        "/test-api/orders",
        {"customer": {"name": "Ana", "cpf": "1" * 12}, "lines": []},
        content_type="application/json",
        headers={**auth, "Accept-Language": "es"},
    )

    assert response.status_code == 422
    assert error_of(response) == {
        "code": "validation_error",
        "message": "Algunos campos no son válidos.",
        "fields": {
            "customer.cpf": ["Introduce como máximo 11 caracteres."],
            "lines": ["Introduce al menos 1 elementos."],
        },
    }


def test_validation_errors_in_english(client: Client, auth: dict[str, str]) -> None:
    response = client.post(
        "/test-api/orders",
        {"lines": "none"},
        content_type="application/json",
        headers={**auth, "Accept-Language": "en"},
    )

    assert error_of(response) == {
        "code": "validation_error",
        "message": "Some fields are invalid.",
        "fields": {"customer": ["This field is required."], "lines": ["Enter a list."]},
    }


def test_a_validator_message_is_reported_as_written(client: Client, auth: dict[str, str]) -> None:
    order = {"customer": {"name": "Ana", "cpf": "1" * 11}, "lines": [{"sku": "A", "quantity": 1}]}

    response = client.post(
        "/test-api/orders",
        {**order, "coupon": "FREE"},
        content_type="application/json",
        headers=auth,
    )

    assert error_of(response)["fields"] == {"coupon": ["unknown coupon"]}


def test_a_missing_body_is_reported_on_body(client: Client, auth: dict[str, str]) -> None:
    response = client.generic(
        "POST", "/test-api/orders", b"", content_type="application/json", headers=auth
    )

    assert response.status_code == 422
    assert error_of(response)["fields"] == {"body": ["Este campo é obrigatório."]}


def test_unmapped_pydantic_error_types_keep_pydantic_text() -> None:
    error = {"type": "complex_type", "loc": ("body", "x"), "msg": "Input should be complex"}

    assert error_message(error) == "Input should be complex"


def test_malformed_json_answers_400_invalid_json(client: Client, auth: dict[str, str]) -> None:
    response = client.post(
        "/test-api/orders", '{"customer": ', content_type="application/json", headers=auth
    )

    assert response.status_code == 400
    assert error_of(response) == {
        "code": "invalid_json",
        "message": "O corpo da requisição não é um JSON válido.",
        "fields": {},
    }


def test_a_body_over_the_limit_answers_413_before_anything_runs(
    client: Client, auth: dict[str, str], settings
) -> None:  # type: ignore[no-untyped-def]
    settings.API_MAX_BODY = 2048

    response = client.post(
        "/test-api/groups",
        {"name": "x" * 3000},
        content_type="application/json",
        headers={**auth, "Idempotency-Key": "k1", "Accept-Language": "en"},
    )

    assert response.status_code == 413
    assert error_of(response) == {
        "code": "payload_too_large",
        "message": "The request body is too large (limit: 2048 bytes).",
        "fields": {},
    }
    assert Group.objects.count() == 0


@pytest.mark.parametrize("path", ["/api/v1/no/such/thing", "/api/v1/", "/test-api/nope"])
def test_unknown_paths_answer_404_error_shape(client: Client, path: str) -> None:
    response = client.get(path, headers={"Accept-Language": "es"})

    assert response.status_code == 404
    assert error_of(response) == {"code": "not_found", "message": "No encontrado.", "fields": {}}


def test_not_found_raised_by_an_operation_hides_its_details(
    client: Client, auth: dict[str, str]
) -> None:
    response = client.get("/test-api/missing", headers=auth)

    assert response.status_code == 404
    assert error_of(response) == {"code": "not_found", "message": "Não encontrado.", "fields": {}}


def test_a_wrong_method_answers_405_with_allow(client: Client, auth: dict[str, str]) -> None:
    response = client.delete("/api/v1/me", headers=auth)

    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert error_of(response) == {
        "code": "method_not_allowed",
        "message": "O método DELETE não é permitido aqui.",
        "fields": {},
    }


def test_an_unexpected_exception_answers_500_without_internals(
    client: Client, auth: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    response = client.get("/test-api/explode", headers={**auth, "Accept-Language": "es"})

    assert response.status_code == 500
    assert error_of(response) == {
        "code": "internal_error",
        "message": "Algo salió mal de nuestro lado. Inténtalo de nuevo más tarde.",
        "fields": {},
    }
    assert b"secret" not in response.content
    assert "secret internals" in caplog.text  # logged for operators, not shown to clients


def test_a_domain_error_keeps_its_code_status_and_fields(
    client: Client, auth: dict[str, str]
) -> None:
    response = client.get("/test-api/refused", headers=auth)

    assert response.status_code == 422
    assert error_of(response) == {
        "code": "stock_short",
        "message": "Stock is short.",
        "fields": {"lines.0.quantity": ["Only 2 left."]},
    }


def test_a_key_without_the_scope_answers_403(client: Client, make_api_key: MakeKey) -> None:
    _api_key, plaintext = make_api_key("orders:read")

    response = client.get("/test-api/groups", headers={"X-API-Key": plaintext})

    assert response.status_code == 403
    assert error_of(response) == {
        "code": "insufficient_scope",
        "message": "Esta chave de API não tem o escopo groups:read.",
        "fields": {},
    }


def test_openapi_schema_is_served_with_the_security_schemes(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Jornada API"
    assert "/api/v1/me" in schema["paths"]
    assert sorted(schema["components"]["securitySchemes"]) == [
        "ApiKeyBearer",
        "ApiKeyInHeader",
        "StaffSession",
    ]


def test_idempotent_operations_document_the_idempotency_key_header(client: Client) -> None:
    schema = client.get("/test-api/openapi.json").json()

    parameters = schema["paths"]["/test-api/groups"]["post"]["parameters"]
    assert [p for p in parameters if p["name"] == "Idempotency-Key"] == [
        {
            "in": "header",
            "name": "Idempotency-Key",
            "required": True,
            "schema": {"type": "string", "minLength": 1, "maxLength": 255},
            "description": (
                "Unique key (a UUID) for this write. Retrying with the same key and body "
                "returns the first response; see docs/api.md."
            ),
        }
    ]


def test_docs_page_loads_only_local_static_files(client: Client) -> None:
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sorted(assets) == [
        "/static/ninja/favicon.png",
        "/static/ninja/favicon.svg",
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
        "/static/ninja/swagger-ui.css",
    ]
    assert "cdn" not in html.lower()
    assert "//" not in "".join(assets)
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_docs_static_files_are_shipped() -> None:
    from django.contrib.staticfiles import finders

    for name in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        assert finders.find(f"ninja/{name}") is not None

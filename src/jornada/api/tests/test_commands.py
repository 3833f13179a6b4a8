"""`jornada apikey create|list|revoke`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from jornada.api.models import ApiKey
from jornada.api.services import api_key_authenticate

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("apikey", *args, stdout=out)
    return out.getvalue()


def test_create_prints_the_secret_once_and_it_authenticates() -> None:
    output = run("create", "--name", "ERP", "--scope", "orders:read", "--scope", "orders:write")

    api_key = ApiKey.objects.get()
    plaintext = output.strip().splitlines()[-1]
    assert output.splitlines()[:3] == [
        f"Created API key {api_key.prefix} (ERP).",
        "Scopes: orders:read orders:write",
        "Secret (shown only now; store it safely):",
    ]
    assert api_key_authenticate(plaintext=plaintext) == api_key


def test_create_with_a_bad_scope_fails_and_writes_nothing() -> None:
    with pytest.raises(CommandError, match="Orders"):
        run("create", "--name", "ERP", "--scope", "Orders")

    assert ApiKey.objects.count() == 0


def test_list_shows_prefixes_never_secrets() -> None:
    created = run("create", "--name", "ERP", "--scope", "*")
    plaintext = created.strip().splitlines()[-1]
    prefix = ApiKey.objects.get().prefix

    output = run("list")

    assert output == f"{prefix}  ERP  [*]  active  last used: never\n"
    assert plaintext not in output


def test_revoke_by_prefix_stops_the_key_and_hides_it_from_the_list() -> None:
    created = run("create", "--name", "ERP", "--scope", "*")
    plaintext = created.strip().splitlines()[-1]
    prefix = ApiKey.objects.get().prefix

    output = run("revoke", prefix)

    assert output == f"Revoked API key {prefix} (ERP).\n"
    assert api_key_authenticate(plaintext=plaintext) is None
    assert run("list") == ""
    assert prefix in run("list", "--all")


def test_revoke_of_an_unknown_prefix_fails() -> None:
    with pytest.raises(CommandError, match="No API key with prefix jk_live_nothere"):
        run("revoke", "jk_live_nothere")

"""API keys: made with their secret shown once, stored hashed, revocable."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from jornada.api.models import ApiKey
from jornada.api.services import api_key_authenticate, api_key_create, api_key_revoke
from jornada.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_api_key_create_returns_the_plaintext_and_stores_only_its_hash(staff_user) -> None:  # type: ignore[no-untyped-def]
    # when
    api_key, plaintext = api_key_create(
        name="ERP", scopes=["orders:read", "orders:write", "orders:read"], created_by=staff_user
    )

    # then
    row = ApiKey.objects.values().get(pk=api_key.pk)
    assert plaintext.startswith(api_key.prefix + "_")
    assert len(api_key.prefix) == 16 and api_key.prefix.startswith("jk_live_")
    assert row["key_hash"] == hashlib.sha256(plaintext.encode()).hexdigest()
    assert row["scopes"] == ["orders:read", "orders:write"]
    assert row["created_by_id"] == staff_user.pk
    assert row["revoked_at"] is None and row["last_used_at"] is None
    secret = plaintext[len(api_key.prefix) + 1 :]
    assert len(secret) >= 43
    assert not any(secret in str(value) for value in row.values())


def test_two_keys_never_share_a_prefix_or_secret() -> None:
    made = [api_key_create(name=f"k{i}", scopes=["*"]) for i in range(20)]

    assert len({key.prefix for key, _ in made}) == 20
    assert len({plaintext for _, plaintext in made}) == 20


@pytest.mark.parametrize(
    ("name", "scopes", "fields"),
    [
        ("", ["orders:read"], {"name": ["Este campo é obrigatório."]}),
        ("ERP", [], {"scopes": ["Dê à chave pelo menos um escopo."]}),
        (
            "ERP",
            ["orders:read", "Orders", "orders:"],
            {
                "scopes": [
                    "Escopo inválido Orders: use recurso:ação, como orders:read, ou *.",
                    "Escopo inválido orders:: use recurso:ação, como orders:read, ou *.",
                ]
            },
        ),
    ],
)
def test_api_key_create_refuses_bad_input_and_writes_nothing(
    name: str, scopes: list[str], fields: dict[str, list[str]]
) -> None:
    with pytest.raises(DomainError) as refused:
        api_key_create(name=name, scopes=scopes)

    assert refused.value.code == "invalid_api_key"
    assert refused.value.fields == fields
    assert ApiKey.objects.count() == 0


def test_api_key_authenticate_accepts_only_the_exact_active_key() -> None:
    api_key, plaintext = api_key_create(name="ERP", scopes=["*"])

    assert api_key_authenticate(plaintext=plaintext) == api_key
    assert (
        api_key_authenticate(plaintext=plaintext[:-1] + ("A" if plaintext[-1] != "A" else "B"))
        is None
    )
    assert api_key_authenticate(plaintext=api_key.prefix) is None
    assert api_key_authenticate(plaintext="") is None
    assert api_key_authenticate(plaintext="jk_live_00000000_" + "x" * 43) is None


def test_api_key_revoke_stops_authentication_and_records_who(staff_user) -> None:  # type: ignore[no-untyped-def]
    api_key, plaintext = api_key_create(name="ERP", scopes=["*"])

    api_key_revoke(api_key=api_key, actor=staff_user)

    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    assert api_key.revoked_by == staff_user
    assert api_key_authenticate(plaintext=plaintext) is None


def test_revoking_twice_keeps_the_first_revocation(staff_user) -> None:  # type: ignore[no-untyped-def]
    api_key, _plaintext = api_key_create(name="ERP", scopes=["*"])
    api_key_revoke(api_key=api_key, actor=staff_user)
    first = api_key.revoked_at

    api_key_revoke(api_key=api_key, actor=None)

    api_key.refresh_from_db()
    assert api_key.revoked_at == first
    assert api_key.revoked_by == staff_user


def test_last_used_at_is_written_at_most_once_a_minute() -> None:
    api_key, plaintext = api_key_create(name="ERP", scopes=["*"])
    start = timezone.now()

    api_key_authenticate(plaintext=plaintext, now=start)
    api_key_authenticate(plaintext=plaintext, now=start + timedelta(seconds=59))
    api_key.refresh_from_db()
    assert api_key.last_used_at == start

    api_key_authenticate(plaintext=plaintext, now=start + timedelta(seconds=61))
    api_key.refresh_from_db()
    assert api_key.last_used_at == start + timedelta(seconds=61)


@pytest.mark.parametrize(
    ("granted", "asked", "allowed"),
    [
        (["*"], "orders:write", True),
        (["orders:*"], "orders:write", True),
        (["orders:write"], "orders:write", True),
        (["orders:read"], "orders:write", False),
        (["payments:*"], "orders:read", False),
        ([], "orders:read", False),
    ],
)
def test_scopes_match_exactly_or_by_wildcard(granted: list[str], asked: str, allowed: bool) -> None:
    assert ApiKey(scopes=granted).has_scope(asked) is allowed

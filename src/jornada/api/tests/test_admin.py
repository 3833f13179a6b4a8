"""The admin lists API keys read-only and revokes them; it never makes or shows secrets."""

from __future__ import annotations

import pytest
from django.test import Client

from jornada.api.models import ApiKey
from jornada.api.services import api_key_create

pytestmark = pytest.mark.django_db


def test_admin_revoke_action_revokes_the_selected_keys(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    erp, _plaintext = api_key_create(name="ERP", scopes=["*"])
    kept, _plaintext = api_key_create(name="BI", scopes=["orders:read"])
    client.force_login(admin_user)

    response = client.post(
        "/admin/api/apikey/",
        {"action": "revoke", "_selected_action": [erp.pk]},
    )

    assert response.status_code == 302
    erp.refresh_from_db()
    kept.refresh_from_db()
    assert erp.revoked_by == admin_user
    assert kept.revoked_at is None


def test_admin_pages_never_offer_adding_keys_nor_show_hashes(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    api_key, _plaintext = api_key_create(name="ERP", scopes=["*"])
    client.force_login(admin_user)

    change = client.get(f"/admin/api/apikey/{api_key.pk}/change/")
    add = client.get("/admin/api/apikey/add/")

    assert change.status_code == 200
    assert api_key.key_hash not in change.content.decode()
    assert add.status_code == 403
    assert ApiKey.objects.count() == 1

from __future__ import annotations

from collections.abc import Callable

import pytest

from jornada.api.models import ApiKey
from jornada.api.services import api_key_create
from jornada.api.tests import testapi

MakeKey = Callable[..., tuple[ApiKey, str]]


@pytest.fixture
def make_api_key(db: None) -> MakeKey:
    def make(*scopes: str, name: str = "ERP") -> tuple[ApiKey, str]:
        return api_key_create(name=name, scopes=list(scopes) or ["*"])

    return make


@pytest.fixture
def staff_user(db: None, django_user_model):  # type: ignore[no-untyped-def]
    return django_user_model.objects.create_user(
        username="ana", password="s3nha-forte", is_staff=True
    )


@pytest.fixture(autouse=True)
def _reset_gates() -> None:
    testapi.ENTERED.clear()
    testapi.RELEASE.clear()

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


@pytest.fixture(autouse=True)
def _without_role_groups(request: pytest.FixtureRequest) -> None:
    """The test API creates and counts groups; the staff-role groups a migration adds
    would be counted too, so tests that use the database start without them."""
    if request.node.get_closest_marker("django_db") is None and not (
        {"db", "transactional_db", "staff_user", "make_api_key"} & set(request.fixturenames)
    ):
        return
    from django.contrib.auth.models import Group

    from jornada.core.roles import Role

    Group.objects.filter(name__in=Role.values).delete()

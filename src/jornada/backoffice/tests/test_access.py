from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from jornada.backoffice.access import CAPABILITIES, allowed, capability_required
from jornada.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "capability", "expected"),
    [
        (Role.CUSTOMER_SERVICE, "orders.cancel", True),
        (Role.WAREHOUSE, "orders.cancel", False),
        (Role.FINANCE, "orders.cancel", False),
        (Role.MARKETING, "orders.cancel", False),
        (Role.WAREHOUSE, "orders.view", True),
        (Role.WAREHOUSE, "orders.note", True),
        (Role.MARKETING, "orders.view", False),
        (Role.CUSTOMER_SERVICE, "settings.store", False),
        (Role.FINANCE, "settings.staff", False),
        (Role.WAREHOUSE, "log.view", False),
        (Role.OWNER, "settings.store", True),
        (Role.OWNER, "orders.cancel", True),
        (Role.OWNER, "log.view", True),
    ],
)
def test_capabilities_follow_roles(make_staff, role, capability, expected):
    user = make_staff(f"user-{role}", role)
    assert allowed(user, capability) is expected


def test_a_superuser_holds_every_capability(make_staff):
    admin = make_staff("root", superuser=True)
    assert all(allowed(admin, capability) for capability in CAPABILITIES)


def test_anonymous_and_roleless_users_hold_nothing(make_staff):
    roleless = make_staff("nobody")
    for capability in CAPABILITIES:
        assert not allowed(AnonymousUser(), capability)
        assert not allowed(roleless, capability)


def test_an_inactive_owner_holds_nothing(make_staff):
    user = make_staff("gone", Role.OWNER)
    user.is_active = False
    assert not allowed(user, "orders.view")


def test_unknown_capabilities_are_refused(owner):
    assert not allowed(owner, "orders.teleport")
    with pytest.raises(ValueError, match="unknown capability"):
        capability_required("orders.teleport")

"""Staff roles: each is a Django group; pages and actions ask ``has_role``.

A superuser (and the ``owner`` role) may do everything. The groups are created by a data
migration, so every install has them.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("owner / admin")
    CUSTOMER_SERVICE = "customer_service", _("customer service")
    FINANCE = "finance", _("finance")
    WAREHOUSE = "warehouse", _("warehouse")
    MARKETING = "marketing", _("marketing")


def roles_of(user: Any) -> frozenset[str]:
    """The roles a user holds (all of them for a superuser); empty for anonymous users."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Role.values)
    cached = getattr(user, "_jornada_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(r for r in Role.values if r in names)
        user._jornada_roles = cached
    return cached


def has_role(user: Any, *roles: str) -> bool:
    """True if the user is staff and holds any of ``roles`` (owners hold every role)."""
    held = roles_of(user)
    return bool(held) and (Role.OWNER in held or any(r in held for r in roles))

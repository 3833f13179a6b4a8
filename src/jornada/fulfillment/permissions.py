"""Who may act on the physical side: API keys by scope, staff by role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from jornada.api.auth import check_scope
from jornada.api.models import ApiKey
from jornada.core.roles import has_role
from jornada.orders.types import Actor


def authorise(request: HttpRequest, *, scope: str, role: str) -> Actor:
    """The actor for the timeline; 403 unless the key holds ``scope`` or the staff user
    holds ``role`` (owners hold every role)."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiKey):
        check_scope(request, scope)
        return Actor.integration(label=f"{auth.name} ({auth.prefix})")
    if isinstance(auth, AbstractBaseUser) and has_role(auth, role):
        return Actor.staff(user_id=auth.pk, label=auth.get_username())
    raise PermissionDenied

"""Who is calling: API keys for integrations, the Django session for staff.

``request.auth`` ends up as the ``ApiKey`` or the staff ``User``. ``require_scope``
guards an operation; staff sessions pass every scope check (roles come later).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyHeader, HttpBearer
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from jornada.api.base import wraps_operation
from jornada.api.errors import ApiError
from jornada.api.models import ApiKey
from jornada.api.services import api_key_authenticate

F = TypeVar("F", bound=Callable[..., Any])


class ApiKeyBearer(HttpBearer):
    """``Authorization: Bearer jk_live_...``"""

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        return api_key_authenticate(plaintext=token.strip())


class ApiKeyInHeader(APIKeyHeader):
    """``X-API-Key: jk_live_...``"""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiKey | None:
        if not key:
            return None
        return api_key_authenticate(plaintext=key.strip())


class StaffSession(AuthBase):
    """The signed-in staff user of the back office, with Django's CSRF check on every call.

    Unlike ninja's session auth, a request with no staff session is simply not ours (401
    overall), rather than a CSRF failure.
    """

    openapi_type = "apiKey"
    openapi_in = "cookie"

    def __init__(self) -> None:
        from django.conf import settings

        self.openapi_name = settings.SESSION_COOKIE_NAME
        self.csrf = True
        super().__init__()

    def __call__(self, request: HttpRequest) -> AbstractBaseUser | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not getattr(user, "is_staff", False):
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise ApiError(
                "csrf_failed",
                _("CSRF check failed: send the X-CSRFToken header with the session cookie."),
                status=403,
            )
        return user  # type: ignore[no-any-return]


def default_auth() -> list[Any]:
    """The authentication every ``/api/v1/`` operation uses unless it says otherwise."""
    return [ApiKeyBearer(), ApiKeyInHeader(), StaffSession()]


def principal_of(request: HttpRequest) -> str:
    """A stable name for the caller: ``key:<id>``, ``user:<id>`` or ``anonymous``."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiKey):
        return f"key:{auth.pk}"
    if isinstance(auth, AbstractBaseUser):
        return f"user:{auth.pk}"
    return "anonymous"


def has_scope(request: HttpRequest, scope: str) -> bool:
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiKey):
        return auth.has_scope(scope)
    return isinstance(auth, AbstractBaseUser) and bool(getattr(auth, "is_staff", False))


def check_scope(request: HttpRequest, scope: str) -> None:
    if not has_scope(request, scope):
        raise ApiError(
            "insufficient_scope",
            _("This API key lacks the scope %(scope)s.") % {"scope": scope},
            status=403,
        )


def require_scope(scope: str) -> Callable[[F], F]:
    """Refuse the operation with 403 unless the caller holds ``scope``.

    Put it above ``@idempotent`` so that a refused call stores no idempotency record::

        @router.post("/orders")
        @require_scope("orders:write")
        @idempotent(required=True)
        def order_create(request, payload: OrderIn): ...
    """

    def decorator(view: F) -> F:
        @wraps_operation(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            check_scope(request, scope)
            return view(request, *args, **kwargs)

        wrapper._jornada_scope = scope  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator

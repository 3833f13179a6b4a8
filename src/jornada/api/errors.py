"""One error shape for every API failure, and the mapping from exceptions to it.

Every failure under ``/api/v1/`` answers ``{"error": {"code", "message", "fields"}}``:
``code`` is stable and meant for machines (``validation_error``, ``not_found``),
``message`` is for people, in the request's language, and ``fields`` maps an input path
(``lines.0.quantity``, ``customer.cpf``) to its messages (empty when no field is at fault).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from jornada.api.validation import field_errors
from jornada.core.errors import DomainError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("jornada.api")

FieldErrors = Mapping[str, Sequence[str | Promise]]


class ApiError(Exception):
    """A refusal raised by API wiring (auth, idempotency, limits), shaped like any other."""

    def __init__(
        self,
        code: str,
        message: str | Promise,
        status: int = 400,
        fields: FieldErrors | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.status = status
        self.fields = fields or {}
        self.headers = dict(headers or {})
        super().__init__(str(message))


def error_payload(
    code: str, message: str | Promise, fields: FieldErrors | None = None
) -> dict[str, Any]:
    return {
        "error": {
            "code": code,
            "message": str(message),
            "fields": {path: [str(m) for m in msgs] for path, msgs in (fields or {}).items()},
        }
    }


def error_response(
    code: str,
    message: str | Promise,
    *,
    status: int,
    fields: FieldErrors | None = None,
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    body = json.dumps(error_payload(code, message, fields), ensure_ascii=False)
    response = HttpResponse(
        body.encode(), status=status, content_type="application/json; charset=utf-8"
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def api_error_response(exc: ApiError) -> HttpResponse:
    return error_response(
        exc.code, exc.message, status=exc.status, fields=exc.fields, headers=exc.headers
    )


# Messages are looked up when an error is answered, so they follow the request's language.
def not_authenticated() -> ApiError:
    return ApiError(
        "not_authenticated",
        _("Authentication required: send a valid API key or sign in as staff."),
        status=401,
        headers={"WWW-Authenticate": 'Bearer realm="api"'},
    )


def not_found() -> ApiError:
    return ApiError("not_found", _("Not found."), status=404)


def method_not_allowed(method: str, allowed: str) -> ApiError:
    return ApiError(
        "method_not_allowed",
        _("Method %(method)s is not allowed here.") % {"method": method},
        status=405,
        headers={"Allow": allowed},
    )


def payload_too_large(limit: int) -> ApiError:
    return ApiError(
        "payload_too_large",
        _("The request body is too large (limit: %(limit)s bytes).") % {"limit": limit},
        status=413,
    )


def internal_error() -> ApiError:
    return ApiError(
        "internal_error", _("Something went wrong on our side. Try again later."), status=500
    )


def _from_http_error(exc: HttpError) -> ApiError:
    if isinstance(exc, AuthenticationError):
        return not_authenticated()
    if isinstance(exc, Throttled):
        headers = {"Retry-After": str(exc.wait)} if exc.wait else {}
        return ApiError(
            "throttled", _("Too many requests. Slow down."), status=429, headers=headers
        )
    if isinstance(exc, AuthorizationError):
        return ApiError("permission_denied", _("You may not do this."), status=403)
    if exc.status_code == 403 and exc.message.startswith("CSRF"):
        return ApiError(
            "csrf_failed",
            _("CSRF check failed: send the X-CSRFToken header with the session cookie."),
            status=403,
        )
    if exc.status_code == 400 and exc.message.startswith("Cannot parse request body"):
        return ApiError("invalid_json", _("The request body is not valid JSON."), status=400)
    if exc.status_code == 404:
        return not_found()
    # Raised by our own code with its own (already translated) message.
    return ApiError(_generic_code(exc.status_code), exc.message, status=exc.status_code)


def _generic_code(status: int) -> str:
    return {
        400: "bad_request",
        401: "not_authenticated",
        403: "permission_denied",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
        413: "payload_too_large",
        422: "validation_error",
        429: "throttled",
    }.get(status, "internal_error" if status >= 500 else "bad_request")


def validation_failed(fields: FieldErrors) -> ApiError:
    return ApiError("validation_error", _("Some fields are invalid."), status=422, fields=fields)


def exception_to_error(exc: BaseException) -> ApiError:
    """The ``ApiError`` an exception is answered with (500 for anything unexpected)."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, DomainError):
        return ApiError(exc.code, exc.message, status=exc.status, fields=exc.fields)
    if isinstance(exc, NinjaValidationError):
        return validation_failed(field_errors(exc.errors))
    if isinstance(exc, HttpError):
        return _from_http_error(exc)
    if isinstance(exc, Http404):
        return not_found()
    if isinstance(exc, PermissionDenied):
        return ApiError("permission_denied", _("You may not do this."), status=403)
    if isinstance(exc, RequestDataTooBig):
        from django.conf import settings

        return payload_too_large(settings.API_MAX_BODY)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return validation_failed(exc.message_dict)
        return ApiError("validation_error", "; ".join(exc.messages), status=422, fields={})
    return internal_error()


def handle_exception(request: HttpRequest, exc: Exception) -> HttpResponse:
    error = exception_to_error(exc)
    if error.status >= 500:
        logger.exception("Unhandled error on %s %s", request.method, request.path, exc_info=exc)
    return api_error_response(error)


def install_error_handlers(api: NinjaAPI) -> None:
    """Make every exception raised inside ``api``'s operations answer with the error shape."""

    def handler(request: HttpRequest, exc: Exception | type[Exception]) -> HttpResponse:
        assert isinstance(exc, Exception)
        return handle_exception(request, exc)

    # ninja looks handlers up along the exception's MRO, so its defaults for these
    # classes must be replaced, not just shadowed by a handler for ``Exception``.
    for exc_class in (Exception, Http404, HttpError, NinjaValidationError):
        api.add_exception_handler(exc_class, handler)

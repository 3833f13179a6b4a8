"""The fast lane of ``POST /api/v1/orders``, in front of Django's WSGI handler.

An integration placing orders with an API key is the one request Jornada must take a
thousand times a second. Django's full path (eleven middlewares, URL resolution, ninja's
operation machinery) costs several times what placing the order does, so that request
is served here, by the very same code the ninja operation calls
(``jornada.orders.intake.order_intake``), with each middleware's part done the way it
does it:

- the host must be one of ``ALLOWED_HOSTS`` (CommonMiddleware);
- the body must not carry a card number (``RefuseCardNumbers``);
- messages in the caller's language, answered with ``Content-Language`` and
  ``Vary: Accept-Language`` (LocaleMiddleware);
- the security headers of SecurityMiddleware and XFrameOptionsMiddleware;
- the API key and its ``orders:write`` scope (ninja's auth, ``require_scope``);
- the body validated by ``OrderIn``, the ninja operation's own schema.

Anything else goes to Django untouched, so every refusal keeps its one shape and one
code path: no or bad credentials, a missing scope, a missing or malformed
``Idempotency-Key``, a query string, a body that is not JSON, too large, holds a card
number or fails the schema, a request over HTTP where HTTPS is required. Only the
successful parse is short-circuited; what ``order_intake`` answers (201, a replay, 422
naming fields, 409) is the same bytes either way.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterable
from http import HTTPStatus
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.http import parse_cookie
from django.http.request import split_domain_port, validate_host
from django.utils import translation
from pydantic import ValidationError

from jornada.api.errors import api_error_response, exception_to_error
from jornada.api.idempotency import MAX_KEY_LENGTH, fingerprint
from jornada.api.services import api_key_authenticate
from jornada.orders.intake import order_intake
from jornada.orders.schemas import OrderIn
from jornada.orders.types import Actor
from jornada.payments.cards import card_number_paths, may_hold_card_number

logger = logging.getLogger("jornada.api")

PATH = "/api/v1/orders"
SCOPE = "orders:write"

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def with_order_intake(django_app: WSGIApp) -> WSGIApp:
    """``django_app`` with the fast lane of order intake in front of it."""

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == PATH and environ.get("REQUEST_METHOD") == "POST":
            answer = _serve(environ)
            if answer is not None:
                status, headers, body = answer
                start_response(status, headers)
                return [body]
        return django_app(environ, start_response)

    return application


def _serve(environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes] | None:
    """The answer, or None to hand the request to Django (``wsgi.input`` left readable)."""
    if environ.get("QUERY_STRING") or environ.get("SCRIPT_NAME"):
        return None
    secure = _is_secure(environ)
    if settings.SECURE_SSL_REDIRECT and not secure:
        return None
    host, _port = split_domain_port(environ.get("HTTP_HOST", ""))
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    if not host or not validate_host(host, allowed):
        return None
    content_type = environ.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()
    if content_type != "application/json":
        return None
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if not 0 < length <= settings.API_MAX_BODY:
        return None
    key = environ.get("HTTP_IDEMPOTENCY_KEY")
    if key is None or not key.strip() or len(key) > MAX_KEY_LENGTH:
        return None
    plaintext = _credential(environ)
    if not plaintext:
        return None
    api_key = api_key_authenticate(plaintext=plaintext)
    if api_key is None or not api_key.has_scope(SCOPE):
        return None

    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)  # Django reads it again if we hand over
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if may_hold_card_number(body) and card_number_paths(data):
        return None
    try:
        payload = OrderIn.model_validate(data)
    except ValidationError:
        return None

    cookies = parse_cookie(environ["HTTP_COOKIE"]) if "HTTP_COOKIE" in environ else {}
    language = translation.get_language_from_request(
        SimpleNamespace(COOKIES=cookies, META=environ),  # type: ignore[arg-type]
        check_path=False,
    )
    translation.activate(language)
    try:
        try:
            response = order_intake(
                scope=f"key:{api_key.pk} POST {PATH}",
                key=key,
                fingerprint=fingerprint(query=[], body=body),
                data=payload.to_input(),
                actor=Actor.integration(label=f"{api_key.name} ({api_key.prefix})"),
            )
        except Exception as exc:
            error = exception_to_error(exc)
            if error.status >= 500:
                logger.exception("Unhandled error on POST %s", PATH, exc_info=exc)
            response = api_error_response(error)
        headers = [(name, value) for name, value in response.items()]
        headers += _common_headers(translation.get_language(), secure=secure)
        body = response.content
        headers.append(("Content-Length", str(len(body))))
        status = f"{response.status_code} {HTTPStatus(response.status_code).phrase}"
        return status, headers, body
    finally:
        translation.deactivate()
        # As Django does at the end of a request, unless a transaction is open around us
        # (a test's): Django's test client detaches it then, for the same reason.
        if not connection.in_atomic_block:
            close_old_connections()


def _credential(environ: dict[str, Any]) -> str:
    """The API key as ninja's ``HttpBearer`` and ``APIKeyHeader`` read it (in that order)."""
    authorization = environ.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return str(environ.get("HTTP_X_API_KEY", "")).strip()


def _is_secure(environ: dict[str, Any]) -> bool:
    """``HttpRequest.is_secure`` on the raw environ (proxy header included)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = environ.get(header)
        if value is not None:
            return bool(value.split(",", 1)[0].strip() == secure_value)
    return bool(environ.get("wsgi.url_scheme") == "https")


def _common_headers(language: str, *, secure: bool) -> list[tuple[str, str]]:
    """What the middlewares add to every API answer."""
    headers = [("Vary", "Accept-Language"), ("Content-Language", language)]
    if settings.X_FRAME_OPTIONS:
        headers.append(("X-Frame-Options", settings.X_FRAME_OPTIONS.upper()))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("X-Content-Type-Options", "nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        policy = settings.SECURE_REFERRER_POLICY
        if not isinstance(policy, str):
            policy = ",".join(policy)
        headers.append(("Referrer-Policy", policy))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    if secure and settings.SECURE_HSTS_SECONDS:
        value = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            value += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            value += "; preload"
        headers.append(("Strict-Transport-Security", value))
    return headers

"""``JornadaAPI``: a NinjaAPI whose every answer to a failure has the one error shape.

Besides the operations' own exceptions (see ``errors.install_error_handlers``), it covers
what happens before an operation runs: unknown paths (404), wrong methods (405), bodies
over ``API_MAX_BODY`` (413), and anything that escapes (500).
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI
from ninja.errors import ValidationError, ValidationErrorContext

from jornada.api.errors import (
    api_error_response,
    handle_exception,
    install_error_handlers,
    method_not_allowed,
    not_found,
    payload_too_large,
)

F = TypeVar("F", bound=Callable[..., Any])


def wraps_operation(view: Callable[..., Any]) -> Callable[[F], F]:
    """``functools.wraps`` for decorators of ninja operations.

    ninja resolves string annotations (``from __future__ import annotations``) in the
    globals of the function it is given, that is the wrapper's module; a signature
    resolved here, in the view's own module, keeps the view's schemas visible.
    """

    def decorate(wrapper: F) -> F:
        functools.update_wrapper(wrapper, view)
        # A forward reference not defined yet raises NameError: ninja will try again later.
        with contextlib.suppress(NameError):
            wrapper.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]
        return wrapper

    return decorate


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def guard_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Wrap one URL view of the API so that nothing leaves it but the error shape."""

    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if _content_length(request) > settings.API_MAX_BODY:
            return api_error_response(payload_too_large(settings.API_MAX_BODY))
        try:
            response = view(request, *args, **kwargs)
        except Exception as exc:
            return handle_exception(request, exc)
        if isinstance(response, HttpResponseNotAllowed):
            return api_error_response(method_not_allowed(request.method or "", response["Allow"]))
        return response

    return guarded


def unknown_path(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
    return api_error_response(not_found())


unknown_path.csrf_exempt = True  # type: ignore[attr-defined]


class JornadaAPI(NinjaAPI):
    def set_default_exception_handlers(self) -> None:
        install_error_handlers(self)

    def validation_error_from_error_contexts(
        self, error_contexts: list[ValidationErrorContext]
    ) -> ValidationError:
        """ninja's errors, plus ``field``: the input path without ninja's wrapping.

        A single schema body is wrapped by ninja under its parameter name
        (``payload.lines.0.quantity``); clients know it as ``lines.0.quantity``.
        """
        error = super().validation_error_from_error_contexts(error_contexts)
        single_attrs = {
            getattr(context.model, "__read_from_single_attr__", None) for context in error_contexts
        } - {None}
        for item in error.errors:
            source, *path = item["loc"]
            if path and path[0] in single_attrs and source == "body":
                path = path[1:]
            item["field"] = ".".join(str(part) for part in path) or str(source)
        return error

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = guard_view(pattern.callback)
        # Last, so that only paths no operation claims end here.
        urls.append(re_path(r"^.*$", unknown_path, name="unknown-path"))
        return urls

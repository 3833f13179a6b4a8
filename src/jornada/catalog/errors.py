"""Refusals of the catalog: one ``CatalogError`` naming every bad field at once.

``fields`` maps the service's argument name (``"price"``, ``"sku"``) to translated
messages, so a form, the API and the CSV report can each put the message beside the
input that caused it.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from jornada.core.errors import DomainError


def _interpolate(message: str | Promise, params: dict[str, Any]) -> str:
    return str(message) % params


#: ``message % params`` rendered when read, in the language active then.
interpolate_lazy = lazy(_interpolate, str)


class CatalogError(DomainError):
    """Invalid catalog input; ``fields`` says which arguments and why. Nothing was written."""

    code = "catalog_invalid"

    def __init__(
        self,
        fields: dict[str, list[str | Promise]],
        *,
        message: str | Promise | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message or _("Some fields are invalid."), code=code, fields=fields)

    @classmethod
    def on(cls, field: str, message: str | Promise, **params: Any) -> CatalogError:
        """One error on one field: ``CatalogError.on("price", _("..."), max=2)``."""
        text = interpolate_lazy(message, params) if params else message
        return cls({field: [text]})


class InvalidSku(CatalogError, ValueError):
    """A SKU that is empty, too long or has characters outside ``A-Z 0-9 . _ -``."""

    code = "invalid_sku"


class FieldErrors:
    """Collects messages per field; ``raise_if_any()`` raises one ``CatalogError`` with all."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str | Promise]] = {}

    def add(self, field: str, message: str | Promise, **params: Any) -> None:
        text = interpolate_lazy(message, params) if params else message
        self.fields.setdefault(field, []).append(text)

    def merge(self, error: DomainError) -> None:
        for field, messages in error.fields.items():
            self.fields.setdefault(field, []).extend(messages)

    def __bool__(self) -> bool:
        return bool(self.fields)

    def raise_if_any(self) -> None:
        if self.fields:
            raise CatalogError(self.fields)

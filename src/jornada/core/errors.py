"""Errors that domain code raises and every entry point (API, pages, commands) reports.

A ``DomainError`` carries a stable ``code`` for machines, a translated ``message``
for people and, where the problem is one or more input fields, ``fields``:
``{"customer.cpf": ["dígito verificador inválido"]}``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.functional import Promise


class DomainError(Exception):
    """A refusal the caller can act on; nothing has been written when it is raised."""

    code: ClassVar[str] = "domain_error"
    status: ClassVar[int] = 422

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str | None = None,
        fields: dict[str, list[str | Promise]] | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        self.message = message
        if code is not None:
            self.code = code  # type: ignore[misc]
        self.fields = fields or {}
        self.params = params or {}
        super().__init__(str(message))


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Conflict(DomainError):
    code = "conflict"
    status = 409


class TransitionNotAllowed(DomainError):
    """A status move that the entity's transition table refuses."""

    code = "transition_not_allowed"
    status = 409

"""Typed errors for the Brazil toolkit.

Every refusal is a :class:`BrazilError` with a stable ``code`` for machines, the
``field`` it concerns (``"cpf"``, ``"26.01"``, ``"numero"``...) and a translated
``message`` for people. Value problems are also ``ValueError``; they plug into
``jornada.core.errors.DomainError`` so every entry point reports them the same way.

Messages are ``gettext_lazy`` English msgids with ``%(name)s`` placeholders; they
are rendered when read, so these errors can be raised and printed even where
Django settings are not configured (the English msgid is used then).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
from django.utils.functional import Promise, lazy

from jornada.core.errors import DomainError


def render_message(message: str | Promise, params: dict[str, Any] | None = None) -> str:
    """The message in the active language with ``params`` interpolated.

    Outside a configured Django (a bare script, the bench) the English msgid is used.
    """
    try:
        text = str(message)
    except (ImproperlyConfigured, AppRegistryNotReady):
        args = getattr(message, "_args", None)
        text = str(args[0]) if args else ""
    return text % params if params else text


_render_lazy = lazy(render_message, str)


class BrazilError(DomainError):
    """A Brazil toolkit refusal with ``code``, ``field`` and a human ``message``."""

    code: ClassVar[str] = "brazil_error"

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str | None = None,
        field: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        # DomainError.__init__ would render the message now; that needs settings.
        Exception.__init__(self, code or self.code, field)
        if code is not None:
            self.code = code  # type: ignore[misc]
        self.field = field
        self.params = dict(params or {})
        self.template = message
        self.message = _render_lazy(message, self.params)
        self.fields = {field: [self.message]} if field else {}

    def __str__(self) -> str:
        return render_message(self.template, self.params)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, field={self.field!r}, message={str(self)!r})"


class BrazilValueError(BrazilError, ValueError):
    """The input is wrong; the caller can fix it."""

    code = "invalid"


class DocumentError(BrazilValueError):
    """A CPF or CNPJ that is not valid."""


class CepError(BrazilValueError):
    """A CEP that is malformed or does not belong to the given state."""


class CepNotFound(CepError):
    code = "cep_not_found"
    status = 404


class CepServiceUnavailable(BrazilError):
    """The CEP lookup service failed or timed out (after retries); try again later."""

    code = "cep_service_unavailable"
    status = 503


class AddressError(BrazilValueError):
    """An address with a missing or malformed field (named in ``field``)."""


class PhoneError(BrazilValueError):
    """A phone number that cannot be parsed or is not valid."""


class PixError(BrazilValueError):
    """A Pix BR Code that cannot be built or parsed; ``field`` is the EMV id (``"26.01"``)."""


class BoletoError(BrazilValueError):
    """A boleto line or barcode that is malformed or fails a check digit."""


class TrackingCodeError(BrazilValueError):
    """A UPU S10 tracking code that is not valid; ``code`` says why."""


class BusinessDaysError(BrazilValueError):
    """A date or state that business-day arithmetic cannot use."""


class MoneyError(BrazilValueError):
    """An amount that cannot be a ``Money`` (float, bad text, unknown currency)."""


class CurrencyMismatch(MoneyError):
    code = "currency_mismatch"


class InstalmentError(BrazilValueError):
    """An instalment plan that the policy does not allow."""

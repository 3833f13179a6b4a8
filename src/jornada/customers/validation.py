"""Customer input checks: pure (no database), every bad field reported at once."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from jornada.brazil.documents import tax_id_validate
from jornada.brazil.errors import DocumentError, PhoneError, render_message
from jornada.brazil.phones import Phone, phone_parse
from jornada.core.errors import DomainError

from .types import MOBILE_CHANNELS, Channel, CustomerInput, DocumentKind

NAME_MIN = 2
NAME_MAX = 200
EMAIL_MAX = 254
_CHANNELS = frozenset(Channel.values)  # the enum builds its list on every access

#: A lazy message with its parameters: rendered in the language active when read.
lazy_message = lazy(render_message, str)

FieldErrors = dict[str, list[str | Promise]]


@dataclasses.dataclass(frozen=True, slots=True)
class ValidCustomer:
    """The normalised input plus what validation learned on the way."""

    data: CustomerInput
    document_kind: DocumentKind
    phone: Phone | None

    @property
    def phone_is_mobile(self) -> bool:
        # Mobile numbers, and numbers whose plan cannot tell (US): they take WhatsApp/SMS.
        return self.phone is not None and self.phone.whatsapp_able


def customer_input_validate(data: CustomerInput, *, prefix: str = "customer") -> CustomerInput:
    """A normalised copy of ``data``, or :class:`DomainError` naming every bad field.

    Document as digits (CNPJ upper-cased), email lower-cased, phone in E.164, name
    trimmed and single-spaced, channel and language as their codes. WhatsApp and SMS
    need a mobile phone; a phone call needs a phone. Field keys are ``<prefix>.<field>``.
    """
    return customer_input_check(data, prefix=prefix).data


def customer_input_check(data: CustomerInput, *, prefix: str = "customer") -> ValidCustomer:
    """:func:`customer_input_validate` that also returns the document kind and phone."""
    errors: FieldErrors = {}

    def fail(name: str, message: str | Promise, **params: Any) -> None:
        errors.setdefault(f"{prefix}.{name}" if prefix else name, []).append(
            lazy_message(message, params) if params else message
        )

    name = _clean_name(data.name, fail)
    kind, document = _clean_document(data.document, fail)
    email = email_clean(data.email, lambda m, **p: fail("email", m, **p))
    phone = phone_clean(data.phone, lambda m, **p: fail("phone", m, **p))
    channel = _clean_channel(data.preferred_channel, phone, email, fail)
    language = _clean_language(data.language, fail)
    if data.marketing_consent is not None and not isinstance(data.marketing_consent, bool):
        fail("marketing_consent", _("must be yes or no"))
    if errors:
        raise DomainError(
            _("Some customer data is invalid."), code="validation_error", fields=errors
        )
    clean = dataclasses.replace(
        data,
        name=name,
        document=document,
        email=email,
        phone=phone.e164 if phone else "",
        preferred_channel=channel,
        language=language,
    )
    return ValidCustomer(data=clean, document_kind=DocumentKind(kind), phone=phone)


def email_clean(value: object, fail: Any) -> str:
    """``value`` trimmed and lower-cased, or ``""`` after calling ``fail(message)``."""
    if not isinstance(value, str):
        fail(_("must be text"))
        return ""
    email = value.strip().lower()
    if not email:
        fail(_("this field is required"))
        return ""
    if len(email) > EMAIL_MAX:
        fail(
            _("too long: at most %(max)d characters, got %(length)d"),
            max=EMAIL_MAX,
            length=len(email),
        )
        return ""
    try:
        validate_email(email)
    except ValidationError:
        fail(_("enter a valid email address"))
        return ""
    return email


def phone_clean(value: object, fail: Any) -> Phone | None:
    """The parsed phone, None when blank, or None after calling ``fail(message)``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return phone_parse(value)
    except PhoneError as error:
        fail(error.message)
        return None


def _clean_name(value: object, fail: Any) -> str:
    if not isinstance(value, str):
        fail("name", _("must be text"))
        return ""
    name = " ".join(value.split())
    if not name:
        fail("name", _("this field is required"))
    elif len(name) < NAME_MIN:
        fail("name", _("too short: at least %(min)d characters"), min=NAME_MIN)
    elif len(name) > NAME_MAX:
        fail(
            "name",
            _("too long: at most %(max)d characters, got %(length)d"),
            max=NAME_MAX,
            length=len(name),
        )
    elif not name.isprintable():
        fail("name", _("invalid characters"))
    return name


def _clean_document(value: object, fail: Any) -> tuple[str, str]:
    if isinstance(value, str) and not value.strip():
        fail("document", _("this field is required"))
        return "cpf", ""
    try:
        return tax_id_validate(value)
    except DocumentError as error:
        fail("document", error.message)
        return "cpf", ""


def _clean_channel(value: object, phone: Phone | None, email: str, fail: Any) -> str:
    channel = value.strip().lower() if isinstance(value, str) else ""
    if channel not in _CHANNELS:
        fail(
            "preferred_channel",
            _("choose one of: %(choices)s"),
            choices=", ".join(Channel.values),
        )
        return Channel.EMAIL
    if channel in MOBILE_CHANNELS and (phone is None or not phone.whatsapp_able):
        fail("preferred_channel", _("WhatsApp and SMS need a mobile phone number"))
    elif channel == Channel.PHONE and phone is None:
        fail("preferred_channel", _("a phone call needs a phone number"))
    return channel


def language_normalize(value: object) -> str | None:
    """``"pt_BR"`` -> ``"pt-br"``; None for a language Jornada does not speak."""
    if not isinstance(value, str):
        return None
    code = value.strip().replace("_", "-").lower()
    codes = {c for c, _name in settings.LANGUAGES}
    if code in codes:
        return code
    return "pt-br" if code == "pt" else None


def _clean_language(value: object, fail: Any) -> str:
    code = language_normalize(value)
    if code is None:
        fail(
            "language",
            _("choose one of: %(choices)s"),
            choices=", ".join(c for c, _name in settings.LANGUAGES),
        )
        return settings.LANGUAGE_CODE
    return code

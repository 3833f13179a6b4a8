"""Phone numbers: the many ways people type them, to E.164; mobile or landline.

A thin wrapper over ``phonenumbers`` (Google's libphonenumber metadata), with
Brazil as the default region, so ``"(11) 98765-4321"``, ``"11987654321"``,
``"+55 11 9 8765 4321"`` and ``"011 98765-4321"`` all give ``+5511987654321``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import phonenumbers
from django.utils.translation import gettext_lazy as _
from phonenumbers import PhoneNumberFormat, PhoneNumberType, ValidationResult

from .errors import PhoneError

PhoneKind = Literal["mobile", "landline", "other"]

_MOBILE = {PhoneNumberType.MOBILE}
_LANDLINE = {PhoneNumberType.FIXED_LINE}
# Outside Brazil some plans cannot tell the two apart (US, for one).
_EITHER = {PhoneNumberType.FIXED_LINE_OR_MOBILE}


@dataclass(frozen=True, slots=True)
class Phone:
    """A valid number: ``e164`` (``+5511987654321``), its region and kind."""

    e164: str
    region: str
    kind: PhoneKind
    country_code: int

    @property
    def is_mobile(self) -> bool:
        return self.kind == "mobile"

    @property
    def whatsapp_able(self) -> bool:
        """Mobile numbers (and numbers the plan cannot classify) can receive WhatsApp."""
        return self.kind in ("mobile", "other")

    def format(self, style: Literal["e164", "national", "international"] = "national") -> str:
        number = phonenumbers.parse(self.e164)
        fmt = {
            "e164": PhoneNumberFormat.E164,
            "national": PhoneNumberFormat.NATIONAL,
            "international": PhoneNumberFormat.INTERNATIONAL,
        }[style]
        return phonenumbers.format_number(number, fmt)

    def __str__(self) -> str:
        return self.e164


_REASONS = {
    ValidationResult.TOO_SHORT: ("too_short", _("too short to be a phone number")),
    ValidationResult.TOO_LONG: ("too_long", _("too long to be a phone number")),
    ValidationResult.INVALID_COUNTRY_CODE: ("invalid_country_code", _("unknown country code")),
    ValidationResult.INVALID_LENGTH: ("invalid_length", _("invalid length for this country")),
}


def phone_parse(value: object, *, region: str = "BR") -> Phone:
    """A :class:`Phone` from what a person typed, or :class:`PhoneError` saying why not."""
    if not isinstance(value, str):
        raise PhoneError(_("a phone number must be text"), code="invalid_type", field="phone")
    text = value.strip()
    if not text:
        raise PhoneError(_("this field is required"), code="required", field="phone")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise PhoneError(_("not a phone number"), code="invalid_format", field="phone") from None
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason in _REASONS:
        code, message = _REASONS[reason]
        raise PhoneError(message, code=code, field="phone")
    if not phonenumbers.is_valid_number(number):
        raise PhoneError(
            _("this number does not exist in its country's numbering plan"),
            code="invalid_number",
            field="phone",
        )
    number_type = phonenumbers.number_type(number)
    kind: PhoneKind
    if number_type in _MOBILE:
        kind = "mobile"
    elif number_type in _LANDLINE:
        kind = "landline"
    else:
        kind = "other"
    return Phone(
        e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        region=phonenumbers.region_code_for_number(number) or region,
        kind=kind,
        country_code=number.country_code or 0,
    )


def phone_to_e164(value: str, *, region: str = "BR") -> str:
    return phone_parse(value, region=region).e164


def phone_is_mobile(value: str, *, region: str = "BR") -> bool:
    """True for a valid mobile number; False for landlines and invalid input. Never raises."""
    try:
        return phone_parse(value, region=region).is_mobile
    except PhoneError:
        return False

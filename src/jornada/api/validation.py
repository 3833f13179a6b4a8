"""Input errors in the request's language, keyed by the path of the field at fault.

pydantic reports each problem with a ``type`` (``missing``, ``int_parsing``...) and an
English ``msg``. The common types get our own translated sentence; any other keeps
pydantic's text, so a new type is never lost, only untranslated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

_MESSAGES: dict[str, Any] = {
    "missing": _("This field is required."),
    "extra_forbidden": _("This field is not accepted."),
    "string_type": _("Enter text."),
    "string_too_short": _("Enter at least %(min_length)s characters."),
    "string_too_long": _("Enter at most %(max_length)s characters."),
    "string_pattern_mismatch": _("Enter a value in the expected format."),
    "int_type": _("Enter a whole number."),
    "int_parsing": _("Enter a whole number."),
    "int_from_float": _("Enter a whole number."),
    "float_type": _("Enter a number."),
    "float_parsing": _("Enter a number."),
    "decimal_type": _("Enter a number."),
    "decimal_parsing": _("Enter a number."),
    "decimal_max_digits": _("Enter a number with at most %(max_digits)s digits."),
    "decimal_max_places": _("Enter a number with at most %(decimal_places)s decimal places."),
    "bool_type": _("Enter true or false."),
    "bool_parsing": _("Enter true or false."),
    "greater_than": _("Enter a value greater than %(gt)s."),
    "greater_than_equal": _("Enter a value of at least %(ge)s."),
    "less_than": _("Enter a value less than %(lt)s."),
    "less_than_equal": _("Enter a value of at most %(le)s."),
    "multiple_of": _("Enter a multiple of %(multiple_of)s."),
    "too_short": _("Enter at least %(min_length)s items."),
    "too_long": _("Enter at most %(max_length)s items."),
    "list_type": _("Enter a list."),
    "dict_type": _("Enter an object."),
    "model_type": _("Enter an object."),
    "model_attributes_type": _("Enter an object."),
    "literal_error": _("Choose one of: %(expected)s."),
    "enum": _("Choose one of: %(expected)s."),
    "date_type": _("Enter a valid date (YYYY-MM-DD)."),
    "date_parsing": _("Enter a valid date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": _("Enter a valid date (YYYY-MM-DD)."),
    "datetime_type": _("Enter a valid date and time (ISO 8601)."),
    "datetime_parsing": _("Enter a valid date and time (ISO 8601)."),
    "datetime_from_date_parsing": _("Enter a valid date and time (ISO 8601)."),
    "uuid_type": _("Enter a valid UUID."),
    "uuid_parsing": _("Enter a valid UUID."),
    "url_parsing": _("Enter a valid URL."),
    "url_type": _("Enter a valid URL."),
    "json_invalid": _("Enter valid JSON."),
}

_VALUE_ERROR_PREFIXES = ("Value error, ", "Assertion failed, ")


def error_message(error: Mapping[str, Any]) -> str:
    """One pydantic error as a sentence in the active language."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        # A validator of ours raised ValueError(_("...")): its text is already translated.
        if "error" in ctx:
            return str(ctx["error"])
        msg = str(error.get("msg", ""))
        for prefix in _VALUE_ERROR_PREFIXES:
            msg = msg.removeprefix(prefix)
        return msg
    template = _MESSAGES.get(kind)
    if template is None:
        return str(error.get("msg", ""))
    try:
        return str(template) % ctx if "%(" in str(template) else str(template)
    except (KeyError, TypeError, ValueError):
        return str(error.get("msg", ""))


def error_field(error: Mapping[str, Any]) -> str:
    """The dotted path of the field at fault (``lines.0.quantity``).

    ``JornadaAPI`` puts it in ``field`` already; otherwise it is rebuilt from ``loc``,
    dropping the parameter source (``body``, ``query``).
    """
    if error.get("field"):
        return str(error["field"])
    loc = [str(part) for part in error.get("loc", ())]
    return ".".join(loc[1:]) or (loc[0] if loc else "__all__")


def field_errors(errors: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """``{"customer.cpf": ["Enter at most 11 characters."], ...}`` in input order."""
    fields: dict[str, list[str]] = {}
    for error in errors:
        messages = fields.setdefault(error_field(error), [])
        message = error_message(error)
        if message not in messages:
            messages.append(message)
    return fields

"""Translation helpers for text produced on request in a given language (labels)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

from .errors import render_message

#: Django language code -> babel locale identifier.
_BABEL_LOCALES = {"pt-br": "pt_BR", "pt": "pt_BR", "es": "es", "en": "en"}


def babel_locale(language: str | None) -> str:
    """The babel locale for a Django language code (``"pt-br"`` -> ``"pt_BR"``)."""
    if not language:
        language = _active_language()
    key = language.replace("_", "-").lower()
    if key in _BABEL_LOCALES:
        return _BABEL_LOCALES[key]
    lang, _sep, region = key.partition("-")
    return f"{lang}_{region.upper()}" if region else lang


def _active_language() -> str:
    if not settings.configured:
        return "pt-br"
    return translation.get_language() or settings.LANGUAGE_CODE


def translate(
    message: str | Promise, language: str | None, params: dict[str, Any] | None = None
) -> str:
    """``message`` (a ``gettext_lazy`` msgid) in ``language`` (the active one when None).

    Without configured settings the English msgid is used.
    """
    if settings.configured and language:
        with translation.override(language.replace("_", "-").lower()):
            return render_message(message, params)
    return render_message(message, params)

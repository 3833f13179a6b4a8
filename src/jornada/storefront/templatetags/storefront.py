from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def digits(value: object) -> str:
    """Only the digits of a phone number (``wa.me`` and ``tel:`` links want them bare)."""
    return "".join(ch for ch in str(value or "") if ch.isdigit())

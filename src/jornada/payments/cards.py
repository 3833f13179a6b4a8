"""Card data guards: Jornada never accepts, stores or logs a card number (PCI SAQ A).

``find_card_numbers`` spots what looks like a primary account number: 13 to 19 digits,
optionally grouped by single spaces or dashes, passing the Luhn check, not part of a
longer run of letters or digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])(?:\d[ -]?){12,18}\d(?![0-9A-Za-z])")


def luhn_valid(digits: str) -> bool:
    if not digits.isdigit() or not digits.isascii():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def find_card_numbers(text: str) -> Iterator[str]:
    """Every card-number-looking sequence in ``text`` (digits only): the broad audit
    rule, any 13-19 digits passing Luhn."""
    for match in _CANDIDATE.finditer(text):
        digits = re.sub(r"[ -]", "", match.group())
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            yield digits


def _issuer_lengths(digits: str) -> frozenset[int]:
    """The lengths a card number starting like ``digits`` may have (ISO/IEC 7812 ranges
    of the brands sold in Brazil); empty when no card starts like this."""
    two, three, four = int(digits[:2]), int(digits[:3]), int(digits[:4])
    if digits[0] == "4":  # Visa (and Elo's 4xxx ranges)
        return frozenset({13, 16, 19})
    if 51 <= two <= 55 or 2221 <= four <= 2720:  # Mastercard
        return frozenset({16})
    if two in (34, 37):  # American Express
        return frozenset({15})
    if two in (36, 38, 39) or 300 <= three <= 305:  # Diners
        return frozenset(range(14, 20))
    if two == 35:  # JCB
        return frozenset(range(16, 20))
    if two == 50 or 56 <= two <= 69:  # Discover, Elo, Hipercard, Maestro
        return frozenset(range(13, 20))
    return frozenset()


def is_card_number(digits: str) -> bool:
    """A primary account number by issuer range, length and Luhn: the rule requests
    are refused by (phones like 5511987654321 and millisecond timestamps are not)."""
    return len(digits) in _issuer_lengths(digits) and luhn_valid(digits)


_RAW_CANDIDATE = re.compile(rb"(?:\d[ -]?){12,18}\d")


def may_hold_card_number(raw: bytes) -> bool:
    """False when the raw JSON ``raw`` certainly holds no card number (no run of 13
    digits, no ``\\u`` escapes that could spell one, and not UTF-16 or UTF-32, which
    ``json.loads`` reads too and whose digits have NUL bytes between them): the walk of
    ``card_number_paths`` can be skipped, as it is on almost every order."""
    return b"\\u" in raw or b"\x00" in raw or _RAW_CANDIDATE.search(raw) is not None


def card_number_paths(value: Any, prefix: str = "") -> list[str]:
    """The dotted paths (``card.number``, ``lines.0.note``) of every value inside
    ``value`` (JSON-like) that looks like a card number."""
    if isinstance(value, dict):
        found: list[str] = []
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if contains_card_number(str(key)):
                found.append(path)
            found.extend(card_number_paths(item, path))
        return found
    if isinstance(value, list | tuple):
        return [
            p
            for index, item in enumerate(value)
            for p in card_number_paths(item, f"{prefix}.{index}" if prefix else str(index))
        ]
    return [prefix or "__all__"] if contains_card_number(value) else []


def contains_card_number(value: Any) -> bool:
    """True if any string or number inside ``value`` (JSON-like) holds a card number."""
    if isinstance(value, str):
        return any(is_card_number(d) for d in find_card_numbers(value))
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return contains_card_number(str(value))
    if isinstance(value, dict):
        return any(contains_card_number(k) or contains_card_number(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(contains_card_number(v) for v in value)
    return False

"""Journey conditions over order, customer and product facts: pure evaluation.

A condition is ``{"fact": name, "op": operator, "value": v}``; a journey's conditions
all must hold. Facts are read lazily (``Facts``), so a journey without conditions costs
no query.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

FACTS = {
    "first_purchase": "bool",
    "total": "number",
    "uf": "text",
    "channel": "text",
    "payment_method": "text",
    "segment": "text",
    "categories": "list",
    "skus": "list",
    "status": "text",
    "language": "text",
    "preferred_channel": "text",
    "order_count": "number",
    "gift_wrap": "bool",
}
OPERATORS = (
    "eq",
    "ne",
    "in",
    "not_in",
    "gt",
    "gte",
    "lt",
    "lte",
    "contains",
    "is_true",
    "is_false",
)


def _number(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValueError(f"not a number: {value!r}") from None


def _holds(op: str, actual: Any, expected: Any) -> bool:
    if op == "is_true":
        return bool(actual)
    if op == "is_false":
        return not actual
    if op == "eq":
        return str(actual) == str(expected)
    if op == "ne":
        return str(actual) != str(expected)
    if op == "in":
        return str(actual) in {str(v) for v in expected}
    if op == "not_in":
        return str(actual) not in {str(v) for v in expected}
    if op == "contains":
        return str(expected) in {str(v) for v in (actual or [])}
    left, right = _number(actual), _number(expected)
    return {
        "gt": left > right,
        "gte": left >= right,
        "lt": left < right,
        "lte": left <= right,
    }[op]


def condition_text(condition: Mapping[str, Any]) -> str:
    value = condition.get("value", "")
    shown = ",".join(map(str, value)) if isinstance(value, list) else str(value)
    return f"{condition.get('fact')} {condition.get('op')} {shown}".strip()


def conditions_evaluate(
    conditions: Sequence[Mapping[str, Any]], fact: Callable[[str], Any]
) -> tuple[bool, str]:
    """(True, "") when every condition holds; else (False, the first that did not)."""
    for condition in conditions:
        name = str(condition.get("fact", ""))
        if name.startswith("event.") or name in FACTS:
            actual = fact(name)
        else:
            return False, f"unknown fact {name}"
        if not _holds(str(condition.get("op")), actual, condition.get("value")):
            return False, condition_text(condition)
    return True, ""


def conditions_errors(conditions: Any) -> list[str]:
    """What is wrong with a conditions list typed by staff (empty when it is fine)."""
    if not isinstance(conditions, list):
        return ["conditions must be a list"]
    errors = []
    for index, condition in enumerate(conditions):
        if not isinstance(condition, dict):
            errors.append(f"#{index + 1}: must be an object with fact, op and value")
            continue
        fact, op = condition.get("fact"), condition.get("op")
        if not isinstance(fact, str) or not (fact in FACTS or fact.startswith("event.")):
            errors.append(f"#{index + 1}: unknown fact {fact!r}; use one of {', '.join(FACTS)}")
        if op not in OPERATORS:
            errors.append(f"#{index + 1}: unknown op {op!r}; use one of {', '.join(OPERATORS)}")
        elif op in {"in", "not_in"} and not isinstance(condition.get("value"), list):
            errors.append(f"#{index + 1}: {op} needs a list value")
        elif op in {"gt", "gte", "lt", "lte"}:
            try:
                _number(condition.get("value"))
            except ValueError:
                errors.append(f"#{index + 1}: {op} needs a number value")
    return errors

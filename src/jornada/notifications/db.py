"""One-statement "insert unless the key exists" for rows written on every message.

``INSERT ... ON CONFLICT (key) DO NOTHING RETURNING id`` (SQLite >= 3.35, PostgreSQL):
the unique key decides, whatever the concurrency, with no savepoint and no second query.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, Model

from jornada.core.db import PREPARED, db_value, execute, field_kind


@cache
def _plan(
    model: type[Model], conflict: str
) -> tuple[str, tuple[tuple[Field[Any, Any], str, bool], ...]]:
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    fields = tuple(f for f in model._meta.concrete_fields if not f.primary_key and f.column)
    columns = ", ".join(quote(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    conflict_column = str(model._meta.get_field(conflict).column)  # type: ignore[union-attr]
    pk_column = str(model._meta.pk.column)  # type: ignore[union-attr]
    # Table and column names come from the model's own metadata, never from input.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks}) "  # noqa: S608
        f"ON CONFLICT ({quote(conflict_column)}) DO NOTHING RETURNING {quote(pk_column)}"
    )
    # (field, attribute, kind): how each value reaches the driver (``core.db.db_value``)
    plan = tuple((f, f.attname, field_kind(f, connection.vendor)) for f in fields)
    return sql, plan  # type: ignore[return-value]


def insert_once(instance: Model, *, conflict: str) -> bool:
    """Insert ``instance`` unless a row with the same ``conflict`` value exists.

    True (and ``instance.pk`` set) when this call wrote it. Joins the caller's transaction.
    """
    model = type(instance)
    connection = connections[DEFAULT_DB_ALIAS]
    sql, plan = _plan(model, conflict)
    params = [
        db_value(field, kind, getattr(instance, attname), connection)
        if kind != PREPARED
        else field.get_db_prep_save(field.pre_save(instance, add=True), connection)
        for field, attname, kind in plan
    ]
    rows = execute(sql, params, fetch=True)[1]
    if not rows:
        return False
    instance.pk = rows[0][0]
    instance._state.adding = False
    return True

"""One-statement "insert unless the key exists" for rows written on every message.

``INSERT ... ON CONFLICT (key) DO NOTHING RETURNING id`` (SQLite >= 3.35, PostgreSQL):
the unique key decides, whatever the concurrency, with no savepoint and no second query.
"""

from __future__ import annotations

from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model


@cache
def _plan(model: type[Model], conflict: str) -> tuple[str, tuple[str, ...]]:
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
    return sql, tuple(f.name for f in fields)


def insert_once(instance: Model, *, conflict: str) -> bool:
    """Insert ``instance`` unless a row with the same ``conflict`` value exists.

    True (and ``instance.pk`` set) when this call wrote it. Joins the caller's transaction.
    """
    model = type(instance)
    connection = connections[DEFAULT_DB_ALIAS]
    sql, names = _plan(model, conflict)
    params = []
    for name in names:
        field = model._meta.get_field(name)
        value = field.pre_save(instance, add=True)  # type: ignore[union-attr]
        params.append(field.get_db_prep_save(value, connection))  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding = False
    return True

"""Small database helpers shared by hot write paths."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Field, Model

_PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField)


@cache
def _insert_plan(
    model: type[Model], names: tuple[str, ...], rows: int, vendor: str
) -> tuple[str, tuple[Field[Any, Any], ...], tuple[bool, ...]]:
    fields = tuple(model._meta.get_field(name) for name in names)
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)  # type: ignore[union-attr,arg-type]
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # Table and column names come from the model's own metadata, never from input.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES " + ", ".join(  # noqa: S608
        [row_sql] * rows
    )
    plain = tuple(
        isinstance(f, _PLAIN_FIELDS) and not isinstance(f, models.AutoField) for f in fields
    )
    return sql, fields, plain  # type: ignore[return-value]


def insert_rows(model: type[Model], names: tuple[str, ...], values: list[tuple[Any, ...]]) -> None:
    """A plain multi-row INSERT: publishing sits on every service's write path, and the
    ORM's bulk_create costs more than the commit itself here. Values other than plain
    text and numbers go through their field's own database preparation, so every engine
    stores exactly what the ORM would."""
    connection = connections[DEFAULT_DB_ALIAS]
    sql, fields, plain = _insert_plan(model, names, len(values), connection.vendor)
    params = [
        value if is_plain else field.get_db_prep_save(value, connection)
        for row in values
        for field, is_plain, value in zip(fields, plain, row, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)

"""Small database helpers shared by hot write paths."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Field, Model

_PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField)
_ZERO = dt.timedelta(0)
# How a field's value reaches the driver: as it is; an SQLite UTC date and time, as text;
# through the field's own preparation; as it is when it already has the type the field
# would prepare it to (a number for decimals and integer-keyed relations, a boolean).
PLAIN, SQLITE_DATETIME, PREPARED, NUMBER, BOOLEAN = 0, 1, 2, 3, 4
_AS_IS = {NUMBER: (int, Decimal, type(None)), BOOLEAN: (bool, type(None))}


def field_kind(field: Field[Any, Any], vendor: str) -> int:
    """``PLAIN`` for text and numbers (stored as they are), ``SQLITE_DATETIME`` for a
    date and time on SQLite, else ``PREPARED``; decided once per field by the plans."""
    if field.is_relation:
        target = getattr(field, "target_field", None)
        if isinstance(target, (models.AutoField, models.BigAutoField)):
            return NUMBER
        return PREPARED
    if isinstance(field, models.AutoField):
        return PREPARED
    if type(field) is models.DecimalField:
        return NUMBER
    if type(field) is models.BooleanField:
        return BOOLEAN
    if isinstance(field, _PLAIN_FIELDS) and type(field).pre_save is Field.pre_save:
        return PLAIN
    if (
        vendor == "sqlite"
        and type(field) is models.DateTimeField
        and not (field.auto_now or field.auto_now_add)
    ):
        return SQLITE_DATETIME
    return PREPARED


def db_value(field: Field[Any, Any], kind: int, value: Any, connection: Any) -> Any:
    """``value`` as the driver takes it, exactly as ``field.get_db_prep_save`` gives it,
    without its general path for the common cases (a date and time in UTC on SQLite is
    stored as Django's SQLite backend does: naive UTC, ``str``)."""
    if kind == PLAIN or (kind in _AS_IS and type(value) in _AS_IS[kind]):
        return value
    if (
        kind == SQLITE_DATETIME
        and isinstance(value, dt.datetime)
        and value.tzinfo is not None
        and value.utcoffset() == _ZERO
    ):
        return str(value.replace(tzinfo=None))
    return field.get_db_prep_save(value, connection)


def execute(sql: str, params: Sequence[Any], *, fetch: bool = False) -> tuple[int, list[Any]]:
    """Run one statement built by these helpers; returns (rowcount, rows if ``fetch``).

    On SQLite the statement goes straight to the driver (placeholders rewritten once per
    statement text, not on every call as Django's cursor does), inside Django's error
    translation and the connection's transaction; when queries are being recorded (a
    test counting them, ``DEBUG``) it goes through Django's cursor so it is counted.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "sqlite" and not connection.queries_logged:
        connection.ensure_connection()
        with connection.wrap_database_errors:
            cursor = connection.connection.execute(_qmark(sql), params)
            return cursor.rowcount, cursor.fetchall() if fetch else []
    if connection.vendor == "postgresql" and not connection.queries_logged:
        # Server-side binding: the values travel apart from the text. Django's
        # client-side cursor inlines every value instead (psycopg quotes each one into
        # the text, PostgreSQL parses the literals back): twice the time of the stock
        # hold's statement. Statements are not prepared (Django leaves psycopg's
        # prepare_threshold unset, for connection poolers), so each run is still planned.
        connection.ensure_connection()
        with connection.wrap_database_errors, connection.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount, list(cursor.fetchall()) if fetch else []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount, list(cursor.fetchall()) if fetch else []


@lru_cache(maxsize=512)
def _qmark(sql: str) -> str:
    # The helpers' statements hold no literal text: every %s is a placeholder.
    return sql.replace("%s", "?")


# Parameters per statement at most (SQLite allows 32,766, PostgreSQL 65,535): a longer
# list of rows goes in several statements.
MAX_PARAMS = 30_000


def _chunks(values: list[tuple[Any, ...]], width: int) -> list[list[tuple[Any, ...]]]:
    size = max(1, MAX_PARAMS // max(1, width))
    return [values[i : i + size] for i in range(0, len(values), size)]


@lru_cache(maxsize=1024)
def _insert_plan(
    model: type[Model], names: tuple[str, ...], rows: int, vendor: str
) -> tuple[str, tuple[Field[Any, Any], ...], tuple[int, ...]]:
    fields = tuple(model._meta.get_field(name) for name in names)
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)  # type: ignore[union-attr,arg-type]
    # Table and column names come from the model's own metadata, never from input.
    if _by_column(vendor, rows):
        # One array per column: the text is the same for 2 rows or 2,000, so psycopg
        # and PostgreSQL parse it once (a VALUES list of a batch's rows is a new text
        # each time, parsed again on both sides: milliseconds for a batch of orders).
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)  # type: ignore[union-attr]
        sql = (
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) SELECT * FROM unnest({arrays})"  # noqa: S608
        )
    else:
        row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES " + ", ".join(  # noqa: S608
            [row_sql] * rows
        )
    kinds = tuple(field_kind(f, vendor) for f in fields)  # type: ignore[arg-type]
    return sql, fields, kinds  # type: ignore[return-value]


def _by_column(vendor: str, rows: int) -> bool:
    """Whether a statement of ``rows`` rows takes its values as one array per column."""
    return vendor == "postgresql" and rows > 1


def _rows_params(
    fields: tuple[Field[Any, Any], ...],
    kinds: tuple[int, ...],
    rows: list[tuple[Any, ...]],
    connection: Any,
) -> list[Any]:
    """The parameters of a plan's statement for ``rows``: row after row, or one list per
    column where the plan takes arrays (``_by_column``)."""
    prepared = [_row_params(fields, kinds, row, connection) for row in rows]
    if _by_column(connection.vendor, len(rows)):
        return [list(column) for column in zip(*prepared, strict=True)]
    return [param for row in prepared for param in row]


def insert_rows(model: type[Model], names: tuple[str, ...], values: list[tuple[Any, ...]]) -> None:
    """A plain multi-row INSERT: publishing sits on every service's write path, and the
    ORM's bulk_create costs more than the commit itself here. Values other than plain
    text and numbers go through their field's own database preparation, so every engine
    stores exactly what the ORM would."""
    connection = connections[DEFAULT_DB_ALIAS]
    for chunk in _chunks(values, len(names)):
        sql, fields, kinds = _insert_plan(model, names, len(chunk), connection.vendor)
        execute(sql, _rows_params(fields, kinds, chunk, connection))


def _row_params(
    fields: tuple[Field[Any, Any], ...],
    kinds: tuple[int, ...],
    row: tuple[Any, ...],
    connection: Any,
) -> list[Any]:
    """One row's values as the database takes them (see ``db_value``)."""
    return [
        db_value(field, kind, value, connection)
        for field, kind, value in zip(fields, kinds, row, strict=True)
    ]


@cache
def _update_plan(
    model: type[Model], names: tuple[str, ...], vendor: str
) -> tuple[str, tuple[Field[Any, Any], ...], tuple[int, ...]]:
    fields = tuple(model._meta.get_field(name) for name in names)
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)  # type: ignore[union-attr,arg-type]
    pk_column = quote(str(model._meta.pk.column))  # type: ignore[union-attr]
    # Table and column names come from the model's own metadata, never from input.
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {pk_column} = %s"  # noqa: S608
    kinds = tuple(field_kind(f, vendor) for f in fields)  # type: ignore[arg-type]
    return sql, fields, kinds  # type: ignore[return-value]


def update_row(model: type[Model], pk: int, **values: Any) -> int:
    """``UPDATE ... SET <values> WHERE pk = <pk>`` with the statement built once per model
    and columns (the ORM compiles it on every call); values go through their field's
    database preparation. Returns the rows changed (0 or 1)."""
    connection = connections[DEFAULT_DB_ALIAS]
    sql, fields, kinds = _update_plan(model, tuple(values), connection.vendor)
    params = [
        db_value(field, kind, value, connection)
        for field, kind, value in zip(fields, kinds, values.values(), strict=True)
    ]
    return execute(sql, [*params, pk])[0]


@cache
def _insert_once_plan(
    model: type[Model], conflict: str, vendor: str
) -> tuple[str, tuple[tuple[Field[Any, Any], str, int], ...]]:
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
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
    # (field, attribute, kind): how each value reaches the driver (``db_value``)
    plan = tuple((f, f.attname, field_kind(f, vendor)) for f in fields)
    return sql, plan  # type: ignore[return-value]


def insert_once(instance: Model, *, conflict: str) -> bool:
    """Insert ``instance`` unless a row with the same ``conflict`` value exists, in one
    statement: ``INSERT ... ON CONFLICT (key) DO NOTHING RETURNING id`` (SQLite >= 3.35,
    PostgreSQL), so the unique key decides whatever the concurrency, with no savepoint
    and no second query.

    True (and ``instance.pk`` set) when this call wrote it. Joins the caller's transaction.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    sql, plan = _insert_once_plan(type(instance), conflict, connection.vendor)
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


@lru_cache(maxsize=256)
def _unless_plan(
    model: type[Model],
    names: tuple[str, ...],
    conflict: tuple[str, ...],
    returning: tuple[str, ...] | None,
    rows: int,
    vendor: str,
) -> tuple[str, tuple[Field[Any, Any], ...], tuple[int, ...]]:
    sql, fields, kinds = _insert_plan(model, names, rows, vendor)
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name

    def column(name: str) -> str:
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        return quote(str(field.column))  # type: ignore[union-attr]

    columns = ", ".join(column(name) for name in conflict)
    back = ", ".join(column(name) for name in (returning or ("pk",)))
    return f"{sql} ON CONFLICT ({columns}) DO NOTHING RETURNING {back}", fields, kinds


def insert_unless_exists(
    model: type[Model],
    names: tuple[str, ...],
    values: tuple[Any, ...],
    *,
    conflict: tuple[str, ...],
) -> int | None:
    """One row, unless a row with the same ``conflict`` columns (a unique key) exists:
    the new primary key, or None. One statement, no savepoint: the unique key decides
    whatever the concurrency (on PostgreSQL a concurrent insert of the same key waits for
    the other transaction, then skips if it committed)."""
    connection = connections[DEFAULT_DB_ALIAS]
    sql, fields, kinds = _unless_plan(model, names, conflict, None, 1, connection.vendor)
    params = _row_params(fields, kinds, values, connection)
    rows = execute(sql, params, fetch=True)[1]
    return int(rows[0][0]) if rows else None


def insert_rows_unless_exist(
    model: type[Model],
    names: tuple[str, ...],
    values: list[tuple[Any, ...]],
    *,
    conflict: tuple[str, ...],
    returning: tuple[str, ...],
) -> list[tuple[Any, ...]]:
    """``insert_unless_exists`` for many rows at once (one statement per ``MAX_PARAMS``):
    the ``returning`` columns of the rows written; a row whose key was taken is left out."""
    connection = connections[DEFAULT_DB_ALIAS]
    written: list[tuple[Any, ...]] = []
    for chunk in _chunks(values, len(names)):
        sql, fields, kinds = _unless_plan(
            model, names, conflict, returning, len(chunk), connection.vendor
        )
        params = _rows_params(fields, kinds, chunk, connection)
        written += [tuple(row) for row in execute(sql, params, fetch=True)[1]]
    return written

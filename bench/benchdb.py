"""What every benchmark needs for its database: a fresh one, SQLite or PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

PG_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def fresh_database(db: str, workdir: Path, name: str) -> str:
    """The ``DATABASE_URL`` of an empty database called ``name`` (dropped first if there)."""
    if db == "sqlite":
        return f"sqlite:///{workdir / f'{name}.sqlite3'}"
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"

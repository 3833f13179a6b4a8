"""Units for the writer process tests: module-level, so the writer can import them."""

from __future__ import annotations

import os

from django.utils.translation import gettext as _

from jornada.api.models import IdempotencyRecord


class Refused(Exception):
    pass


class NeedsKeywords(Exception):
    """Does not survive pickling (rebuilt from ``args`` without its keyword)."""

    def __init__(self, *, why: str) -> None:
        super().__init__(why)


def record(key: str) -> tuple[int, int]:
    """Writes a row; answers its id and the process that wrote it."""
    pk = IdempotencyRecord.objects.create(scope="writer", key=key, fingerprint="f").pk
    return int(pk), os.getpid()


def refuse(key: str) -> None:
    IdempotencyRecord.objects.create(scope="writer", key=key, fingerprint="f")
    raise Refused(_("Not found."))


def refuse_oddly(key: str) -> None:
    raise NeedsKeywords(why=f"odd {key}")


def autocheckpoint() -> int:
    """The write-ahead log size (pages) at which this connection's commits checkpoint."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        return int(cursor.fetchone()[0])

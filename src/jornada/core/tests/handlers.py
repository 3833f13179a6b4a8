"""Handlers and jobs used by the core tests (wired through ``wiring_for_tests``).

They record their effects in ``core_test_effect``, a plain table without any unique
constraint, so a second run of the same (event, handler) pair would show as a duplicate.
"""

from __future__ import annotations

import os
import time
from typing import Any

from django.db import connection

from jornada.core.events import Event

EFFECTS_TABLE = "core_test_effect"


def create_effects_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {EFFECTS_TABLE} "
            "(ref VARCHAR(64) NOT NULL, handler VARCHAR(64) NOT NULL, pid INTEGER NOT NULL)"
        )


def drop_effects_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {EFFECTS_TABLE}")


def effects() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ref, handler FROM {EFFECTS_TABLE} ORDER BY ref, handler")
        return [(str(ref), str(handler)) for ref, handler in cursor.fetchall()]


def _record(ref: str, handler: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {EFFECTS_TABLE} (ref, handler, pid) VALUES (%s, %s, %s)",
            [ref, handler, os.getpid()],
        )


def record(event: Event) -> None:
    _record(str(event.payload["n"]), "record")


def record_too(event: Event) -> None:
    _record(str(event.payload["n"]), "record_too")


def record_slowly(event: Event) -> None:
    time.sleep(float(event.payload.get("sleep", 0.002)))
    _record(str(event.payload["n"]), "record_slowly")


def fail_always(event: Event) -> None:
    raise RuntimeError(f"handler refused event {event.payload['n']}")


def noop(event: Event) -> None:
    return None


def timer_job(payload: dict[str, Any]) -> None:
    _record(str(payload["n"]), "timer_job")


def block_while_marker(event: Event) -> None:
    """Stays inside the handler (and its transaction) while the marker file exists."""
    marker = event.payload["marker"]
    deadline = time.monotonic() + 60
    while os.path.exists(marker) and time.monotonic() < deadline:
        time.sleep(0.02)
    _record(str(event.payload["n"]), "block_while_marker")


# --- prepared ahead of the write transaction (jornada.core.prepared) ---------------------


def _depth() -> int:
    """How deep in transactions this connection is (outer atomic + savepoints)."""
    return len(connection.savepoint_ids) + int(connection.in_atomic_block)


def record_prepared(event: Event) -> None:
    """Records what its ``prepare`` left for this event, and whether that was done
    outside the transaction the handler runs in."""
    from jornada.core import prepared

    found = prepared.take(("tests.prepared", str(event.id)))
    if found is None:
        _record(str(event.payload["n"]), "unprepared")
        return
    text, depth = found
    _record(str(event.payload["n"]), f"{text}, outside={depth < _depth()}")


def _prepare_record(events: list[Event]) -> None:
    from jornada.core import prepared

    for event in events:
        prepared.stash(
            ("tests.prepared", str(event.id)), (f"prepared {event.payload['n']}", _depth())
        )
        prepared.stash(("tests.leftover", str(event.id)), "never taken")


def _prepare_fail(events: list[Event]) -> None:
    raise RuntimeError("preparing broke")


def record_prepare_fails(event: Event) -> None:
    _record(str(event.payload["n"]), "ran unprepared")


record_prepared.prepare = _prepare_record  # type: ignore[attr-defined]
record_prepare_fails.prepare = _prepare_fail  # type: ignore[attr-defined]

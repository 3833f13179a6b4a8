"""SQLite with a writers' queue: one file lock per database, taken before BEGIN IMMEDIATE.

SQLite lets one writer in at a time; the others, in its busy handler, sleep in steps of
1, 2, 5, 10 … 100 ms before they look again. Under load (web threads, workers, several
processes) that sleeping, not the work, sets the pace. Here every Jornada connection
first takes an exclusive ``flock`` on ``<database>.writelock`` — shared by threads and
processes alike, since each connection opens its own descriptor — and waits for it in
sub-millisecond steps, so the next writer starts as soon as the previous one commits.
Threads of one process first queue on a plain lock, so only one of them polls the file
(many polling threads would spend the interpreter's time waking up instead of working).
SQLite's own locking still guards correctness; past the busy timeout a writer goes on
without the queue and lets SQLite decide, so nothing can wait forever here.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from typing import Any

from django.db.backends.sqlite3 import base

# Threads of one process queue on a plain lock (they sleep until it is theirs, without
# waking up to poll), so at most one thread per process polls the file lock.
_thread_queues: dict[str, threading.Lock] = {}
_thread_queues_guard = threading.Lock()


def _thread_queue(path: str) -> threading.Lock:
    with _thread_queues_guard:
        return _thread_queues.setdefault(path, threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    _lock_fd: int | None = None
    _lock_held: bool = False
    _queue_held: threading.Lock | None = None

    def write_lock_path(self) -> str | None:
        """The file every process locks before writing; None for a database in memory
        (which no other process can open)."""
        name = str(self.settings_dict["NAME"])
        if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
            return None
        return name + ".writelock"

    def _acquire_write_lock(self) -> None:
        path = self.write_lock_path()
        if path is None:
            return
        if self._lock_fd is None:
            self._lock_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + float(self.settings_dict["OPTIONS"].get("timeout", 20))
        queue = _thread_queue(path)
        if not queue.acquire(timeout=max(deadline - time.monotonic(), 0.0)):
            return  # let SQLite's busy handler decide from here
        self._queue_held = queue
        pause = 0.0001
        while True:
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self._release_write_lock()
                    return  # let SQLite's busy handler decide from here
                time.sleep(pause)
                pause = min(pause * 2, 0.001)
            else:
                self._lock_held = True
                return

    def _release_write_lock(self) -> None:
        if self._lock_held and self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        self._lock_held = False
        if self._queue_held is not None:
            self._queue_held.release()
            self._queue_held = None

    def _start_transaction_under_autocommit(self) -> None:
        self._acquire_write_lock()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._release_write_lock()
            raise

    def _commit(self) -> Any:
        try:
            return super()._commit()  # type: ignore[misc]
        finally:
            self._release_write_lock()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()  # type: ignore[misc]
        finally:
            self._release_write_lock()

    def _close(self) -> Any:
        try:
            return super()._close()  # type: ignore[misc]
        finally:
            self._release_write_lock()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None

    # Savepoints (one per outbox delivery, so a failing handler undoes only its own
    # writes) go straight to the driver: Django builds a cursor wrapper for each of these
    # three fixed statements. When queries are being recorded they take Django's path,
    # so they are counted like any other statement.

    def _savepoint(self, sid: str) -> None:
        if self.queries_logged:
            return super()._savepoint(sid)  # type: ignore[misc]
        with self.wrap_database_errors:
            self.connection.execute(self.ops.savepoint_create_sql(sid))

    def _savepoint_rollback(self, sid: str) -> None:
        if self.queries_logged:
            return super()._savepoint_rollback(sid)  # type: ignore[misc]
        with self.wrap_database_errors:
            self.connection.execute(self.ops.savepoint_rollback_sql(sid))

    def _savepoint_commit(self, sid: str) -> None:
        if self.queries_logged:
            return super()._savepoint_commit(sid)  # type: ignore[misc]
        with self.wrap_database_errors:
            self.connection.execute(self.ops.savepoint_commit_sql(sid))

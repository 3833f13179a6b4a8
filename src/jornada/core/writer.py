"""The SQLite writer process: one process does the writes of every web process.

Group commit (``jornada.core.groupcommit``) gives each web process a writer thread.
Measured under load, that thread's units took twice as long as the same units run
alone: every statement hands the interpreter lock back and waits for it again, behind
the request threads checking and pricing the next orders; and the web processes' writers
take turns at the database's one lock, each waiting out the other's batch. So
``jornada serve`` on SQLite starts this process (``jornada writer``): the web processes
send it their units as data over a Unix socket, it runs the units of every process that
are waiting at that moment in one transaction (each in its own savepoint, as the writer
thread does) with one durable commit, and answers each sender after that commit. It has
one thread doing the work, so nothing competes with it for the interpreter.

A unit sent here is a module-level function and its arguments (pickled), and must be
safe to run twice: when the writer vanishes after receiving it, the sender cannot know
whether it was committed, and runs it again in its own process (``groupcommit.call``);
order intake's unit is, since it stores its answer under the request's unique key.

The socket is private to the user running Jornada (mode 0600) and every connection
proves it knows a key derived from ``SECRET_KEY`` before anything is read from it.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import os
import pickle
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Client, Connection, Listener, wait
from typing import Any

from django.conf import settings

logger = logging.getLogger("jornada.writer")

# While the writer cannot be reached, senders run their units themselves and try it
# again after this many seconds (not on every request).
RETRY_AFTER = 1.0
# How often the writer's checkpoint thread copies the write-ahead log into the database.
CHECKPOINT_EVERY = 0.2


class WriterUnavailable(Exception):
    """The writer process could not take the unit, or did not answer it."""


def _authkey() -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), b"jornada.core.writer", hashlib.sha256).digest()


# --- the writer process -------------------------------------------------------------


def serve(path: str) -> None:
    """Take units on the Unix socket ``path`` until the process is stopped."""
    from jornada.core.groupcommit import MAX_BATCH, Job, commit_batch

    if os.path.exists(path):
        os.unlink(path)  # a previous writer's socket (its process is gone)
    old_umask = os.umask(0o177)
    try:
        listener = Listener(path, family="AF_UNIX", authkey=_authkey())
    finally:
        os.umask(old_umask)
    arrived: list[Connection] = []
    guard = threading.Lock()
    wake_read, wake_write = os.pipe()

    def accept() -> None:
        while True:
            try:
                conn = listener.accept()
            except Exception:  # a peer without the key (AuthenticationError), or gone
                logger.warning("writer: refused a connection", exc_info=True)
                time.sleep(0.01)
                continue
            with guard:
                arrived.append(conn)
            os.write(wake_write, b".")

    _checkpoints_beside_commits()
    threading.Thread(target=accept, name="jornada-writer-accept", daemon=True).start()
    logger.info("writer: taking units on %s", path)
    conns: list[Connection] = []
    while True:
        ready_now = wait([*conns, wake_read])
        if wake_read in ready_now:
            os.read(wake_read, 4096)
            with guard:
                conns += arrived
                arrived.clear()
        batch: list[tuple[Connection, Job]] = []
        for conn in ready_now:
            if conn is wake_read or len(batch) >= MAX_BATCH:
                continue
            assert isinstance(conn, Connection)
            try:
                fn, args, language = pickle.loads(conn.recv_bytes())  # noqa: S301 - authenticated peer
            except (EOFError, OSError):
                conns.remove(conn)
                conn.close()
                continue
            except Exception:  # undecodable: answer it, keep the connection
                logger.exception("writer: a unit could not be read")
                _answer(conn, ("error", RuntimeError("the writer could not read the unit")))
                continue
            batch.append(
                (conn, Job(functools.partial(fn, *args), language, fn=fn, args=tuple(args)))
            )
        if not batch:
            continue
        commit_batch([job for _conn, job in batch])
        for conn, job in batch:
            outcome = ("ok", job.result) if job.error is None else ("error", job.error)
            if not _answer(conn, outcome):
                conns.remove(conn)
                conn.close()


def _checkpoints_beside_commits() -> None:
    """Leave checkpoints to a thread of their own instead of this thread's commits.

    By default, the commit that takes SQLite's write-ahead log past 1,000 pages then
    copies them into the database file and flushes it, while the batch's senders wait
    for their answers: every few batches, tens of milliseconds. A PASSIVE checkpoint
    needs no write lock, so a thread with its own connection does that copying beside
    the writer, a few times a second. Other processes' commits keep SQLite's default.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint=0")

    def checkpoint() -> None:
        from django.db import connection

        while True:
            time.sleep(CHECKPOINT_EVERY)
            try:
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except Exception:  # the next round tries again; the log only grows meanwhile
                logger.warning("writer: checkpoint failed", exc_info=True)

    threading.Thread(target=checkpoint, name="jornada-writer-checkpoint", daemon=True).start()


def _answer(conn: Connection, outcome: tuple[str, Any]) -> bool:
    try:
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        if outcome[0] == "error":
            pickle.loads(data)  # noqa: S301 - our own bytes; some exceptions do not come back
    except Exception:  # one that does not cross: its text does
        data = pickle.dumps(("error", RuntimeError(repr(outcome[1]))))
    try:
        conn.send_bytes(data)
    except OSError:
        return False  # the sender is gone; what it sent is committed all the same
    return True


# --- the senders (web processes) ---------------------------------------------------


class _Sender:
    """Per thread, one connection to the writer (each thread waits for its own answer)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget connections and pauses (a new writer: tests)."""
        self.local = threading.local()
        self.down_until = 0.0

    def call(self, path: str, fn: Callable[..., Any], args: tuple[Any, ...], language: Any) -> Any:
        conn: Connection | None = getattr(self.local, "conn", None)
        if conn is None:
            if time.monotonic() < self.down_until:
                raise WriterUnavailable("the writer is not answering")
            try:
                conn = Client(path, family="AF_UNIX", authkey=_authkey())
            except Exception as exc:
                self._down(f"cannot reach the writer: {exc!r}")
                raise WriterUnavailable("cannot reach the writer") from exc
            self.local.conn = conn
        try:
            conn.send_bytes(pickle.dumps((fn, args, language), protocol=pickle.HIGHEST_PROTOCOL))
            status, value = pickle.loads(conn.recv_bytes())  # noqa: S301 - our writer
        except (EOFError, OSError) as exc:
            self.local.conn = None
            conn.close()
            self._down(f"the writer went away: {exc!r}")
            raise WriterUnavailable("the writer went away") from exc
        if status == "error":
            raise value
        return value

    def _down(self, why: str) -> None:
        if time.monotonic() >= self.down_until:  # once per pause, not per request
            logger.warning("%s; units run in the web process for now", why)
        self.down_until = time.monotonic() + RETRY_AFTER


_sender = _Sender()


def send(path: str, fn: Callable[..., Any], args: tuple[Any, ...], language: str | None) -> Any:
    """``fn(*args)`` run by the writer process listening on ``path``; its result, or its
    exception raised here. Raises ``WriterUnavailable`` when the writer cannot be reached
    or did not answer."""
    return _sender.call(path, fn, args, language)

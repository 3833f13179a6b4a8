"""Group commit: many short units of writes, one durable commit.

On SQLite one writer holds the database at a time, and a durable commit (WAL with
``synchronous=FULL``) waits for the disk to flush, about 0.3 to 0.5 ms here, while it
still holds the lock. Every order in its own transaction would spend most of the lock's
time flushing. So ``run(unit)`` hands the unit to the process's writer thread, which
takes every unit waiting at that moment, runs each in its own savepoint inside one
transaction and commits them together; each caller then gets its own result or its own
exception, only after the commit that made its writes durable. Nothing is answered
before it is on disk, and a unit that fails leaves nothing behind (its savepoint is
rolled back) without disturbing the others. If the commit itself fails, every unit of
the batch gets that error and nothing of the batch is written.

A unit should only write: reading, validating and rendering belong in the caller's
thread, before ``run``, so that the lock is held for SQL and nothing else. The unit runs
in the caller's language (``translation.override``), so the messages it raises read as
the caller's would.

A unit sent with ``call(fn, *args)`` may have a batch form (``batch_form``): consecutive
units of one batch with the same ``fn`` then run as one call of that form, which writes
them all with a few statements (one multi-row INSERT per table instead of one per unit).
It answers each unit on its own, in a savepoint of its own; if it raises, its savepoint
is rolled back and its units run one by one, as they would have without it.

On PostgreSQL each process's writer thread does the same with a connection of its own.
Concurrent commits there already share their flushes, but every order in its own
transaction costs a dozen round trips, each statement parsed and planned anew; a batch
writes its orders with one multi-row statement per table (arrays per column, one text
for any number of rows) and one commit. The processes' writer threads run side by side,
each batch taking its stock rows' locks in SKU order up front (``stock_lock_skus``), as
any single order does, so two batches cannot deadlock on stock.

Where grouping does not apply, the unit runs in the caller's thread in a transaction of
its own (or a savepoint of the caller's):

- a caller already inside a transaction (the unit joins it, as any service would);
- ``GROUP_COMMIT = False``.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import translation

logger = logging.getLogger("jornada.groupcommit")

T = TypeVar("T")

# Units per transaction at most: enough to share one flush among a burst, few enough
# that the first unit of a batch does not wait long for the last.
MAX_BATCH = 64


@dataclass(slots=True)
class Job:
    unit: Callable[[], Any]
    language: str | None
    fn: Callable[..., Any] | None = None  # with args: what ``unit`` calls, for batch forms
    args: tuple[Any, ...] = ()
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: BaseException | None = None


# What a batch form answers for each unit: its result, or the exception it raises.
Outcome = tuple[Any, BaseException | None]
BatchForm = Callable[[list[tuple[tuple[Any, ...], str | None]]], list[Outcome]]
_BATCH_FORMS: dict[Callable[..., Any], BatchForm] = {}


def batch_form(fn: Callable[..., Any], form: BatchForm) -> None:
    """Register ``form`` as the batch form of the unit function ``fn``: called with the
    (args, language) of several units, in their order, inside the batch's transaction, it
    returns each unit's (result, None) or (None, exception), exactly as ``fn(*args)`` run
    alone in its own savepoint would have. Anything it raises sends the units back to
    one-by-one."""
    _BATCH_FORMS[fn] = form


class _Writer:
    """One per process: a daemon thread with its own connection, fed by a queue."""

    def __init__(self) -> None:
        self.jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()
        self.thread: threading.Thread | None = None
        self.guard = threading.Lock()

    def submit(
        self,
        unit: Callable[[], T],
        fn: Callable[..., Any] | None = None,
        args: tuple[Any, ...] = (),
    ) -> T:
        job = Job(unit=unit, language=translation.get_language(), fn=fn, args=args)
        self._start()
        self.jobs.put(job)
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.result  # type: ignore[no-any-return]

    def _start(self) -> None:
        if self.thread is not None and self.thread.is_alive():
            return
        with self.guard:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(
                    target=self._loop, name="jornada-group-commit", daemon=True
                )
                self.thread.start()

    def _loop(self) -> None:
        while True:
            batch = [self.jobs.get()]
            while len(batch) < MAX_BATCH:
                try:
                    batch.append(self.jobs.get_nowait())
                except queue.Empty:
                    break
            commit_batch(batch)


def commit_batch(batch: list[Job]) -> None:
    """Run the jobs' units in one transaction, each in its own savepoint; each job gets
    its result or its error (the commit's, for all of them, if the commit fails)."""
    try:
        with transaction.atomic():
            start = 0
            while start < len(batch):
                form = _BATCH_FORMS.get(batch[start].fn)  # type: ignore[arg-type]
                end = start + 1
                while end < len(batch) and form is not None and batch[end].fn is batch[start].fn:
                    end += 1
                if end - start > 1 and form is not None:
                    _run_together(batch[start:end], form)
                else:
                    for job in batch[start:end]:
                        _run_alone(job)
                start = end
    except BaseException as exc:  # BEGIN or COMMIT failed: nothing of the batch is written
        logger.exception("group commit of %d units failed", len(batch))
        for job in batch:
            job.result, job.error = None, exc
        connections[DEFAULT_DB_ALIAS].close_if_unusable_or_obsolete()
    finally:
        for job in batch:
            job.done.set()


def _run_alone(job: Job) -> None:
    try:
        with translation.override(job.language), transaction.atomic():
            job.result = job.unit()
    except Exception as exc:  # the unit's own failure: only its savepoint goes
        job.result, job.error = None, exc


def _run_together(jobs: list[Job], form: BatchForm) -> None:
    try:
        with transaction.atomic():
            outcomes = form([(job.args, job.language) for job in jobs])
            if len(outcomes) != len(jobs):
                raise RuntimeError(f"batch form answered {len(outcomes)} of {len(jobs)} units")
    except Exception:
        logger.warning(
            "batch of %d units failed; running them one by one", len(jobs), exc_info=True
        )
        for job in jobs:
            _run_alone(job)
        return
    for job, (result, error) in zip(jobs, outcomes, strict=True):
        job.result, job.error = result, error


_writer = _Writer()


def grouped() -> bool:
    """Whether ``run`` would hand a unit to the writer thread from here."""
    connection = connections[DEFAULT_DB_ALIAS]
    return bool(settings.GROUP_COMMIT and not connection.in_atomic_block)


def call(fn: Callable[..., T], *args: Any) -> T:
    """``run(lambda: fn(*args))``, by the writer process where ``jornada serve`` started
    one (``jornada.core.writer``): ``fn`` must be a module-level function, ``args``
    picklable, and running it twice must be harmless (if the writer vanishes with the
    unit, it runs here again). Elsewhere, and while the writer cannot be reached, the
    unit runs as ``run`` would run it."""
    if grouped() and settings.WRITER_SOCKET:
        from jornada.core import writer

        try:
            return writer.send(  # type: ignore[no-any-return]
                settings.WRITER_SOCKET, fn, args, translation.get_language()
            )
        except writer.WriterUnavailable:
            pass  # logged by the sender, once per pause
    if grouped():
        return _writer.submit(lambda: fn(*args), fn, args)
    return run(lambda: fn(*args))


def run(unit: Callable[[], T]) -> T:
    """Run ``unit`` (writes only) in a transaction, grouped with others where that helps
    (see the module docstring); returns its result or raises its exception, once its
    writes are committed or rolled back."""
    if grouped():
        return _writer.submit(unit)
    with transaction.atomic():
        return unit()

"""Claiming and completing ``LeasedWork`` rows (event deliveries, timers) from many workers.

Two steps, each its own transaction:

1. **claim**: take up to N due rows, bump their ``attempts``, write a lease token and push
   ``due_at`` past the lease. PostgreSQL skips rows another worker is claiming
   (``SKIP LOCKED``); SQLite's IMMEDIATE transactions serialise claims.
2. **complete**: inside one transaction, lock the rows still holding our token, run each
   one's work in a savepoint and mark it done (or schedule a retry, or dead-letter it).
   The work's own writes commit together with "done", so a row is completed at most once;
   a worker killed mid-way commits nothing and its rows come due again after the lease.

A completing transaction stops taking new rows after a short time budget, so a SQLite
writer lock is never held for long (group commit without starving the web processes). It
loads only as many rows as recent transactions managed to run (at least one always runs),
so slow work does not reload the rest of a large claim in every transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from jornada.core.models import LeasedWork, WorkStatus

logger = logging.getLogger(__name__)

W = TypeVar("W", bound=LeasedWork)

TRANSACTION_BUDGET_SECONDS = 0.05
# Rows loaded per completing transaction, learnt per model in this process: doubled while
# they all fit in the time budget, cut to what fitted when they did not, so slow work does
# not reload the whole claim in every transaction while fast work still runs it in one.
MAX_BATCH = 500
_batch_hint: dict[type, int] = {}


@dataclass
class Outcome:
    done: int = 0
    retried: int = 0
    dead: int = 0
    skipped: int = 0

    @property
    def handled(self) -> int:
        return self.done + self.retried + self.dead

    def add(self, other: Outcome) -> None:
        self.done += other.done
        self.retried += other.retried
        self.dead += other.dead
        self.skipped += other.skipped


def backoff_seconds(attempts: int) -> float:
    """Delay before attempt ``attempts + 1``: exponential, capped, with +-20% jitter."""
    base = settings.OUTBOX_BACKOFF_BASE * (2 ** max(attempts - 1, 0))
    return float(min(settings.OUTBOX_BACKOFF_MAX, base) * random.uniform(0.8, 1.2))


def claim(model: type[W], *, token: str, limit: int, now: dt.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    due = model._default_manager.filter(status=WorkStatus.PENDING, due_at__lte=now)
    # SQLite: a plain read first, outside any transaction, so a worker with nothing due
    # (most polls of the timers and tasks) does not queue for the one writer.
    sqlite_idle_poll = (
        not connection.features.has_select_for_update_skip_locked and not connection.in_atomic_block
    )
    if sqlite_idle_poll and not due.exists():
        return []
    with transaction.atomic():
        due = due.order_by("due_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("id", flat=True)[:limit])
        if ids:
            model._default_manager.filter(id__in=ids).update(
                lease_token=token,
                due_at=now + dt.timedelta(seconds=settings.LEASE_SECONDS),
                attempts=F("attempts") + 1,
            )
    return ids


def complete(
    model: type[W],
    *,
    ids: list[int],
    token: str,
    run: Callable[[W], None],
    select_related: tuple[str, ...] = (),
    prepare: Callable[[list[W]], None] | None = None,
) -> Outcome:
    """Run ``run(row)`` for every claimed row we still own; see the module docstring.

    ``prepare(rows)``, if given, is called before each transaction with its rows, read
    outside any transaction: the reading and rendering it does then (see
    ``jornada.core.prepared``) runs in parallel with other workers instead of inside the
    write transaction. A failure there is logged and the rows run unprepared.
    """
    outcome = Outcome()
    remaining = list(ids)
    batch = _batch_hint.get(model, MAX_BATCH)
    # rows read for ``prepare``, reused in the transaction once their lease is confirmed
    prepared_rows: dict[int, W] = {}
    while remaining:
        taken, remaining = remaining[:batch], remaining[batch:]
        if prepare is not None and any(pk not in prepared_rows for pk in taken):
            # rows left over by a transaction out of time were prepared with it
            fresh = [pk for pk in taken if pk not in prepared_rows]
            prepared_rows.update(_prepare(model, fresh, token, prepare, select_related))
        with transaction.atomic():
            owned = _rows(
                model, select_related, id__in=taken, lease_token=token, status=WorkStatus.PENDING
            )
            if connection.features.has_select_for_update:
                owned = owned.select_for_update(of=("self",))
            if prepare is not None:
                # still ours (the lease, read under the write lock): the rows read a moment
                # ago for preparing are the rows, without building them again
                ours = list(owned.values_list("id", flat=True))
                missing = [pk for pk in ours if pk not in prepared_rows]
                if missing:  # not read when preparing: read now
                    prepared_rows.update(
                        (row.pk, row) for row in _rows(model, select_related, id__in=missing)
                    )
                rows = [prepared_rows[pk] for pk in ours]
            else:
                rows = list(owned)
            outcome.skipped += len(taken) - len(rows)
            started = time.monotonic()
            done_ids: list[int] = []
            ran = 0
            for row in rows:
                if ran and time.monotonic() - started > TRANSACTION_BUDGET_SECONDS:
                    break
                _run_one(model, row, run, done_ids, outcome)
                ran += 1
            if ran < len(rows):  # out of time: the rest go first into the next transaction
                remaining = [r.pk for r in rows[ran:]] + remaining
                batch = max(1, ran)
            else:
                batch = min(batch * 2, MAX_BATCH)
            _batch_hint[model] = batch
            if done_ids:
                model._default_manager.filter(id__in=done_ids).update(
                    status=WorkStatus.DONE,
                    completed_at=timezone.now(),
                    lease_token="",
                    last_error="",
                )
                outcome.done += len(done_ids)
    return outcome


def _rows(model: type[W], select_related: tuple[str, ...], **filters: Any) -> QuerySet[W]:
    query = model._default_manager.filter(**filters).order_by("id")
    return query.select_related(*select_related) if select_related else query


def _prepare(
    model: type[W],
    ids: list[int],
    token: str,
    prepare: Callable[[list[W]], None],
    select_related: tuple[str, ...],
) -> dict[int, W]:
    rows = list(_rows(model, select_related, id__in=ids, lease_token=token))
    try:
        prepare(rows)
    except Exception:
        # Only a shortcut: the rows run unprepared, and a real fault shows there.
        logger.exception("preparing %s %s failed", model.__name__, ids[:10])
    return {row.pk: row for row in rows}


def _run_one(
    model: type[W], row: W, run: Callable[[W], None], done_ids: list[int], outcome: Outcome
) -> None:
    max_attempts = settings.OUTBOX_MAX_ATTEMPTS
    if row.attempts > max_attempts:
        # Claimed more times than allowed without ever finishing: a worker died each time.
        _finish_failed(model, row, "worker stopped before finishing, every attempt", dead=True)
        outcome.dead += 1
        return
    try:
        with transaction.atomic():
            run(row)
    except Exception as exc:
        error = "".join(traceback.format_exception_only(exc)).strip()
        dead = row.attempts >= max_attempts
        logger.warning("%s %s failed (attempt %s): %s", model.__name__, row.pk, row.attempts, error)
        _finish_failed(model, row, error + "\n" + traceback.format_exc(limit=8), dead=dead)
        if dead:
            outcome.dead += 1
        else:
            outcome.retried += 1
    else:
        done_ids.append(row.pk)


def _finish_failed(model: type[W], row: W, error: str, *, dead: bool) -> None:
    if dead:
        model._default_manager.filter(pk=row.pk).update(
            status=WorkStatus.DEAD, lease_token="", last_error=error[:10_000]
        )
    else:
        model._default_manager.filter(pk=row.pk).update(
            lease_token="",
            last_error=error[:10_000],
            due_at=timezone.now() + dt.timedelta(seconds=backoff_seconds(row.attempts)),
        )

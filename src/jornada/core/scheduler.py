"""Timers: rows with a ``due_at`` that a worker runs once when due.

Later stages schedule payment expiries, journey steps and SLA checks with
``timer_schedule``; the job itself is named in the wiring (``TIMER_JOBS``).
Periodic jobs (``PERIODIC_JOBS``) keep exactly one pending timer per time slot:
the slot is part of the timer key, so any number of workers agree on it.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.db import transaction
from django.utils import timezone

from jornada.core import leases
from jornada.core.models import Timer, WorkStatus
from jornada.core.registry import registry, resolve

PERIODIC_PREFIX = "periodic:"


def timer_schedule(
    *, job: str, due_at: dt.datetime, key: str, payload: dict[str, Any] | None = None
) -> bool:
    """Schedule ``job`` once for ``key``; an existing timer with that key is kept as it is.

    Joins the caller's transaction, so a timer scheduled by a change that rolls back
    never fires. Returns True when this call created the timer.
    """
    if job not in registry.jobs:
        raise LookupError(f"no timer job named {job!r} in the wiring")
    if timezone.is_naive(due_at):
        raise ValueError("due_at must be timezone-aware")
    with transaction.atomic():
        _, created = Timer.objects.get_or_create(
            key=key, defaults={"job": job, "due_at": due_at, "payload": payload or {}}
        )
    return created


def timer_cancel(*, key: str) -> bool:
    with transaction.atomic():
        return bool(
            Timer.objects.filter(key=key, status=WorkStatus.PENDING).update(
                status=WorkStatus.CANCELLED, lease_token=""
            )
        )


def timer_reschedule(*, key: str, due_at: dt.datetime) -> bool:
    """Move a pending timer; refuses (False) once it has fired or been cancelled."""
    with transaction.atomic():
        return bool(
            Timer.objects.filter(key=key, status=WorkStatus.PENDING).update(
                due_at=due_at, attempts=0, lease_token=""
            )
        )


def _slot_start(now: dt.datetime, interval: int) -> dt.datetime:
    epoch = math.ceil(now.timestamp() / interval) * interval
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC)


def periodic_timers_ensure(*, now: dt.datetime | None = None) -> None:
    """Make sure every periodic job has its next slot scheduled (idempotent, any worker)."""
    now = now or timezone.now()
    for job, interval in registry.periodic.items():
        due = _slot_start(now, interval)
        timer_schedule(job=job, due_at=due, key=f"{PERIODIC_PREFIX}{job}:{due.isoformat()}")


def _fire(timer: Timer) -> None:
    resolve(registry.jobs[timer.job])(timer.payload)
    interval = registry.periodic.get(timer.job)
    if interval and timer.key.startswith(PERIODIC_PREFIX):
        due = _slot_start(timer.due_at + dt.timedelta(seconds=1), interval)
        due = max(due, _slot_start(timezone.now(), interval))
        timer_schedule(
            job=timer.job, due_at=due, key=f"{PERIODIC_PREFIX}{timer.job}:{due.isoformat()}"
        )


def timers_fire_due(*, token: str, limit: int, now: dt.datetime | None = None) -> leases.Outcome:
    ids = leases.claim(Timer, token=token, limit=limit, now=now)
    if not ids:
        return leases.Outcome()
    return leases.complete(Timer, ids=ids, token=token, run=_fire)

"""The worker loop behind ``jornada worker``: outbox deliveries, due timers, tasks, heartbeat.

Any number of workers may run against one database, on one machine or many; nothing is
kept in memory between steps, so killing a worker at any instant loses nothing (leases).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import time
import uuid
from dataclasses import dataclass, field
from types import FrameType

from django.conf import settings
from django.db import OperationalError, close_old_connections, transaction
from django.utils import timezone

from jornada.core.models import WorkerHeartbeat
from jornada.core.outbox import outbox_dispatch
from jornada.core.scheduler import periodic_timers_ensure, timers_fire_due

logger = logging.getLogger("jornada.worker")

HEARTBEAT_EVERY = 5.0
PERIODIC_EVERY = 60.0
TASKS_PER_STEP = 20


@dataclass
class Worker:
    worker_id: str = field(
        default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
    )
    batch: int = field(default_factory=lambda: settings.WORKER_BATCH)
    poll: float = field(default_factory=lambda: settings.WORKER_POLL)
    run_tasks: bool = True
    running: bool = True
    handled: int = 0
    _claims: int = 0
    _last_heartbeat: float = 0.0
    _last_periodic: float = 0.0
    _started_at: dt.datetime | None = None

    # -- lifecycle -----------------------------------------------------------------

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        logger.info("worker %s stopping after the current step", self.worker_id)
        self.running = False

    def run(self, *, max_idle_loops: int | None = None, until: float | None = None) -> None:
        """Loop until stopped; ``max_idle_loops``/``until`` bound it for tests and benches."""
        logger.info("worker %s started", self.worker_id)
        self._started_at = timezone.now()
        idle = 0
        while self.running:
            if until is not None and time.monotonic() >= until:
                break
            try:
                did = self.step()
            except OperationalError as exc:
                # The database went away or stayed locked: back off, reconnect, go on.
                logger.warning("worker %s: database error: %s", self.worker_id, exc)
                close_old_connections()
                did = 0
                time.sleep(min(5.0, self.poll * 5))
            if did:
                idle = 0
                if did < self.batch // 4:
                    # A trickle: wait one poll so the next claim gathers a fuller batch.
                    # Fewer, larger transactions leave SQLite's single writer lock (and
                    # its fsyncs) to the web processes (group commit).
                    time.sleep(self.poll)
                continue
            idle += 1
            if max_idle_loops is not None and idle >= max_idle_loops:
                break
            time.sleep(self.poll)
        self._heartbeat(force=True)
        logger.info("worker %s stopped after %s items", self.worker_id, self.handled)

    # -- one step ------------------------------------------------------------------

    def step(self) -> int:
        self._maybe_heartbeat_and_periodic()
        did = 0
        outcome = outbox_dispatch(token=self._token(), limit=self.batch)
        did += outcome.handled
        outcome = timers_fire_due(token=self._token(), limit=self.batch)
        did += outcome.handled
        if self.run_tasks:
            did += self._run_tasks()
        self.handled += did
        return did

    def _token(self) -> str:
        self._claims += 1
        return f"{self.worker_id}#{self._claims}"

    def _run_tasks(self) -> int:
        # django-tasks-db's own claim (SKIP LOCKED on PostgreSQL, exclusive on SQLite) and
        # its runner, so task results and statuses stay exactly what that library records.
        from django_tasks_db.management.commands.db_worker import Worker as TaskRunner
        from django_tasks_db.models import DBTaskResult
        from django_tasks_db.utils import exclusive_transaction

        runner = TaskRunner(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id[:64],
            excluded_queue_names=[],
        )
        ran = 0
        for _ in range(TASKS_PER_STEP):
            tasks = DBTaskResult.objects.ready().filter(backend_name="default")
            if not tasks.exists():
                # a plain read: with nothing ready, no exclusive transaction (on SQLite
                # that would queue for the one writer on every poll)
                break
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(runner.worker_id)
            if task_result is None:
                break
            runner.run_task(task_result)
            ran += 1
        return ran

    def _maybe_heartbeat_and_periodic(self) -> None:
        now = time.monotonic()
        if now - self._last_periodic >= PERIODIC_EVERY:
            self._last_periodic = now
            periodic_timers_ensure()
        self._heartbeat()

    def _heartbeat(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_heartbeat < HEARTBEAT_EVERY:
            return
        self._last_heartbeat = now
        with transaction.atomic():
            WorkerHeartbeat.objects.update_or_create(
                worker_id=self.worker_id[:100],
                defaults={
                    "hostname": socket.gethostname()[:255],
                    "pid": os.getpid(),
                    "started_at": self._started_at or timezone.now(),
                    "last_seen_at": timezone.now(),
                    "handled": self.handled,
                },
            )

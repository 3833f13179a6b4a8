"""Reads about the platform's own health (``/healthz``, ``jornada check``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, Max
from django.utils import timezone

from jornada.core.models import EventDelivery, Timer, WorkerHeartbeat, WorkStatus


@dataclass(frozen=True)
class Health:
    database: bool
    database_error: str
    workers_alive: int
    last_heartbeat: dt.datetime | None
    deliveries_pending: int
    deliveries_dead: int
    timers_overdue: int

    @property
    def ok(self) -> bool:
        return self.database and self.workers_alive > 0


def health_read() -> Health:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return Health(False, str(exc), 0, None, 0, 0, 0)
    now = timezone.now()
    stale = now - dt.timedelta(seconds=settings.HEARTBEAT_STALE)
    beats = WorkerHeartbeat.objects.aggregate(last=Max("last_seen_at"))
    alive = WorkerHeartbeat.objects.filter(last_seen_at__gte=stale).count()
    counts = dict(
        EventDelivery.objects.filter(status__in=[WorkStatus.PENDING, WorkStatus.DEAD])
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    overdue = Timer.objects.filter(
        status=WorkStatus.PENDING, due_at__lt=now - dt.timedelta(minutes=5)
    ).count()
    return Health(
        database=True,
        database_error="",
        workers_alive=alive,
        last_heartbeat=beats["last"],
        deliveries_pending=counts.get(WorkStatus.PENDING, 0),
        deliveries_dead=counts.get(WorkStatus.DEAD, 0),
        timers_overdue=overdue,
    )


def unapplied_migrations() -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]

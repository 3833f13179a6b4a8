"""``jornada check``: Django's system checks, then Jornada's own readiness checks."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.core.management.commands.check import Command as DjangoCheckCommand
from django.db import DatabaseError

from jornada.core.selectors import health_read, unapplied_migrations


class Command(DjangoCheckCommand):
    help = (
        "Check the configuration, the database, migrations and the workers' heartbeat "
        "(after Django's own system checks). Exits non-zero when something is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--no-worker", action="store_true", help="do not require a live worker")
        parser.add_argument(
            "--system-only", action="store_true", help="only Django's system checks"
        )

    def handle(self, *app_labels: Any, **options: Any) -> None:
        super().handle(*app_labels, **options)
        if options["system_only"] or app_labels:
            return
        problems: list[str] = []
        db = settings.DATABASES["default"]
        self.stdout.write(f"config: database {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
        self.stdout.write(f"config: debug {'on' if settings.DEBUG else 'off'}")
        if settings.DEBUG:
            self.stdout.write(self.style.WARNING("config: DEBUG is on; never in production"))
        try:
            pending = unapplied_migrations()
        except DatabaseError as exc:
            raise CommandError(f"database: unreachable: {exc}") from exc
        self.stdout.write("database: ok")
        if pending:
            raise CommandError(
                f"migrations: {len(pending)} not applied ({', '.join(pending[:5])}); "
                "run `jornada init`"
            )
        self.stdout.write("migrations: ok")
        health = health_read()
        if health.workers_alive:
            self.stdout.write(f"workers: {health.workers_alive} alive")
        elif not options["no_worker"]:
            problems.append(
                f"workers: none alive in the last {settings.HEARTBEAT_STALE} s "
                "(start one with `jornada worker`)"
            )
        self.stdout.write(
            f"outbox: {health.deliveries_pending} pending, {health.deliveries_dead} dead"
        )
        if health.deliveries_dead:
            self.stdout.write(
                self.style.WARNING("outbox: dead letters waiting; see `jornada outbox list`")
            )
        if health.timers_overdue:
            problems.append(f"timers: {health.timers_overdue} overdue by more than 5 minutes")
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(self.style.SUCCESS("jornada: ready"))

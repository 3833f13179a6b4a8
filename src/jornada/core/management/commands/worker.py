from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jornada.core.worker import Worker


class Command(BaseCommand):
    help = (
        "Run a worker: dispatches domain events to their handlers, fires due timers and runs "
        "background tasks. Start as many as you like, on one machine or many."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, help="deliveries claimed at once")
        parser.add_argument("--poll", type=float, help="seconds to sleep when idle")
        parser.add_argument("--id", dest="worker_id", help="worker id (default host:pid:random)")
        parser.add_argument(
            "--burst", action="store_true", help="stop once there is nothing left to do"
        )
        parser.add_argument("--seconds", type=float, help="stop after this many seconds")
        parser.add_argument("--no-tasks", action="store_true", help="leave tasks to others")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = Worker(run_tasks=not options["no_tasks"])
        if options["worker_id"]:
            worker.worker_id = options["worker_id"]
        if options["batch"]:
            worker.batch = options["batch"]
        if options["poll"] is not None:
            worker.poll = options["poll"]
        worker.install_signal_handlers()
        until = time.monotonic() + options["seconds"] if options["seconds"] else None
        worker.run(max_idle_loops=1 if options["burst"] else None, until=until)

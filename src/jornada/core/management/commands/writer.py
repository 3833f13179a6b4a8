from __future__ import annotations

import os
import threading
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Run the SQLite writer process (jornada serve starts it): the web processes' "
        "order writes, from every process, in shared durable commits."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--socket", required=True, help="Unix socket path to listen on")
        parser.add_argument(
            "--parent", type=int, default=0, help="exit when this process is gone (serve's)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from jornada.core import writer

        parent = options["parent"]
        if parent:

            def watch() -> None:
                while os.getppid() == parent:
                    time.sleep(1)
                os._exit(0)  # serve is gone: so are the senders

            threading.Thread(target=watch, name="jornada-writer-watch", daemon=True).start()
        writer.serve(options["socket"])

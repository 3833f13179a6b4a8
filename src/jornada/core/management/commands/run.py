"""``jornada run``: the all-in-one (web server + one worker) used by the README."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the web server and a worker together; Ctrl+C stops both."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1, help="background workers")
        parser.add_argument("--web-workers", type=int, default=1, help="web processes")

    def handle(self, *args: Any, **options: Any) -> None:
        base = [sys.executable, "-m", "jornada"]
        web = [
            *base,
            "serve",
            "--host",
            options["host"],
            "--port",
            str(options["port"]),
            "--workers",
            str(options["web_workers"]),
        ]
        children = [subprocess.Popen(web)]
        children += [subprocess.Popen([*base, "worker"]) for _ in range(options["workers"])]
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(
            self.style.SUCCESS(
                f"Jornada is running: {url}  (admin: {url}admin/, API: {url}api/v1/docs)"
            )
        )
        self.stdout.write(f"database: {settings.DATABASES['default']['NAME']}")

        def stop(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        code = 0
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
            code = 1  # one of them died on its own
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
        if code:
            sys.exit(code)

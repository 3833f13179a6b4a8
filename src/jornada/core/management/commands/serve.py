from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

logger = logging.getLogger("jornada.writer")


class Command(BaseCommand):
    help = "Run the production web server (granian, WSGI) with several worker processes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1, help="web processes"
        )
        parser.add_argument(
            "--threads", type=int, default=8, help="request threads per web process"
        )
        parser.add_argument("--access-log", action="store_true")
        parser.add_argument(
            "--no-writer",
            action="store_true",
            help="SQLite: each web process writes for itself (no writer process)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from granian import Granian
        from granian.constants import Interfaces

        writer = None if options["no_writer"] else WriterProcess.start_if_useful()
        try:
            Granian(
                "jornada.wsgi:application",
                address=options["host"],
                port=options["port"],
                interface=Interfaces.WSGI,
                workers=options["workers"],
                blocking_threads=options["threads"],
                log_access=options["access_log"],
                respawn_failed_workers=True,
            ).serve()
        finally:
            if writer is not None:
                writer.stop()


class WriterProcess:
    """``jornada writer`` beside the web processes (``jornada.core.writer``), restarted
    if it dies; the web processes find its socket in ``JORNADA_WRITER_SOCKET``."""

    def __init__(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="jornada-writer-")  # short: socket paths are
        self.path = os.path.join(self.dir, "writer.sock")
        self.process: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()

    @classmethod
    def start_if_useful(cls) -> WriterProcess | None:
        from django.db import DEFAULT_DB_ALIAS, connections

        from jornada.core import groupcommit
        from jornada.core.sqlite.base import DatabaseWrapper

        # Units grouped here (SQLite, GROUP_COMMIT) on a file other processes can open.
        connection = connections[DEFAULT_DB_ALIAS]
        if not groupcommit.grouped() or not isinstance(connection, DatabaseWrapper):
            return None
        if connection.write_lock_path() is None:
            return None
        writer = cls()
        writer._spawn()
        os.environ["JORNADA_WRITER_SOCKET"] = writer.path  # for the web processes
        settings.WRITER_SOCKET = writer.path
        threading.Thread(target=writer._watch, name="jornada-writer-keeper", daemon=True).start()
        return writer

    def _spawn(self) -> None:
        if os.path.exists(self.path):
            os.unlink(self.path)  # the previous writer's: wait for the new one's
        command = [sys.executable, "-m", "jornada", "writer", "--socket", self.path]
        self.process = subprocess.Popen([*command, "--parent", str(os.getpid())])
        deadline = time.monotonic() + 15
        while not os.path.exists(self.path) and time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            time.sleep(0.02)

    def _watch(self) -> None:
        while not self.stopping.wait(0.5):
            if self.process is not None and self.process.poll() is not None:
                logger.error(
                    "the writer process ended (%s); starting it again", self.process.returncode
                )
                self._spawn()

    def stop(self) -> None:
        self.stopping.set()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.dir, ignore_errors=True)

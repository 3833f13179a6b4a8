"""Helpers for tests that run the worker, in-process or as real processes, against the
test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

from django.db import connection


def database_url() -> str:
    """The URL of the database this test process uses (the test database)."""
    conf = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{conf['NAME']}"
    user = conf.get("USER") or ""
    password = f":{conf['PASSWORD']}" if conf.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = conf.get("HOST") or "127.0.0.1"
    port = conf.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{conf['NAME']}"


def worker_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url()
    env["DJANGO_SETTINGS_MODULE"] = "jornada.settings"
    env.update(extra)
    return env


def start_worker(
    *args: str, env: dict[str, str], log: Path | None = None
) -> subprocess.Popen[bytes]:
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - owned by the child
    return subprocess.Popen(
        [sys.executable, "-m", "jornada", "worker", *args],
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )


def kill(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def worker_drain(rounds: int = 40) -> None:
    """Run everything a worker would (event deliveries, due timers, tasks), in this
    process, until nothing is left; fails if work keeps coming after ``rounds``."""
    from jornada.core.outbox import outbox_dispatch
    from jornada.core.scheduler import timers_fire_due
    from jornada.core.worker import Worker

    worker = Worker(run_tasks=True)
    for _round in range(rounds):
        token = uuid.uuid4().hex
        did = outbox_dispatch(token=token, limit=500).handled
        did += timers_fire_due(token=token, limit=500).handled
        did += worker._run_tasks()
        if not did:
            return
    raise AssertionError("the worker never ran out of work")

"""Outbox throughput, end to end: write events + two workers dispatch them to a no-op handler.

    .venv/bin/python bench/outbox.py [--events 5000] [--db sqlite|postgres|both] [--check]

Each event is written in its own transaction (as a service would), with durable commits,
by two writer threads (as two concurrent web requests would).
The baseline, measured in the same run on the same database, is the write-only ceiling:
the same writes with no worker running. The figure is events/s from the first write to
the last delivery completed; the target is >= 1,000 events/s on SQLite (2 cores).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchdb import fresh_database

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
TARGET_SQLITE = 1000.0
WRITERS = 1


def child_env(url: str, workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="jornada.settings",
        JORNADA_VAR_DIR=str(workdir),
        JORNADA_EXTRA_WIRING="outbox_wiring",
        JORNADA_LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join([str(BENCH), env.get("PYTHONPATH", "")]),
    )
    return env


def produce(count: int, writers: int = WRITERS) -> float:
    """Write ``count`` events, one per transaction, from ``writers`` threads (as concurrent
    web requests would); returns the seconds taken."""
    from django.db import connection
    from outbox_wiring import BenchNoop

    from jornada.core.events import event_publish

    def write(start: int) -> None:
        try:
            for n in range(start, count, writers):
                event_publish(BenchNoop(n=n))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def done_count() -> int:
    from jornada.core.models import EventDelivery, WorkStatus

    return EventDelivery.objects.filter(status=WorkStatus.DONE).count()


def reset() -> None:
    from jornada.core.models import OutboxEvent

    OutboxEvent.objects.all().delete()


def run_one(db: str, count: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="jornada-bench-") as tmp:
        workdir = Path(tmp)
        url = fresh_database(db, workdir, "jornada_bench_outbox")
        env = child_env(url, workdir)
        subprocess.run([sys.executable, "-m", "jornada", "migrate", "-v", "0"], env=env, check=True)
        os.environ.update(env)
        sys.path.insert(0, str(BENCH))
        import django
        from django.db import connections

        django.setup()

        # baseline: the same writes, nobody dispatching
        write_only = count / produce(count)
        reset()

        workers = [
            subprocess.Popen([sys.executable, "-m", "jornada", "worker", "--no-tasks"], env=env)
            for _ in range(2)
        ]
        try:
            time.sleep(2.0)  # let both workers boot before the clock starts
            started = time.perf_counter()
            produce(count)
            while done_count() < count:
                time.sleep(0.01)
            end_to_end = count / (time.perf_counter() - started)
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(timeout=30)
        connections.close_all()
        return end_to_end, write_only


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the SQLite target is missed"
    )
    args = parser.parse_args()
    if args.db == "both":  # one process per database: Django binds one per process
        codes = [
            subprocess.call(
                [sys.executable, __file__, "--db", db, "--events", str(args.events)]
                + (["--check"] if args.check else [])
            )
            for db in ("sqlite", "postgres")
        ]
        return max(codes)
    e2e, baseline = run_one(args.db, args.events)
    line = (
        f"outbox {args.db:8s} events={args.events} end-to-end={e2e:,.0f} events/s "
        f"(2 workers, {WRITERS} writers)  baseline write-only={baseline:,.0f} events/s  ratio={e2e / baseline:.2f}"
    )
    ok = True
    if args.db == "sqlite":
        ok = e2e >= TARGET_SQLITE
        line += f"  target>={TARGET_SQLITE:,.0f}: {'met' if ok else 'MISSED'}"
    print(line, flush=True)
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())

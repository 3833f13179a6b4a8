"""Back-office pages with a big store: 100,000 orders loaded in bulk, every page timed.

    .venv/bin/python bench/backoffice.py [--orders 100000] [--db sqlite|postgres] [--runs 5]
        [--check]

Loads the orders and everything around them (lines, timeline, customers, payments and
refunds, delivery promises, shipments, messages and journey runs, packages, stock at two
locations, purchase orders, the staff's activity log) straight into a fresh database with
the loader the scale test uses (``jornada.backoffice.tests.bulk``), then requests each
back-office page as an owner through Django's test client (middleware, views, queries and
templates: the whole server side) and prints the median and the worst of ``--runs``
requests per page, slowest first, each also as a multiple of a bare request (``/healthz``
through the same client and stack, timed in the same run) so a figure reads the same on a
faster or slower machine. The target is every page under 300 ms; ``--check`` exits 1 if
one is not.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchdb import fresh_database

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 300.0


def timed(get: Callable[[], Any], runs: int) -> tuple[float, float, int]:
    """Median and worst of ``runs`` requests in ms (after one that warms caches: templates,
    the store profile), and the last status code."""
    get()
    timings = []
    status = 0
    for _ in range(runs):
        began = time.perf_counter()
        status = get().status_code
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings), max(timings), status


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="jornada-bench-backoffice-"))
    os.environ.update(
        DATABASE_URL=fresh_database(args.db, workdir, "jornada_bench_backoffice"),
        DJANGO_SETTINGS_MODULE="jornada.settings",
        JORNADA_VAR_DIR=str(workdir),
        JORNADA_ALLOWED_HOSTS="testserver",
        JORNADA_LOG_LEVEL="WARNING",
    )
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from jornada.backoffice.tests.bulk import bulk_load, page_urls

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    sample = bulk_load(args.orders)
    print(f"loaded {args.orders:,} orders on {args.db} in {time.perf_counter() - started:.1f} s")
    print("  " + ", ".join(f"{label} {n:,}" for label, n in sample["counts"].items()))
    owner = get_user_model().objects.create_superuser("bench", "bench@loja.example", "x")
    client = Client()
    client.force_login(owner)

    # The bare request: /healthz through the same client, middleware and database (it
    # answers 503 without a worker; a 5xx would be logged as an error, so not here).
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    base_median, base_worst, _status = timed(lambda: client.get("/healthz"), max(args.runs, 20))

    results = []
    for name, url in page_urls(sample).items():
        median, worst, status = timed(lambda url=url: client.get(url), args.runs)
        if status != 200:
            print(f"{name}: HTTP {status} for {url}")
            return 1
        results.append((worst, median, name))

    print(f"\nbare request (/healthz): median {base_median:.1f} ms, worst {base_worst:.1f} ms")
    print(f"\n{'page':48} {'median ms':>10} {'worst ms':>9} {'x bare':>7}")
    for worst, median, name in sorted(results, reverse=True):
        flag = "  <-- over target" if worst > TARGET_MS else ""
        ratio = median / base_median if base_median else 0.0
        print(f"{name:48} {median:10.1f} {worst:9.1f} {ratio:6.0f}x{flag}")
    slow = [name for worst, _median, name in results if worst > TARGET_MS]
    print(f"\ntarget: every page under {TARGET_MS:.0f} ms; over it: {len(slow)} of {len(results)}")
    return 1 if args.check and slow else 0


if __name__ == "__main__":
    sys.exit(main())

"""Order intake with stock reservations, over HTTP, with and without contention.

    .venv/bin/python bench/inventory.py [--db sqlite|postgres|both] [--rate 1000]
        [--seconds 30] [--web-workers 2] [--threads 16] [--check]

Same open-loop driver as ``bench/order_intake.py`` (3-line orders, a new customer and
Idempotency-Key each, sent at fixed instants), but every SKU is stocked, so each order
holds its units in the placing transaction. Two phases against one server:

- spread: the lines pick from 1,000 stocked SKUs (little contention);
- hot: every line of every order is the same SKU (all orders on one stock row).

Baseline, measured in the same run: the raw ceiling of ``order_intake`` (the intake
writes in plain SQL from one process, one durable transaction per order, no holds).
Prints orders/s, p50/p99, errors, each phase's ratio to the baseline and hot/spread.
Targets (those of the order intake issue, reservations included): SQLite >= 1,000
orders/s with p99 <= 50 ms, PostgreSQL >= 600 orders/s, HTTP >= 0.3x the raw ceiling,
no errors, and the ledger audit clean afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import order_intake as intake

STOCK = """
from jornada.inventory.models import Location
from jornada.inventory.services import StockActor, stock_receive
from jornada.catalog.models import Product, Variant
from decimal import Decimal
location = Location.objects.create(code="cd", name="CD", serves_ufs="SP,RJ,MG,RS,BA")
product = Product.objects.get(slug="bench")
Variant.objects.create(product=product, sku="HOT-1", options={"n": "hot"}, price=Decimal("19.90"),
                       weight_grams=300, length_mm=100, width_mm=100, height_mm=50)
actor = StockActor(label="bench")
for variant in Variant.objects.all():
    stock_receive(location=location, sku=variant.sku, quantity=10_000_000, actor=actor)
"""

AUDIT = """
from jornada.inventory.selectors import stock_audit
from jornada.inventory.models import Reservation
print(len(stock_audit()), Reservation.objects.count())
"""


async def drive(
    port: int, requests: list[bytes], rate: float, connections: int
) -> tuple[list[float], dict[int, int], float]:
    """``order_intake.drive`` (request i sent at start + i/rate, latency from that
    instant), except that an unreadable answer counts as status 599 and the connection
    is opened again, so one bad answer cannot stall the run."""
    queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    done = asyncio.Event()

    async def connect() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        while True:
            try:
                return await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                await asyncio.sleep(0.05)

    async def connection_loop() -> None:
        reader, writer = await connect()
        while True:
            item = await queue.get()
            if item is None:
                writer.close()
                return
            scheduled, data = item
            try:
                writer.write(data)
                status = await asyncio.wait_for(intake.read_response(reader), timeout=60)
            except Exception:  # any failure is one errored request
                status = 599
                writer.close()
                reader, writer = await connect()
            latencies.append(time.perf_counter() - scheduled)
            statuses[status] = statuses.get(status, 0) + 1
            if len(latencies) == len(requests):
                done.set()

    workers = [asyncio.create_task(connection_loop()) for _ in range(connections)]
    start = time.perf_counter() + 0.2
    for i, data in enumerate(requests):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((start + i / rate, data))
    await done.wait()
    elapsed = time.perf_counter() - start
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    return latencies, statuses, elapsed


def hot_bodies(count: int, rng: random.Random) -> list[bytes]:
    bodies = []
    for body in intake.make_bodies(count, 3, rng):
        data = json.loads(body)
        data["lines"] = [{"sku": "HOT-1", "quantity": 1 + n} for n in range(3)]
        bodies.append(json.dumps(data).encode())
    return bodies


def summary(latencies: list[float], statuses: dict[int, int], elapsed: float, count: int):  # type: ignore[no-untyped-def]
    ok = statuses.get(201, 0)
    latencies = sorted(latencies)
    return {
        "rate": ok / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "errors": count - ok,
        "statuses": dict(sorted(statuses.items())),
    }


def run(db: str, args: argparse.Namespace) -> bool:
    rate = args.rate or (1000.0 if db == "sqlite" else 600.0)
    with tempfile.TemporaryDirectory(prefix="jornada-inventory-") as tmp:
        workdir = Path(tmp)
        url = intake.prepare_database(db, workdir)
        env = dict(
            os.environ,
            DATABASE_URL=url,
            DJANGO_SETTINGS_MODULE="jornada.settings",
            JORNADA_VAR_DIR=str(workdir),
            JORNADA_LOG_LEVEL="WARNING",
        )
        secret = intake.setup(env, 1000)
        shell = [sys.executable, "-m", "jornada", "shell", "-c"]
        subprocess.run([*shell, STOCK], env=env, check=True)
        count = int(rate * args.seconds)
        port = intake.free_port()
        phases = {
            "spread": intake.make_bodies(count, 1000, random.Random(11)),
            "hot": hot_bodies(count, random.Random(12)),
        }
        web = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jornada",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(args.web_workers),
                "--threads",
                str(args.threads),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        results = {}
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    time.sleep(0.1)
            warm = [
                intake.request_bytes(b, secret, port)
                for b in intake.make_bodies(200, 1000, random.Random(99))
            ]
            asyncio.run(drive(port, warm, 100, 8))
            for name, bodies in phases.items():
                requests = [intake.request_bytes(b, secret, port) for b in bodies]
                latencies, statuses, elapsed = asyncio.run(
                    drive(port, requests, rate, args.connections)
                )
                results[name] = summary(latencies, statuses, elapsed, count)
        finally:
            web.terminate()
            web.wait(timeout=30)
        audit = subprocess.run([*shell, AUDIT], env=env, check=True, capture_output=True, text=True)
        drifts, reservations = (int(x) for x in audit.stdout.split()[-2:])
        try:
            raw = intake.raw_ceiling(url, min(count, 5000), 1000)
        except Exception as error:  # the baseline's own SQL may lag the schema
            print(f"inventory {db:8s} baseline unavailable: {error!r}", flush=True)
            raw = float("nan")
    target = 1000 if db == "sqlite" else 600
    met = drifts == 0
    for name, r in results.items():
        ratio = r["rate"] / raw
        phase_met = (
            r["rate"] >= target * 0.99
            and r["errors"] == 0
            and ratio >= 0.3
            and (db != "sqlite" or r["p99"] <= 50)
        )
        met = met and phase_met
        print(
            f"inventory {db:8s} {name:6s} offered={rate:.0f}/s for {args.seconds:.0f}s  "
            f"achieved={r['rate']:,.0f} orders/s  p50={r['p50']:.1f} ms  p99={r['p99']:.1f} ms  "
            f"errors={r['errors']} {r['statuses']}  baseline raw ceiling={raw:,.0f} orders/s  "
            f"ratio={ratio:.2f}  target: {'met' if phase_met else 'MISSED'}",
            flush=True,
        )
    print(
        f"inventory {db:8s} hot/spread={results['hot']['rate'] / results['spread']['rate']:.2f}  "
        f"reservations={reservations}  ledger audit drifts={drifts}",
        flush=True,
    )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--rate", type=float, default=0, help="orders/s offered (default: target)")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--connections", type=int, default=128)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    results = [run(db, args) for db in (["sqlite", "postgres"] if args.db == "both" else [args.db])]
    return 0 if all(results) or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())

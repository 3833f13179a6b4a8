"""Shipping hot paths, in one process on a fresh database (SQLite by default).

    .venv/bin/python bench/shipping.py [--orders 100] [--db sqlite|postgres]

Each figure is shown with its ratio to a baseline measured in the same run:

- quotes/s: ``quote`` for a two-item cart against rate tables the size of a real
  carrier's (2,000 CEP ranges x 6 weight bands per service): packing plan, the rows for
  the CEP by index in one query, business-day deadline; baseline: the naive quote that
  loads every rate row of every service and filters them in Python.
- shipments/s: ``shipment_create`` on packed orders (S10 code, sandbox plan and its
  timers, label PDF stored, packages and order moved, ShipmentDispatched); baseline:
  rendering the label alone (the PDF is most of the work).
- tracking webhooks/s: signed sandbox webhooks (signature, dedupe, locked apply,
  TrackingUpdated); baseline: the bare durable minimum, one ``TrackingEvent`` insert per
  transaction.
- SLA check: one ``shipments_sla_check`` over every open shipment (all late); shown as
  shipments checked per second, baseline the same shipments read in one query.

Wall-clock rates: on a machine shared with other work they measure the neighbours too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def line(label: str, value: float, unit: str, baseline: float, baseline_label: str) -> None:
    ratio = value / baseline if baseline else float("nan")
    print(
        f"{label:<22} {value:>10,.1f} {unit:<14} baseline {baseline:>10,.1f} "
        f"({baseline_label})  ratio {ratio:.2f}x"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--orders", type=int, default=100)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="jornada-bench-shipping-"))
    os.environ["JORNADA_VAR_DIR"] = str(workdir)
    if args.db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'shipping.sqlite3'}"
    else:
        import psycopg

        admin = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS jornada_bench_shipping")
            conn.execute("CREATE DATABASE jornada_bench_shipping")
        os.environ["DATABASE_URL"] = admin.rsplit("/", 1)[0] + "/jornada_bench_shipping"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="jornada.settings",
        JORNADA_LOG_LEVEL="ERROR",
        # every bench order goes to the same address: no velocity holds
        JORNADA_VALIDATION_VELOCITY_MAX="1000000",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return run(args.orders)


def naive_quote(cep: str, grams: int) -> list[tuple[str, object]]:
    from jornada.shipping.models import CarrierService, RateRow

    found = []
    for service in CarrierService.objects.all():
        rows = [
            r
            for r in RateRow.objects.filter(service=service)
            if r.cep_start <= cep <= r.cep_end and grams <= r.weight_max_grams
        ]
        if rows:
            found.append((service.code, min(rows, key=lambda r: r.weight_max_grams).price))
    return sorted(found, key=lambda f: f[1])  # type: ignore[arg-type,return-value]


def run(orders: int) -> int:
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from jornada.core import registry
    from jornada.fulfillment import services as fulfillment
    from jornada.shipping.models import Shipment, TrackingEvent
    from jornada.shipping.services import quote, rates_import
    from jornada.shipping.shipments import _label, shipment_create, tracking_url, webhook_receive
    from jornada.shipping.sla import shipments_sla_check
    from jornada.shipping.tests.flow import STAFF, pack_all, validated
    from jornada.shipping.tests.journey import store_catalog
    from jornada.shipping.webhooks import webhook_headers

    store_catalog()
    # A rate table the size of a real carrier's: 2,000 CEP ranges x 6 weight bands.
    header = "cep_start,cep_end,weight_max_grams,price,business_days\n"
    for code in ("correios-pac", "correios-sedex", "rapido-padrao"):
        rows = [
            f"{start:08d},{start + 49_999:08d},{grams},{10 + grams / 1000:.2f},{3 + start % 7}"
            for start in range(1_000_000, 100_000_000, 50_000)
            for grams in (300, 1000, 2000, 5000, 10000, 30000)
        ]
        rates_import(service_code=code, csv_text=header + "\n".join(rows))
    cart = [("CAM-M", 2), ("CANECA", 1)]
    print(
        f"shipping on {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, {orders} orders"
    )

    n = max(orders, 50)
    started = time.perf_counter()
    for _ in range(n):
        quote(cep="01310-100", lines=cart)
    quotes = rate(n, time.perf_counter() - started)
    started = time.perf_counter()
    for _ in range(n):
        naive_quote("01310100", 1200)
    naive = rate(n, time.perf_counter() - started)
    line("quotes/s", quotes, "quotes/s", naive, "all rows filtered in Python")

    with registry.override(
        handlers={}, jobs={"shipping.sandbox_push": "jornada.shipping.jobs.sandbox_push"}
    ):
        packed = []
        for _ in range(orders):
            order = validated()
            fulfillment.fulfillment_start(order_id=order.pk, actor=STAFF)
            for package in fulfillment.package_open(order_id=order.pk, actor=STAFF):
                pack_all(package)
            packed.append(order.pk)
        started = time.perf_counter()
        shipments = [shipment_create(order_id=pk, actor=STAFF) for pk in packed]
        shipped = rate(len(shipments), time.perf_counter() - started)
        sample = shipments[0]
        order = sample.order
        packages = list(fulfillment.Package.objects.filter(order_id=order.pk))
        url = tracking_url(sample.service.carrier, sample.tracking_code)
        started = time.perf_counter()
        for _ in range(len(shipments)):
            _label(sample, order, packages, url, 1)
        labels = rate(len(shipments), time.perf_counter() - started)
        line("shipments/s", shipped, "shipments/s", labels, "label render alone")

        secret = settings.SHIPPING_SANDBOX_WEBHOOK_SECRET
        at = timezone.now()
        bodies = []
        for index, shipment in enumerate(shipments):
            body = json.dumps(
                {
                    "tracking_code": shipment.tracking_code,
                    "events": [
                        {"id": f"b{index}", "status": "posted", "occurred_at": at.isoformat()}
                    ],
                }
            ).encode()
            bodies.append(
                (webhook_headers(secret=secret, webhook_id=f"bench-{index}", body=body), body)
            )
        started = time.perf_counter()
        for headers, body in bodies:
            webhook_receive(carrier_code="correios", headers=headers, body=body)
        hooks = rate(len(bodies), time.perf_counter() - started)
        started = time.perf_counter()
        for index, shipment in enumerate(shipments):
            with transaction.atomic():
                TrackingEvent.objects.create(
                    shipment=shipment,
                    external_id=f"raw{index}",
                    status="in_transit",
                    occurred_at=at,
                )
        bare = rate(len(shipments), time.perf_counter() - started)
        line("tracking webhooks/s", hooks, "webhooks/s", bare, "bare insert per transaction")

    open_count = Shipment.objects.count()
    Shipment.objects.update(promised_date=dt.date(2020, 1, 1))
    started = time.perf_counter()
    outcome = shipments_sla_check()
    checked = rate(open_count, time.perf_counter() - started)
    started = time.perf_counter()
    list(Shipment.objects.all())
    read = rate(open_count, time.perf_counter() - started)
    line("SLA check", checked, "shipments/s", read, "one query reading them")
    assert outcome.late == open_count, (outcome, open_count)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

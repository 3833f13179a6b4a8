"""Back-office pages with a big store: 100,000 orders loaded in bulk, every page timed.

    .venv/bin/python bench/backoffice.py [--orders 100000] [--db sqlite|postgres] [--runs 5]
        [--check]

Loads the orders (with their lines, timeline rows and 10,000 customers) straight into a
fresh database, spread over 90 days with statuses that follow their age (recent orders in the
working stages, a few stragglers late, the rest delivered or closed), then requests each back-office page
as an owner through Django's test client (middleware, views, queries and templates: the
whole server side) and prints the median and the worst of ``--runs`` requests per page,
slowest first. The target is every page under 300 ms; ``--check`` exits 1 if one is not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
TARGET_MS = 300.0
BATCH = 5000
UFS = ["SP", "RJ", "MG", "RS", "BA", "PR", "PE", "CE"]
# (oldest age in days, {status: weight}): a store's orders move on as they age, so the
# working stages hold the recent ones and a few stragglers (which show as late).
STATUS_BY_AGE = [
    (1, {"placed": 2, "awaiting_payment": 6, "paid": 2, "on_hold": 1, "validated": 4}),
    (3, {"awaiting_payment": 2, "validated": 2, "in_fulfilment": 4, "shipped": 8, "cancelled": 1}),
    (15, {"shipped": 10, "partially_shipped": 1, "delivered": 10, "cancelled": 1}),
    (
        10_000,
        {
            "completed": 60,
            "delivered": 20,
            "cancelled": 10,
            "refunded": 2,
            "return_requested": 1,
            "returned": 1,
            "partially_refunded": 1,
            "shipped": 1,
            "awaiting_payment": 1,
        },
    ),
]


def status_for_age(age_days: float, rng: random.Random) -> str:
    for oldest, weights in STATUS_BY_AGE:
        if age_days <= oldest:
            statuses, counts = zip(*weights.items(), strict=True)
            return rng.choices(statuses, weights=counts)[0]
    raise AssertionError("unreachable")


def prepare_database(db: str, workdir: Path) -> str:
    if db == "sqlite":
        return f"sqlite:///{workdir / 'backoffice.sqlite3'}"
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS jornada_bench_backoffice")
        conn.execute("CREATE DATABASE jornada_bench_backoffice")
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/jornada_bench_backoffice"


def load(count: int) -> dict[str, str]:
    """Bulk-load ``count`` orders; returns sample values to search for."""
    from django.db import transaction

    from jornada.catalog.models import Product, Variant
    from jornada.customers.models import Customer
    from jornada.orders.models import Order, OrderEvent, OrderLine

    rng = random.Random(7)
    now = dt.datetime.now(dt.UTC)
    product = Product.objects.create(name="Camiseta de bench", slug="bench")
    variant = Variant.objects.create(
        product=product,
        sku="BENCH-M",
        options={"tamanho": "M"},
        price=Decimal("59.90"),
        weight_grams=200,
        length_mm=300,
        width_mm=200,
        height_mm=20,
    )
    customers = Customer.objects.bulk_create(
        [
            Customer(
                name=f"Cliente {i:05d} da Silva",
                document=f"{10_000_000_000 + i * 7919:011d}"[:11],
                document_kind="cpf",
                email=f"cliente{i}@example.com.br",
                source="online_store",
            )
            for i in range(max(count // 10, 1))
        ],
        batch_size=BATCH,
    )
    methods = ["credit_card", "pix", "boleto", "debit_card", "paypal"]
    channels = ["online_store", "marketplace", "whatsapp", "phone"]
    with transaction.atomic():
        for start in range(0, count, BATCH):
            orders = []
            for i in range(start, min(start + BATCH, count)):
                customer = customers[i % len(customers)]
                age = dt.timedelta(minutes=rng.randrange(90 * 24 * 60))
                placed = now - age
                moved = placed + min(age, dt.timedelta(hours=rng.randrange(1, 72)))
                orders.append(
                    Order(
                        number=str(100_001 + i),
                        status=status_for_age(age.total_seconds() / 86400, rng),
                        channel=rng.choice(channels),
                        customer=customer,
                        customer_name=customer.name,
                        customer_document=customer.document,
                        customer_email=customer.email,
                        recipient_name=customer.name,
                        ship_logradouro="Avenida Paulista",
                        ship_numero="1000",
                        ship_bairro="Bela Vista",
                        ship_cidade="São Paulo",
                        ship_uf=rng.choice(UFS),
                        ship_cep="01310100",
                        payment_method=rng.choice(methods),
                        subtotal=Decimal("119.80"),
                        shipping_total=Decimal("19.90"),
                        grand_total=Decimal("139.70"),
                        item_count=2,
                        weight_grams=400,
                        placed_at=placed,
                        updated_at=moved,
                    )
                )
            created = Order.objects.bulk_create(orders)
            OrderLine.objects.bulk_create(
                OrderLine(
                    order=order,
                    position=1,
                    variant=variant,
                    sku=variant.sku,
                    product_name=product.name,
                    quantity=2,
                    unit_price=Decimal("59.90"),
                    line_total=Decimal("119.80"),
                    weight_grams=400,
                )
                for order in created
            )
            OrderEvent.objects.bulk_create(
                OrderEvent(
                    order=order,
                    type="placed",
                    actor_kind="customer",
                    params={"channel": order.channel, "grand_total": "139.70"},
                    created_at=order.placed_at,
                )
                for order in created
            )
    sample = Order.objects.order_by("-id").first()
    assert sample is not None
    return {
        "number": sample.number,
        "document": sample.customer_document,
        "email": sample.customer_email,
        "name": "Cliente 00042",
    }


def pages(sample: dict[str, str]) -> dict[str, str]:
    from django.urls import reverse

    from jornada.backoffice.stages import BOARD_ORDER

    board = reverse("backoffice:order_board")
    found = {
        "board: all orders": board,
        "board: live counts": reverse("backoffice:order_counts"),
        "board: filters UF + payment + channel": f"{board}?uf=SP&payment_method=pix&channel=phone",
        "board: search number": f"{board}?q={sample['number']}",
        "board: search CPF": f"{board}?q={sample['document']}",
        "board: search email": f"{board}?q={sample['email']}",
        "board: search name": f"{board}?q={sample['name']}",
        "order page (customer with 10 orders)": reverse(
            "backoffice:order_detail", args=[sample["number"]]
        ),
        "settings: store": reverse("backoffice:store_settings"),
        "settings: staff": reverse("backoffice:staff_list"),
        "activity log": reverse("backoffice:action_log"),
    }
    for stage in BOARD_ORDER:
        found[f"board: {stage.value}"] = f"{board}?stage={stage.value}"
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="jornada-bench-backoffice-"))
    os.environ.update(
        DATABASE_URL=prepare_database(args.db, workdir),
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

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    sample = load(args.orders)
    print(f"loaded {args.orders:,} orders on {args.db} in {time.perf_counter() - started:.1f} s")
    if args.db == "sqlite":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    owner = get_user_model().objects.create_superuser("bench", "bench@loja.example", "x")
    client = Client()
    client.force_login(owner)

    results = []
    for name, url in pages(sample).items():
        timings = []
        for _ in range(args.runs + 1):
            began = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - began) * 1000)
            if response.status_code != 200:
                print(f"{name}: HTTP {response.status_code} for {url}")
                return 1
        timings = timings[1:]  # the first request warms caches (templates, store profile)
        results.append((max(timings), statistics.median(timings), name))

    print(f"\n{'page':45} {'median ms':>10} {'worst ms':>10}")
    for worst, median, name in sorted(results, reverse=True):
        flag = "  <-- over target" if worst > TARGET_MS else ""
        print(f"{name:45} {median:10.1f} {worst:10.1f}{flag}")
    slow = [name for worst, _median, name in results if worst > TARGET_MS]
    print(f"\ntarget: every page under {TARGET_MS:.0f} ms; over it: {len(slow)}")
    return 1 if args.check and slow else 0


if __name__ == "__main__":
    sys.exit(main())

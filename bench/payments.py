"""Payments hot paths, in one process on a fresh database (SQLite by default).

    .venv/bin/python bench/payments.py [--orders 300] [--db sqlite|postgres]

Each figure is shown with its ratio to a baseline measured in the same run:

- webhooks/s: signed sandbox "paid" webhooks through the whole HTTP stack (middleware,
  signature and timestamp check, raw payload stored, dedupe, locked transition, order
  paid, domain events); baseline: the bare durable minimum, one ``WebhookEvent`` insert
  per transaction.
- replays/s: the same webhooks delivered again (deduplicated, nothing changes);
  same baseline.
- signature checks/s: ``standard_verify``; baseline: one HMAC-SHA256 of the same bytes.
- card payments/s end to end: order placed, payment opened by the handler, card token
  submitted, sandbox confirmation through timers and signed webhooks delivered in-process
  by the worker's task runner, order paid; baseline: order placement alone.
- exactness: every instalment plan charged and every refund spread over instalments
  sums to the cent, and ``reconcile`` finds no mismatch with the sandbox's settlement
  report (counts printed; any other value is a bug).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def line(label: str, value: float, unit: str, baseline: float, baseline_label: str) -> None:
    ratio = value / baseline if baseline else float("nan")
    print(
        f"{label:<34} {value:>10,.0f} {unit:<12} baseline {baseline:>10,.0f} "
        f"({baseline_label})  ratio {ratio:.2f}x"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="jornada-bench-payments-"))
    os.environ["JORNADA_VAR_DIR"] = str(workdir)
    if args.db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'payments.sqlite3'}"
    else:
        import psycopg

        admin = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS jornada_bench_payments")
            conn.execute("CREATE DATABASE jornada_bench_payments")
        os.environ["DATABASE_URL"] = admin.rsplit("/", 1)[0] + "/jornada_bench_payments"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="jornada.settings",
        JORNADA_SANDBOX_CONFIRM_SECONDS="0",
        JORNADA_SANDBOX_PIX_PAY_SECONDS="0",
        JORNADA_LOG_LEVEL="ERROR",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return run(args.orders)


def run(n: int) -> int:
    import hashlib
    import hmac
    import json
    import random

    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from jornada.brazil.documents import cpf_generate
    from jornada.catalog.models import Product, Variant
    from jornada.core import registry as registry_module
    from jornada.core.testing import worker_drain
    from jornada.customers.types import CustomerInput
    from jornada.orders.models import Order
    from jornada.orders.pricing import rules_from_settings
    from jornada.orders.services import order_place
    from jornada.orders.types import Actor, AddressInput, LineInput, OrderInput
    from jornada.payments.adapters.base import standard_signature, standard_verify
    from jornada.payments.adapters.sandbox import (
        SandboxGateway,
        sandbox_card_token,
        settlement_parse,
    )
    from jornada.payments.models import Payment, SandboxCharge, WebhookEvent
    from jornada.payments.plans import charge_plan, refund_split
    from jornada.payments.reconciliation import reconcile, records_between
    from jornada.payments.services import CardInput, payment_card_submit
    from jornada.wiring import TIMER_JOBS

    rng = random.Random(6)
    product = Product.objects.create(name="Camiseta", slug="camiseta")
    Variant.objects.create(
        product=product,
        sku="CAM-M",
        options={"t": "M"},
        price=Decimal("59.90"),
        weight_grams=200,
        length_mm=300,
        width_mm=200,
        height_mm=20,
    )

    def order(method: str, instalments: int = 1) -> Order:
        data = OrderInput(
            customer=CustomerInput(
                name="Maria da Silva",
                document=cpf_generate(rng),
                email="maria+expire@example.com.br",
                phone="(11) 98765-4321",
                preferred_channel="email",
            ),
            shipping_address=AddressInput(
                logradouro="Avenida Paulista",
                numero="1000",
                bairro="Bela Vista",
                cidade="São Paulo",
                uf="SP",
                cep="01310-100",
            ),
            lines=(LineInput("CAM-M", 2),),
            payment_method=method,
            instalments=instalments,
        )
        return order_place(data=data, actor=Actor.customer("Maria")).order

    def drain() -> None:
        worker_drain(rounds=10_000)

    handlers = {
        "orders.OrderPlaced": ("jornada.payments.handlers.on_order_placed",),
        "orders.OrderCancelled": ("jornada.payments.handlers.on_order_cancelled",),
    }
    jobs = {k: v for k, v in TIMER_JOBS.items() if k.startswith("payments.")}
    with registry_module.override(handlers=handlers, jobs=jobs, periodic={}):
        # --- baseline: order placement alone, then the card payments end to end -----
        started = time.perf_counter()
        for _ in range(n):
            order("pix")
        placement = rate(n, time.perf_counter() - started)
        drain()  # opens the Pix payments (never paid by the sandbox: "+expire")

        started = time.perf_counter()
        for i in range(n):
            o = order("credit_card", instalments=1 + i % 6)
            drain()
            payment_card_submit(
                order_id=o.pk,
                card=CardInput(
                    token=sandbox_card_token("4111111111111111"), brand="visa", last4="1111"
                ),
            )
            drain()
        card_rate = rate(n, time.perf_counter() - started)
        paid_cards = Payment.objects.filter(method="credit_card", status="paid").count()

        # --- webhooks ------------------------------------------------------------------
        from django.conf import settings

        pix = list(Payment.objects.filter(method="pix", status="pending"))
        # the payers paid at the gateway: its books say so; Jornada learns it by webhook
        SandboxCharge.objects.filter(method="pix").update(status="paid")
        bodies = []
        for p in pix:
            event_id = f"evt_bench_{p.pk}"
            body = json.dumps(
                {
                    "id": event_id,
                    "type": "charge.paid",
                    "created": timezone.now().isoformat(),
                    "data": {
                        "reference": p.reference,
                        "external_reference": str(p.pk),
                        "status": "paid",
                        "amount": f"{p.amount:.2f}",
                        "refunded": "0.00",
                        "reason": "",
                    },
                }
            ).encode()
            bodies.append((event_id, body))
        client = Client(HTTP_HOST="localhost")

        def deliver_all() -> None:
            for event_id, body in bodies:
                ts = int(time.time())
                sig = standard_signature(
                    secret=settings.SANDBOX_WEBHOOK_SECRET, msg_id=event_id, timestamp=ts, body=body
                )
                answer = client.post(
                    "/api/v1/payments/webhooks/sandbox",
                    data=body,
                    content_type="application/json",
                    headers={
                        "webhook-id": event_id,
                        "webhook-timestamp": str(ts),
                        "webhook-signature": sig,
                    },
                )
                assert answer.status_code == 200, answer.content

        started = time.perf_counter()
        deliver_all()
        webhook_rate = rate(len(bodies), time.perf_counter() - started)
        started = time.perf_counter()
        deliver_all()
        replay_rate = rate(len(bodies), time.perf_counter() - started)
        paid_pix = Payment.objects.filter(method="pix", status="paid").count()

        started = time.perf_counter()
        for i in range(len(bodies)):
            with transaction.atomic():
                WebhookEvent.objects.create(
                    gateway="baseline",
                    event_id=f"b{i}",
                    event_type="x",
                    outcome="ignored",
                    raw_body=bodies[i][1].decode(),
                )
        insert_rate = rate(len(bodies), time.perf_counter() - started)

    # --- signatures -------------------------------------------------------------------
    body = bodies[0][1]
    secret = "whsec_" + "A" * 40
    ts = int(time.time())
    headers = {
        "webhook-id": "evt",
        "webhook-timestamp": str(ts),
        "webhook-signature": standard_signature(
            secret=secret, msg_id="evt", timestamp=ts, body=body
        ),
    }
    rounds = 20000
    now = timezone.now()
    started = time.perf_counter()
    for _ in range(rounds):
        standard_verify(secret=secret, headers=headers, body=body, now=now, tolerance=300)
    verify_rate = rate(rounds, time.perf_counter() - started)
    key = secret.encode()
    started = time.perf_counter()
    for _ in range(rounds):
        hmac.new(key, body, hashlib.sha256).digest()
    hmac_rate = rate(rounds, time.perf_counter() - started)

    # --- exactness --------------------------------------------------------------------
    policy = rules_from_settings().instalments
    off_by = 0
    for cents in range(6000, 6000 + 2000 * 7, 7):
        total = Decimal(cents) / 100
        for count in (1, 2, 3, 6, 10, 12):
            try:
                plan = charge_plan(
                    total=total, currency="BRL", count=count, policy=policy, card=True
                )
            except ValueError:
                continue
            if sum(plan.instalments) != plan.amount:
                off_by += 1
            half = (plan.amount / 3).quantize(Decimal("0.01"))
            first = refund_split(plan.instalments, [Decimal(0)] * count, half)
            rest = refund_split(plan.instalments, list(first), plan.amount - half)
            if [a + b for a, b in zip(first, rest, strict=True)] != list(plan.instalments):
                off_by += 1
    today = timezone.localdate()
    report = SandboxGateway().settlement_report(start=today, end=today)
    mismatches = reconcile(
        records_between(gateway="sandbox", start=today, end=today), settlement_parse(report)
    )

    print(f"payments bench: {n} orders per figure, {Order.objects.count()} orders in all")
    line("signed webhooks applied", webhook_rate, "webhooks/s", insert_rate, "bare insert/txn")
    line(
        "replayed webhooks (deduplicated)",
        replay_rate,
        "webhooks/s",
        insert_rate,
        "bare insert/txn",
    )
    line("signature checks", verify_rate, "checks/s", hmac_rate, "one HMAC-SHA256")
    line("card payments end to end", card_rate, "payments/s", placement, "order placement")
    print(
        f"paid by card {paid_cards}/{n}, Pix paid by webhook {paid_pix}/{len(pix)}, "
        f"sandbox charges {SandboxCharge.objects.count()}"
    )
    print(
        f"instalment plans or refund splits off by a cent: {off_by}; reconcile mismatches: {len(mismatches)}"
    )
    ok = paid_cards == n and paid_pix == len(pix) and off_by == 0 and not mismatches
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Messages rendered and handed to the sandbox channel per second, through the real queue.

    .venv/bin/python bench/notifications.py [--orders 2000] [--db sqlite|postgres|both] [--check]

Set-up (not timed): a migrated database, the default journeys and templates, and
``--orders`` placed orders (half the customers prefer WhatsApp, half email). Timed: two
``jornada worker`` processes run while one writer publishes, per order, the carrier's
``shipping.ShipmentDispatched`` and ``shipping.TrackingUpdated`` (out for delivery), each
in its own transaction (as the shipping app does); every event goes through the outbox
to the journeys handler (and the outbound-webhooks handler), which enters the order into
the default journey for that event and renders and hands over one message on the
customer's channel. The figure is messages handed to the sandbox (``sent_at`` set) per
second, from the first publish to the last message sent. The sandbox's delivery
receipts are switched off here: they are the provider's later callbacks (tested on their
own), not part of rendering and handing a message over.

The baseline, measured in the same run on the same database with the same two workers,
is the queue's own ceiling: as many events as messages, delivered to a no-op handler.
Quiet hours are switched off so the figure does not depend on the time of day.
Target: >= 500 messages/s on SQLite with two workers.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchdb import fresh_database

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
TARGET_SQLITE = 500.0


def child_env(url: str, workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="jornada.settings",
        JORNADA_VAR_DIR=str(workdir),
        JORNADA_EXTRA_WIRING="outbox_wiring",
        JORNADA_LOG_LEVEL="WARNING",
        JORNADA_NOTIFY_QUIET_START="00:00",
        JORNADA_NOTIFY_QUIET_END="00:00",
        JORNADA_NOTIFY_SANDBOX_RECEIPT_SECONDS="0",
        PYTHONPATH=os.pathsep.join([str(BENCH), env.get("PYTHONPATH", "")]),
    )
    return env


def seed(orders: int) -> list[tuple[int, str, int, str, str]]:
    """Place ``orders`` orders without delivering their events; returns event fields."""
    import random

    from jornada.brazil.documents import cpf_generate
    from jornada.catalog.models import Product, Variant
    from jornada.core import registry
    from jornada.customers.types import CustomerInput
    from jornada.orders.services import order_place
    from jornada.orders.types import Actor, AddressInput, LineInput, OrderInput

    shirt = Product.objects.create(name="Camiseta Jornada", slug="camiseta-bench")
    Variant.objects.create(
        product=shirt,
        sku="CAM-M",
        options={"tamanho": "M"},
        price=Decimal("59.90"),
        weight_grams=220,
        length_mm=300,
        width_mm=200,
        height_mm=20,
    )
    rng = random.Random(7)
    rows = []
    with registry.override(handlers={}):
        for n in range(orders):
            customer = CustomerInput(
                name=f"Cliente {n}",
                document=cpf_generate(rng),
                email=f"cliente{n}@example.com",
                phone="(11) 98765-4321",
                preferred_channel="whatsapp" if n % 2 else "email",
            )
            data = OrderInput(
                customer=customer,
                shipping_address=AddressInput(
                    logradouro="Avenida Paulista",
                    numero="1000",
                    bairro="Bela Vista",
                    cidade="São Paulo",
                    uf="SP",
                    cep="01310-100",
                ),
                lines=(LineInput("CAM-M", 2),),
                payment_method="pix",
            )
            order = order_place(data=data, actor=Actor.customer()).order
            rows.append(
                (order.pk, order.number, order.customer_id, str(order.grand_total), order.channel)
            )
    return rows


def stage_events() -> tuple[Any, Any]:
    """The two carrier events, with exactly the payloads of docs/events.md."""
    from jornada.core.events import DomainEvent

    @dataclass(frozen=True, kw_only=True)
    class ShipmentDispatched(DomainEvent):
        """Exactly the payload of docs/events.md."""

        event_type = "shipping.ShipmentDispatched"
        order_id: int
        shipment_id: int
        carrier: str
        service: str
        tracking_code: str
        tracking_url: str
        promised_date: str
        label_document_id: int | None

    @dataclass(frozen=True, kw_only=True)
    class TrackingUpdated(DomainEvent):
        event_type = "shipping.TrackingUpdated"
        order_id: int
        shipment_id: int
        tracking_code: str
        status: str
        description: str
        location: str
        occurred_at: str

    return ShipmentDispatched, TrackingUpdated


def publish_stage_events(rows: list[tuple[int, str, int, str, str]]) -> None:
    from jornada.core.events import event_publish

    ShipmentDispatched, TrackingUpdated = stage_events()
    for order_id, *_ in rows:
        code = f"AA{order_id:08d}5BR"
        event_publish(
            ShipmentDispatched(
                order_id=order_id,
                shipment_id=order_id,
                carrier="Correios",
                service="SEDEX",
                tracking_code=code,
                tracking_url=f"https://rastreio.example/{code}",
                promised_date="2026-12-10",
                label_document_id=None,
            ),
            aggregate=f"order:{order_id}",
        )
        event_publish(
            TrackingUpdated(
                order_id=order_id,
                shipment_id=order_id,
                tracking_code=code,
                status="out_for_delivery",
                description="Objeto saiu para entrega ao destinatário",
                location="CDD Bela Vista",
                occurred_at="2026-12-09T09:00:00-03:00",
            ),
            aggregate=f"order:{order_id}",
        )


def publish_noop(count: int) -> None:
    from outbox_wiring import BenchNoop

    from jornada.core.events import event_publish

    for n in range(count):
        event_publish(BenchNoop(n=n))


def wait_for(count_fn: object, target: int, timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while count_fn() < target:  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {count_fn()} of {target} after {timeout}s")  # type: ignore[operator]
        time.sleep(0.02)


def run_one(db: str, orders: int) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory(prefix="jornada-bench-") as tmp:
        workdir = Path(tmp)
        url = fresh_database(db, workdir, "jornada_bench_notifications")
        env = child_env(url, workdir)
        subprocess.run([sys.executable, "-m", "jornada", "migrate", "-v", "0"], env=env, check=True)
        os.environ.update(env)
        sys.path.insert(0, str(BENCH))
        import django

        django.setup()
        from django.db import connections

        from jornada.core.models import EventDelivery, WorkStatus
        from jornada.notifications.models import Message

        def sent() -> int:
            return Message.objects.filter(
                template_key__in=("order_shipped", "out_for_delivery"), sent_at__isnull=False
            ).count()

        rows = seed(orders)
        expected = 2 * orders
        workers = [
            subprocess.Popen([sys.executable, "-m", "jornada", "worker"], env=env) for _ in range(2)
        ]
        try:
            time.sleep(2.0)  # let both workers boot before the clock starts
            # baseline: the queue alone, as many no-op events as there will be messages
            started = time.perf_counter()
            publish_noop(expected)
            published_noop = time.perf_counter() - started
            wait_for(
                lambda: EventDelivery.objects.filter(
                    status=WorkStatus.DONE, handler="outbox_wiring.noop"
                ).count(),
                expected,
            )
            baseline = expected / (time.perf_counter() - started)
            # the figure: events -> journeys -> rendered messages handed to the sandbox
            started = time.perf_counter()
            publish_stage_events(rows)
            published = time.perf_counter() - started
            wait_for(sent, expected)
            figure = expected / (time.perf_counter() - started)
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(timeout=30)
        total = sent()
        connections.close_all()
        print(
            f"  (the writer published the no-op events in {published_noop:.1f} s, "
            f"the carrier events in {published:.1f} s)"
        )
        return figure, baseline, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the SQLite target is missed"
    )
    args = parser.parse_args()
    if args.db == "both":  # one process per database: Django binds one per process
        codes = [
            subprocess.call(
                [sys.executable, __file__, "--db", db, "--orders", str(args.orders)]
                + (["--check"] if args.check else [])
            )
            for db in ("sqlite", "postgres")
        ]
        return max(codes)
    figure, baseline, total = run_one(args.db, args.orders)
    line = (
        f"notifications {args.db:8s} messages={total} rendered+handed to sandbox="
        f"{figure:,.0f} messages/s (2 workers)  baseline no-op queue={baseline:,.0f} events/s  "
        f"ratio={figure / baseline:.2f}"
    )
    ok = True
    if args.db == "sqlite":
        ok = figure >= TARGET_SQLITE
        line += f"  target>={TARGET_SQLITE:,.0f}: {'met' if ok else 'MISSED'}"
    print(line, flush=True)
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""A big store in bulk: ``bulk_load(100_000)`` fills a database the way a busy shop looks
after three months, for the back-office scale test and ``bench/backoffice.py``.

Orders are spread over 90 days with statuses that follow their age (recent orders in the
working stages, a few stragglers late, the rest delivered or closed), each with its lines,
its timeline, its delivery promise and its payment (a few refunded); the shipped ones with
a shipment (Correios S10 codes and a private carrier's, some late or at risk, some made
today); about two messages per order on several channels and statuses, with the journey
runs that sent them; packages for the orders being packed; stock for a few hundred SKUs at
two locations; purchase orders with their lines; and the staff's activity log.

Rows are written with plain multi-row INSERTs (``jornada.core.db.insert_rows``) carrying
their own ids, in batches, with no service and no signal: 100,000 orders load in well under
a minute on SQLite. The database's sequences are moved past the ids used at the end.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.urls import reverse

#: the most bind parameters one INSERT may carry (SQLite's default is 32,766; PostgreSQL 65,535)
MAX_PARAMS = 30_000
SAO_PAULO = ZoneInfo("America/Sao_Paulo")
UFS = ["SP", "RJ", "MG", "RS", "BA", "PR", "PE", "CE"]
METHODS = ["credit_card", "pix", "boleto", "debit_card", "paypal"]
CHANNELS = ["online_store", "marketplace", "whatsapp", "phone"]
SKU_COUNT = 300
#: the customer with many orders (one order in HEAVY_EVERY is theirs)
HEAVY_EVERY = 500

# (oldest age in days, {status: weight}): a store's orders move on as they age, so the
# working stages hold the recent ones and a few stragglers (which show as late).
STATUS_BY_AGE: list[tuple[float, dict[str, int]]] = [
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
PAID = {
    "paid",
    "on_hold",
    "validated",
    "in_fulfilment",
    "partially_shipped",
    "shipped",
    "delivered",
    "completed",
    "return_requested",
    "returned",
}
SHIPPED = {
    "partially_shipped",
    "shipped",
    "delivered",
    "completed",
    "return_requested",
    "returned",
    "partially_refunded",
}
DELIVERED = {"delivered", "completed", "return_requested", "returned", "partially_refunded"}
WAITING_TO_SHIP = {"paid", "on_hold", "validated", "in_fulfilment"}
MESSAGE_STATUSES = {"delivered": 50, "sent": 20, "read": 12, "failed": 4, "skipped": 6, "queued": 2}
SKIP_REASONS = ["no_consent", "opted_out", "no_contact"]


def status_for_age(age_days: float, rng: random.Random) -> str:
    for oldest, weights in STATUS_BY_AGE:
        if age_days <= oldest:
            return rng.choices(list(weights), weights=list(weights.values()))[0]
    raise AssertionError("unreachable")


def _batches(rows: Iterable[list[Any]], size: int) -> Iterator[list[list[Any]]]:
    batch: list[list[Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _sqlite_datetime(value: dt.datetime | None) -> str | None:
    """Django's SQLite text for an aware datetime: naive UTC, ``2026-11-23 13:56:01.5``."""
    if value is None:
        return None
    if value.tzinfo is not dt.UTC:
        value = value.astimezone(dt.UTC)
    return value.isoformat(" ")[:-6]  # without "+00:00"


def _converter(field: models.Field[Any, Any]) -> Any:
    """How one column's Python values become parameters, without the ORM's per-value
    round trip (which costs more than the INSERT itself at this volume). Values are
    what the ORM would store: naive UTC text for SQLite datetimes, JSON text, UUID hex."""
    sqlite = connection.vendor == "sqlite"
    if isinstance(field, models.DateTimeField):
        if sqlite:
            return _sqlite_datetime
        return None
    if isinstance(field, models.DateField):
        return (lambda v: None if v is None else v.isoformat()) if sqlite else None
    if isinstance(field, models.JSONField):
        return json.dumps
    if isinstance(field, models.UUIDField):
        return (lambda v: v.hex) if sqlite else None
    if isinstance(field, models.ForeignKey | models.DecimalField | models.BooleanField):
        return None  # ids, Decimals and bools go to both drivers as they are
    if isinstance(field, models.CharField | models.TextField | models.IntegerField):
        return None
    if isinstance(field, models.GenericIPAddressField):
        return None
    return lambda v: field.get_db_prep_save(v, connection)


class _Writer:
    """Rows per model, written in multi-row INSERTs as large as the database takes."""

    def __init__(self) -> None:
        self.models: list[type[models.Model]] = []
        self.counts: dict[str, int] = {}

    def next_id(self, model: type[models.Model]) -> int:
        return int(model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1

    def insert(
        self, model: type[models.Model], names: tuple[str, ...], rows: Iterable[tuple[Any, ...]]
    ) -> None:
        meta = model._meta
        given: list[Any] = [meta.get_field(name) for name in names]
        # Django's defaults live in Python, not in the tables: every column not given
        # gets its field's default (the same for the whole call).
        rest: list[Any] = [f for f in meta.concrete_fields if f not in given and not f.primary_key]
        fields = [*given, *rest]
        tail = tuple(f.get_default() for f in rest)
        converters = [(k, c) for k, f in enumerate(fields) if (c := _converter(f)) is not None]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        table = quote(meta.db_table)

        def prepared() -> Iterator[list[Any]]:
            for row in rows:
                values = list(row + tail)
                for k, convert in converters:
                    values[k] = convert(values[k])
                yield values

        written = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY: a multi-row INSERT with thousands of parameters is slow to bind.
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for values in prepared():
                        copy.write_row(values)
                        written += 1
            else:
                row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
                for batch in _batches(prepared(), max(1, MAX_PARAMS // len(fields))):
                    # Table and column names come from the models' metadata, never input.
                    sql = f"INSERT INTO {table} ({columns}) VALUES " + ", ".join(
                        [row_sql] * len(batch)
                    )
                    params = [value for values in batch for value in values]
                    # Straight to sqlite3 with its own "?" marks: Django's wrapper would
                    # rewrite every "%s" of a statement this long with a regex first.
                    sqlite3.Cursor.execute(cursor.cursor, sql.replace("%s", "?"), params)
                    written += len(batch)
        if model not in self.models:
            self.models.append(model)
        self.counts[meta.label] = self.counts.get(meta.label, 0) + written

    def reset_sequences(self) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), self.models)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def bulk_load(count: int, *, seed: int = 7) -> dict[str, Any]:
    """Load ``count`` orders and everything around them; returns sample values to look
    pages up with (numbers, ids, search terms) and ``counts`` (rows per model)."""
    with transaction.atomic():
        sample = _load(count, random.Random(seed))
    # Fresh statistics, as a live database keeps them; outside a transaction PostgreSQL
    # also vacuums (what autovacuum does to a table that got this many rows), so its
    # index-only scans work as they would in production.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    return sample


def _load(count: int, rng: random.Random) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from jornada.backoffice.models import StaffAction
    from jornada.brazil.documents import cpf_check_digits
    from jornada.brazil.tracking import s10_build
    from jornada.catalog.models import Product, Variant
    from jornada.customers.models import Customer
    from jornada.fulfillment.models import Box, Fulfillment, Package, PackageItem
    from jornada.inventory.models import (
        Location,
        PurchaseOrder,
        PurchaseOrderLine,
        Sourcing,
        StockLevel,
        StockMovement,
        Supplier,
    )
    from jornada.journeys.models import Journey, JourneyRun
    from jornada.notifications.models import Message, MessageTemplate
    from jornada.orders.models import Order, OrderEvent, OrderLine
    from jornada.payments.models import Payment, Refund
    from jornada.shipping.models import CarrierService, DeliveryPromise, Shipment

    w = _Writer()
    now = dt.datetime.now(dt.UTC)
    today = now.astimezone(SAO_PAULO).date()

    # --- catalog: SKU_COUNT variants, five sizes of each product --------------------------
    sizes = ["P", "M", "G", "GG", "XG"]
    products = Product.objects.bulk_create(
        Product(name=f"Produto {p:03d}", slug=f"produto-{p:03d}", is_fragile=p % 7 == 0)
        for p in range(SKU_COUNT // len(sizes))
    )
    variants = Variant.objects.bulk_create(
        Variant(
            product=product,
            sku=f"P{p:03d}-{size}",
            options={"tamanho": size},
            price=Decimal("59.90") + p,
            weight_grams=200 + 10 * p,
            length_mm=300,
            width_mm=200,
            height_mm=20,
        )
        for p, product in enumerate(products)
        for size in sizes
    )

    # --- customers ---------------------------------------------------------------------------
    customer_count = max(count // 10, 2)
    customer_base = w.next_id(Customer)
    customers = []
    for i in range(customer_count):
        body = f"{123_456_789 + i * 7:09d}"  # distinct bodies, so distinct CPFs
        document = body + cpf_check_digits(body)
        phone = f"+55119{rng.randrange(10**8):08d}" if i % 2 == 0 else ""
        name, email = f"Cliente {i:05d} da Silva", f"cliente{i}@example.com.br"
        customers.append((customer_base + i, name, document, email, phone))
    w.insert(
        Customer,
        (
            "id",
            "name",
            "document",
            "document_kind",
            "email",
            "phone_e164",
            "phone_is_mobile",
            "source",
            "order_count",
            "created_at",
            "updated_at",
        ),
        (
            (cid, name, document, "cpf", email, phone, bool(phone), "online_store", 0, now, now)
            for cid, name, document, email, phone in customers
        ),
    )

    # --- orders, lines, timeline -----------------------------------------------------------
    order_base = w.next_id(Order)
    orders: list[tuple[int, str, str, dt.datetime, dt.datetime, str, int]] = []
    # (id, number, status, placed, moved, method, customer index)
    for i in range(count):
        age = dt.timedelta(minutes=rng.randrange(90 * 24 * 60))
        placed = now - age
        moved = placed + min(age, dt.timedelta(hours=rng.randrange(1, 72)))
        status = status_for_age(age.total_seconds() / 86400, rng)
        who = 0 if i % HEAVY_EVERY == 0 else i % customer_count
        orders.append(
            (order_base + i, str(100_001 + i), status, placed, moved, rng.choice(METHODS), who)
        )
    order_names = (
        "id",
        "number",
        "status",
        "channel",
        "language",
        "customer",
        "customer_name",
        "customer_document",
        "customer_email",
        "customer_phone",
        "recipient_name",
        "ship_logradouro",
        "ship_numero",
        "ship_complemento",
        "ship_bairro",
        "ship_cidade",
        "ship_uf",
        "ship_cep",
        "payment_method",
        "instalments",
        "gift_wrap",
        "gift_message",
        "coupon_code",
        "currency",
        "subtotal",
        "shipping_total",
        "gift_wrap_total",
        "discount_total",
        "grand_total",
        "item_count",
        "weight_grams",
        "placed_at",
        "updated_at",
        "cancel_reason",
    )
    zero = Decimal("0.00")

    def order_rows() -> Iterator[tuple[Any, ...]]:
        for oid, number, status, placed, moved, method, who in orders:
            cid, name, document, email, phone = customers[who]
            yield (
                oid,
                number,
                status,
                CHANNELS[oid % len(CHANNELS)],
                "pt-br",
                cid,
                name,
                document,
                email,
                phone,
                name,
                "Avenida Paulista",
                "1000",
                "",
                "Bela Vista",
                "São Paulo",
                UFS[oid % len(UFS)],
                "01310100",
                method,
                1,
                False,
                "",
                "",
                "BRL",
                Decimal("119.80"),
                Decimal("19.90"),
                zero,
                zero,
                Decimal("139.70"),
                2,
                400,
                placed,
                moved,
                "desistiu da compra" if status == "cancelled" else "",
            )

    w.insert(Order, order_names, order_rows())
    line_of = [variants[oid % len(variants)] for oid, *_rest in orders]
    second_of = [variants[(oid * 7) % len(variants)] for oid, *_rest in orders]
    line_base = w.next_id(OrderLine)
    w.insert(
        OrderLine,
        (
            "id",
            "order",
            "position",
            "variant",
            "sku",
            "product_name",
            "variant_label",
            "quantity",
            "unit_price",
            "line_total",
            "weight_grams",
            "handling",
        ),
        (
            (
                line_base + 2 * n + k,
                order[0],
                k + 1,
                variant.pk,
                variant.sku,
                "Camiseta Jornada",
                "Tamanho: M",
                1,
                Decimal("59.90"),
                Decimal("59.90"),
                200,
                [],
            )
            for n, order in enumerate(orders)
            for k, variant in enumerate((line_of[n], second_of[n]))
        ),
    )
    event_base = w.next_id(OrderEvent)
    events: list[tuple[Any, ...]] = []
    for oid, _number, status, placed, moved, _method, _who in orders:
        events.append(
            (
                event_base + len(events),
                oid,
                "placed",
                "customer",
                "",
                {"channel": "online_store", "grand_total": "139.70"},
                placed,
            )
        )
        if status != "placed":
            events.append(
                (
                    event_base + len(events),
                    oid,
                    "status_changed",
                    "system",
                    "Jornada",
                    {"from": "placed", "to": status},
                    moved,
                )
            )
    w.insert(
        OrderEvent,
        ("id", "order", "type", "actor_kind", "actor_label", "params", "created_at"),
        events,
    )
    del events

    # --- delivery promises and shipments ------------------------------------------------------
    services = {s.code: s for s in CarrierService.objects.select_related("carrier")}
    pac, sedex, rapido = (
        services["correios-pac"],
        services["correios-sedex"],
        services["rapido-padrao"],
    )
    service_of = [(pac, sedex, rapido)[oid % 3] for oid, *_rest in orders]
    promise_base = w.next_id(DeliveryPromise)
    w.insert(
        DeliveryPromise,
        (
            "id",
            "order",
            "service",
            "promised_date",
            "processing_days",
            "supplier_days",
            "carrier_days",
            "computed_at",
        ),
        (
            (
                promise_base + n,
                oid,
                service_of[n].pk,
                (placed.astimezone(SAO_PAULO) + dt.timedelta(days=5 + oid % 6)).date(),
                1,
                0,
                3 + oid % 5,
                placed,
            )
            for n, (oid, _num, _st, placed, _mv, _m, _w) in enumerate(orders)
        ),
    )
    shipment_base = w.next_id(Shipment)
    serials = {"PA": 10_000_000, "SX": 20_000_000}
    shipments: list[tuple[Any, ...]] = []
    sample_tracking: dict[str, str] = {}
    for n, (oid, _number, status, placed, moved, _method, _who) in enumerate(orders):
        if status not in SHIPPED:
            continue
        service = service_of[n]
        if service.s10_prefix:
            serials[service.s10_prefix] += 1
            code = s10_build(service.s10_prefix, serials[service.s10_prefix])
        else:
            code = f"RAP{oid:010d}"
        sample_tracking.setdefault(service.carrier.code, code)
        promised = (placed.astimezone(SAO_PAULO) + dt.timedelta(days=5 + oid % 6)).date()
        made_today = moved.astimezone(SAO_PAULO).date() == today
        if status in DELIVERED:
            ship_status, delivered = "delivered", moved + dt.timedelta(days=3)
        elif made_today:
            ship_status, delivered = "created", None
        else:
            ship_status, delivered = ("in_transit", "posted")[oid % 2], None
        still_open = delivered is None
        shipments.append(
            (
                shipment_base + len(shipments),
                oid,
                service.pk,
                [],
                code,
                ship_status,
                400,
                Decimal("139.70"),
                Decimal("19.90"),
                promised,
                promised,
                moved if delivered is None else delivered,
                still_open and oid % 5 == 1 and promised >= today,
                still_open and promised < today,
                moved,
                None if made_today else moved + dt.timedelta(hours=6),
                delivered,
                moved if delivered is None else delivered,
            )
        )
    w.insert(
        Shipment,
        (
            "id",
            "order",
            "service",
            "package_ids",
            "tracking_code",
            "status",
            "weight_grams",
            "declared_value",
            "price",
            "promised_date",
            "estimated_date",
            "last_event_at",
            "at_risk",
            "late",
            "created_at",
            "posted_at",
            "delivered_at",
            "updated_at",
        ),
        shipments,
    )
    shipment_count = len(shipments)
    del shipments

    # --- payments and refunds --------------------------------------------------------------------
    payment_base = w.next_id(Payment)
    payments: list[tuple[Any, ...]] = []
    refunds: list[tuple[Any, ...]] = []
    refund_base = w.next_id(Refund)
    amount = Decimal("139.70")
    for oid, _number, status, placed, moved, method, _who in orders:
        pid = payment_base + len(payments)
        refunded = zero
        paid_at = None
        if status in PAID:
            pay_status, paid_at = "paid", placed + dt.timedelta(minutes=5)
        elif status == "refunded":
            pay_status, refunded, paid_at = "refunded", amount, placed + dt.timedelta(minutes=5)
        elif status == "partially_refunded":
            pay_status, refunded = "partially_refunded", Decimal("59.90")
            paid_at = placed + dt.timedelta(minutes=5)
        elif status == "cancelled":
            pay_status = ("expired", "failed")[oid % 2]
        else:
            pay_status = "pending"
        if refunded:
            refunds.append(
                (
                    refund_base + len(refunds),
                    pid,
                    refunded,
                    "original",
                    "issued",
                    "produto com defeito",
                    f"rf-{oid}",
                    "Fernanda (financeiro)",
                    moved,
                    moved,
                )
            )
        card = method in ("credit_card", "debit_card")
        payments.append(
            (
                pid,
                oid,
                method,
                "sandbox",
                pay_status,
                amount,
                amount,
                refunded,
                1,
                ["139.70"],
                f"ch_{oid}",
                f"bulk-{oid}",
                "visa" if card else "",
                "4242" if card else "",
                "00020126580014br.gov.bcb.pix" if method == "pix" else "",
                "Cartão recusado" if pay_status == "failed" else "",
                placed,
                moved,
                paid_at,
            )
        )
    w.insert(
        Payment,
        (
            "id",
            "order",
            "method",
            "gateway",
            "status",
            "principal",
            "amount",
            "refunded_amount",
            "instalments",
            "instalment_amounts",
            "reference",
            "idempotency_key",
            "card_brand",
            "card_last4",
            "pix_copy_paste",
            "failure_reason",
            "created_at",
            "updated_at",
            "paid_at",
        ),
        payments,
    )
    del payments
    w.insert(
        Refund,
        (
            "id",
            "payment",
            "amount",
            "destination",
            "status",
            "reason",
            "reference",
            "requested_by_label",
            "created_at",
            "decided_at",
        ),
        refunds,
    )

    # --- journeys and messages: about two per order --------------------------------------------
    journeys = {j.slug: j.pk for j in Journey.objects.all()}
    run_base = w.next_id(JourneyRun)
    message_base = w.next_id(Message)
    runs: list[tuple[Any, ...]] = []
    messages: list[tuple[Any, ...]] = []
    statuses, weights = list(MESSAGE_STATUSES), list(MESSAGE_STATUSES.values())
    for oid, _number, status, placed, moved, _method, who in orders:
        _cid, _name, _doc, email, phone = customers[who]
        sends = [("order-confirmation", "order_confirmation", "email", placed)]
        if status in SHIPPED:
            sends.append(
                ("order-shipped", "order_shipped", "whatsapp" if phone else "email", moved)
            )
        elif status == "awaiting_payment":
            sends.append(("payment-instructions", "payment_instructions", "email", placed))
        elif status == "cancelled":
            sends.append(("staff-new-order", "staff_new_order", "email", placed))
        for slug, template, channel, at in sends:
            journey = journeys.get(slug)
            run_id = run_base + len(runs)
            message_status = rng.choices(statuses, weights=weights)[0]
            if channel == "whatsapp" and oid % 50 == 0:
                channel = "sms"
            if journey is not None:
                runs.append(
                    (
                        run_id,
                        journey,
                        oid,
                        f"bulk:{slug}:{oid}",
                        uuid.UUID(int=run_id),
                        {"order_id": oid},
                        "done",
                        "",
                        0 if message_status == "skipped" else 1,
                        at,
                        at,
                        at,
                    )
                )
            sent = at + dt.timedelta(seconds=30)
            delivered_at = sent if message_status in ("delivered", "read") else None
            messages.append(
                (
                    message_base + len(messages),
                    f"bulk:{oid}:{template}:{channel}",
                    oid,
                    _cid,
                    "staff" if template == "staff_new_order" else "customer",
                    channel,
                    "transactional",
                    email if channel == "email" else phone,
                    template,
                    f"Pedido {_number}" if channel == "email" else "",
                    f"Olá! Seu pedido {_number} foi atualizado.",
                    message_status,
                    rng.choice(SKIP_REASONS) if message_status == "skipped" else "",
                    "sandbox",
                    f"pm-{oid}-{channel}",
                    1,
                    "provider timeout" if message_status == "failed" else "",
                    at,
                    run_id if journey is not None else None,
                    journey,
                    at,
                    sent if message_status not in ("skipped", "queued", "failed") else None,
                    delivered_at,
                    sent if message_status == "read" else None,
                    sent if message_status == "failed" else None,
                )
            )
    w.insert(
        JourneyRun,
        (
            "id",
            "journey",
            "order_id",
            "key",
            "event_id",
            "payload",
            "status",
            "skip_reason",
            "messages_sent",
            "due_at",
            "entered_at",
            "finished_at",
        ),
        runs,
    )
    w.insert(
        Message,
        (
            "id",
            "dedup_key",
            "order_id",
            "customer_id",
            "audience",
            "channel",
            "purpose",
            "address",
            "template_key",
            "subject",
            "body_text",
            "status",
            "skip_reason",
            "provider",
            "provider_message_id",
            "attempts",
            "last_error",
            "due_at",
            "journey_run_id",
            "journey_id",
            "created_at",
            "sent_at",
            "delivered_at",
            "read_at",
            "failed_at",
        ),
        messages,
    )
    message_count = len(messages)
    del runs, messages

    # --- packages for the orders being packed -------------------------------------------------
    box = Box.objects.filter(is_active=True).order_by("length_mm").first()
    fulfillment_base = w.next_id(Fulfillment)
    package_base = w.next_id(Package)
    item_base = w.next_id(PackageItem)
    fulfillments: list[tuple[Any, ...]] = []
    packages: list[tuple[Any, ...]] = []
    items: list[tuple[Any, ...]] = []
    for n, (oid, _number, status, _placed, moved, _method, _who) in enumerate(orders):
        if status not in ("in_fulfilment", "partially_shipped"):
            continue
        fid, pid = fulfillment_base + len(fulfillments), package_base + len(packages)
        fulfillments.append((fid, oid, "picking", "Wagner (estoque)", moved))
        packages.append(
            (pid, fid, oid, 1, "open", box.pk if box else None, 400, [], [], moved, "Wagner")
        )
        for k, variant in enumerate((line_of[n], second_of[n])):
            items.append(
                (
                    item_base + len(items),
                    pid,
                    line_base + 2 * n + k,
                    variant.sku,
                    variant.barcode,
                    "Camiseta Jornada",
                    1,
                    k,
                )
            )
    w.insert(Fulfillment, ("id", "order", "status", "started_by", "started_at"), fulfillments)
    w.insert(
        Package,
        (
            "id",
            "fulfillment",
            "order_id",
            "number",
            "status",
            "box",
            "weight_grams",
            "instructions",
            "marks",
            "created_at",
            "packed_by",
        ),
        packages,
    )
    w.insert(
        PackageItem,
        (
            "id",
            "package",
            "order_line_id",
            "sku",
            "barcode",
            "product_name",
            "quantity",
            "scanned",
        ),
        items,
    )

    # --- stock at two locations, suppliers and purchase orders ---------------------------------
    locations = [
        Location.objects.create(code="cd-sp", name="CD São Paulo", uf="SP", priority=10),
        Location.objects.create(
            code="loja-rj", name="Loja Rio", kind="store", uf="RJ", priority=20
        ),
    ]
    suppliers = Supplier.objects.bulk_create(
        Supplier(name=f"Fornecedor {k}", email=f"compras{k}@fornecedor.example") for k in range(5)
    )
    Sourcing.objects.bulk_create(
        Sourcing(
            sku=v.sku,
            supplier=suppliers[n % len(suppliers)],
            supplier_sku=f"F-{v.sku}",
            unit_cost=Decimal("25.00"),
        )
        for n, v in enumerate(variants)
    )
    level_base = w.next_id(StockLevel)
    levels = [
        (level_base + n * len(locations) + k, location.pk, v.sku, 5)
        for n, v in enumerate(variants)
        for k, location in enumerate(locations)
    ]
    w.insert(StockLevel, ("id", "location", "sku", "low_stock_threshold"), levels)
    movement_base = w.next_id(StockMovement)
    movements: list[tuple[Any, ...]] = []
    for level_id, _location, _sku, _threshold in levels:
        on_hand = rng.randrange(0, 400)
        movements.append(
            (movement_base + len(movements), level_id, "receive", on_hand, 0, "", "compra", now)
        )
        if on_hand > 10:
            movements.append(
                (movement_base + len(movements), level_id, "reserve", 0, on_hand // 10, "", "", now)
            )
    w.insert(
        StockMovement,
        ("id", "level", "kind", "d_on_hand", "d_reserved", "reason", "reference", "created_at"),
        movements,
    )
    po_base = w.next_id(PurchaseOrder)
    po_statuses = ["draft", "sent", "confirmed", "shipped", "received", "cancelled"]
    purchase_orders = [
        (
            po_base + k,
            suppliers[k % len(suppliers)].pk,
            po_statuses[k % len(po_statuses)],
            False,
            locations[k % 2].pk,
            today + dt.timedelta(days=10),
            now - dt.timedelta(days=200 - k),
        )
        for k in range(200)
    ]
    w.insert(
        PurchaseOrder,
        ("id", "supplier", "status", "dropship", "location", "expected_date", "created_at"),
        purchase_orders,
    )
    po_line_base = w.next_id(PurchaseOrderLine)
    po_lines: list[tuple[Any, ...]] = []
    for k, (po_id, *_rest) in enumerate(purchase_orders):
        for j in range(40 if k == 199 else 5):
            variant = variants[(k * 5 + j) % len(variants)]
            po_lines.append(
                (
                    po_line_base + len(po_lines),
                    po_id,
                    variant.sku,
                    f"F-{variant.sku}",
                    20,
                    10 if j % 3 == 0 else 0,
                    Decimal("25.00"),
                )
            )
    w.insert(
        PurchaseOrderLine,
        (
            "id",
            "purchase_order",
            "sku",
            "supplier_sku",
            "quantity",
            "quantity_received",
            "unit_cost",
        ),
        po_lines,
    )

    # --- the staff and their activity log: one action in five orders ---------------------------
    user_model = get_user_model()
    staff = user_model.objects.bulk_create(
        user_model(username=f"equipe{k}", first_name=f"Equipe {k}", is_staff=True) for k in range(5)
    )
    kinds = ["order_note_added", "login", "package_closed", "shipment_created", "refund_requested"]
    action_base = w.next_id(StaffAction)
    w.insert(
        StaffAction,
        (
            "id",
            "user",
            "user_label",
            "kind",
            "order_id",
            "order_number",
            "params",
            "ip_address",
            "created_at",
        ),
        (
            (
                action_base + k,
                staff[k % len(staff)].pk,
                staff[k % len(staff)].first_name,
                kinds[k % len(kinds)],
                None if kinds[k % len(kinds)] == "login" else orders[k * 5][0],
                "" if kinds[k % len(kinds)] == "login" else orders[k * 5][1],
                {} if k % 5 == 1 else {"note": "cliente ligou"},
                "192.0.2.10",
                orders[k * 5][4],
            )
            for k in range(count // 5)
        ),
    )

    w.reset_sequences()

    # --- what the pages look up ------------------------------------------------------------------
    heavy_orders = [o for o in orders if o[6] == 0]
    shown = next((o for o in reversed(heavy_orders) if o[2] in SHIPPED), heavy_orders[-1])
    packing = next((o for o in reversed(orders) if o[2] == "in_fulfilment"), orders[-1])
    last = orders[-1]
    last_customer = customers[last[6]]
    editable = MessageTemplate.objects.filter(channel="email").order_by("pk").first()
    return {
        "number": last[1],
        "document": last_customer[2],
        "email": last_customer[3],
        "name": "Cliente 00042",
        "heavy_order": shown[1],
        "heavy_orders": len(heavy_orders),
        "packing_order": packing[1],
        "tracking_codes": sample_tracking,
        "purchase_order": po_base + 199,
        "template": editable.pk if editable else None,
        "counts": {
            **w.counts,
            "shipments": shipment_count,
            "messages": message_count,
        },
    }


def page_urls(sample: dict[str, Any]) -> dict[str, str]:
    """Every GET page of the back office, by a readable name, for the sample loaded."""
    from jornada.backoffice.stages import BOARD_ORDER

    board = reverse("backoffice:order_board")
    messages = reverse("backoffice:messages")
    codes = sample["tracking_codes"]
    pages = {
        "board: all orders": board,
        "board: live counts": reverse("backoffice:order_counts"),
        "board: live counts, filtered": f"{reverse('backoffice:order_counts')}?uf=SP&carrier=correios",
        "board: filters UF + payment + channel": f"{board}?uf=SP&payment_method=pix&channel=phone",
        "board: filter carrier": f"{board}?carrier=rapido",
        "board: filter carrier, in transit": f"{board}?carrier=correios&stage=in_transit",
        "board: search number": f"{board}?q={sample['number']}",
        "board: search CPF": f"{board}?q={sample['document']}",
        "board: search email": f"{board}?q={sample['email']}",
        "board: search part of an email": f"{board}?q=cliente42@",
        "board: search name": f"{board}?q={sample['name'].replace(' ', '+')}",
        "board: search tracking code (S10)": f"{board}?q={codes['correios'].lower()}",
        "board: search tracking code (private)": f"{board}?q={codes['rapido']}",
        "order page (customer with many orders)": reverse(
            "backoffice:order_detail", args=[sample["heavy_order"]]
        ),
        "packing: find the order": reverse("backoffice:packing"),
        "packing: station": reverse("backoffice:packing_station", args=[sample["packing_order"]]),
        "shipping": reverse("backoffice:shipping_today"),
        "stock": reverse("backoffice:stock"),
        "stock: filtered by SKU": f"{reverse('backoffice:stock')}?sku=P001",
        "purchase order (40 lines)": reverse(
            "backoffice:purchase_order", args=[sample["purchase_order"]]
        ),
        "messages": messages,
        "messages: failed WhatsApp": f"{messages}?channel=whatsapp&status=failed",
        "messages: one order": f"{messages}?order={sample['heavy_order']}",
        "message templates": reverse("backoffice:message_templates"),
        "journeys": reverse("backoffice:journeys"),
        "settings: store": reverse("backoffice:store_settings"),
        "settings: staff": reverse("backoffice:staff_list"),
        "settings: payments": reverse("backoffice:payment_settings"),
        "settings: carriers": reverse("backoffice:carrier_settings"),
        "settings: boxes": reverse("backoffice:box_settings"),
        "activity log": reverse("backoffice:action_log"),
        "activity log: one order": f"{reverse('backoffice:action_log')}?order={sample['number']}",
    }
    if sample.get("template"):
        pages["message template editor"] = reverse(
            "backoffice:message_template_edit", args=[sample["template"]]
        )
    for stage in BOARD_ORDER:
        pages[f"board: {stage.value}"] = f"{board}?stage={stage.value}"
    return pages

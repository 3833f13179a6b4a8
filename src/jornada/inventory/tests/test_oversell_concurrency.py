"""No overselling, over HTTP against the real server (granian, 2 processes x 16 threads).

Each round fires 200 placements at once at a SKU with 50 units: exactly 50 are placed,
every other one answers 409 "sem estoque" naming the SKU, nothing answers 5xx, and the
ledger explains every level. Twenty rounds, on whichever database the suite runs on.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import httpx
import pytest

from jornada.api.services import api_key_create
from jornada.catalog.models import Product, Variant
from jornada.core.testing import worker_env
from jornada.inventory.models import Location, Reservation, StockLevel
from jornada.inventory.selectors import stock_audit
from jornada.inventory.services import StockActor, stock_receive
from jornada.orders.models import Order
from jornada.orders.tests.conftest import order_payload
from jornada.orders.tests.test_api_concurrency import _free_port

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROUNDS = 20
SERVE = [sys.executable, "-m", "jornada", "serve", "--workers", "2", "--threads", "16"]
REQUESTS = 200
UNITS = 50


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    """One real server (2 processes x 16 threads) for the module's tests."""
    with django_db_blocker.unblock():
        env = worker_env()
    port = _free_port()
    log = tmp_path_factory.mktemp("oversell") / "web.log"
    web = subprocess.Popen(
        [*SERVE, "--port", str(port)],
        env=env,
        stdout=open(log, "wb"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/api/v1/openapi.json", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.2)
    yield base
    web.terminate()
    web.wait(timeout=30)


def _variant(product: Product, sku: str) -> None:
    Variant.objects.create(
        product=product,
        sku=sku,
        options={"n": sku},
        price=Decimal("10.00"),
        weight_grams=100,
        length_mm=10,
        width_mm=10,
        height_mm=10,
    )


def _fire(base: str, secret: str, bodies: list[bytes]) -> list[httpx.Response]:
    """Every body at once, each on its own connection (one client: building an SSL
    context per request would make the client, not the server, the bottleneck)."""
    limits = httpx.Limits(max_connections=len(bodies), max_keepalive_connections=len(bodies))
    with httpx.Client(base_url=base, limits=limits, timeout=120) as client:

        def send(body: bytes) -> httpx.Response:
            headers = {
                "Authorization": f"Bearer {secret}",
                "Idempotency-Key": str(uuid.uuid4()),
                "Content-Type": "application/json",
                "Accept-Language": "pt-br",
            }
            return client.post("/api/v1/orders", content=body, headers=headers)

        with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
            return list(pool.map(send, bodies))


def _assert_refused_naming(response: httpx.Response, sku: str) -> None:
    assert response.status_code == 409, response.text
    error = response.json()["error"]
    assert error["code"] == "out_of_stock"
    assert error["message"] == f"Sem estoque: {sku}."
    assert any(sku in message for messages in error["fields"].values() for message in messages)


def test_two_hundred_placements_at_fifty_units_sell_exactly_fifty_every_time(server):
    # given
    product = Product.objects.create(name="Tênis edição limitada", slug="tenis")
    location = Location.objects.create(code="cd", name="CD", serves_ufs="SP")
    _, secret = api_key_create(name="Loja", scopes=["orders:write"])

    for round_ in range(ROUNDS):
        sku = f"TENIS-{round_:02d}"
        _variant(product, sku)
        stock_receive(location=location, sku=sku, quantity=UNITS, actor=StockActor())
        bodies = [
            json.dumps(order_payload(lines=[{"sku": sku, "quantity": 1}])).encode()
            for _ in range(REQUESTS)
        ]

        # when
        responses = _fire(server, secret, bodies)

        # then
        statuses = [r.status_code for r in responses]
        assert statuses.count(201) == UNITS, (round_, sorted(set(statuses)))
        for response in responses:
            if response.status_code != 201:
                _assert_refused_naming(response, sku)
        level = StockLevel.objects.get(location=location, sku=sku)
        assert (level.on_hand, level.reserved, level.available) == (UNITS, UNITS, 0)
        held = Reservation.objects.filter(sku=sku, status="reserved")
        assert held.count() == UNITS
        assert len({r.order_id for r in held}) == UNITS
    assert Order.objects.count() == ROUNDS * UNITS
    assert stock_audit() == []


def test_multi_line_orders_locking_skus_in_opposite_orders_neither_deadlock_nor_oversell(
    server,
):
    # given: every order wants one of each SKU, listed in either order
    product = Product.objects.create(name="Kit", slug="kit")
    location = Location.objects.create(code="cd", name="CD")
    _, secret = api_key_create(name="Loja", scopes=["orders:write"])
    rng = random.Random(5)
    for round_ in range(3):
        skus = [f"KIT-A{round_}", f"KIT-B{round_}"]
        for sku in skus:
            _variant(product, sku)
            stock_receive(location=location, sku=sku, quantity=UNITS, actor=StockActor())
        bodies = []
        for _ in range(REQUESTS):
            listed = skus[:] if rng.random() < 0.5 else skus[::-1]
            bodies.append(
                json.dumps(
                    order_payload(lines=[{"sku": s, "quantity": 1} for s in listed])
                ).encode()
            )

        # when
        responses = _fire(server, secret, bodies)

        # then
        statuses = [r.status_code for r in responses]
        assert statuses.count(201) == UNITS, (round_, sorted(set(statuses)))
        assert set(statuses) == {201, 409}
        for sku in skus:
            level = StockLevel.objects.get(location=location, sku=sku)
            assert (level.reserved, level.available) == (UNITS, 0)
    assert stock_audit() == []

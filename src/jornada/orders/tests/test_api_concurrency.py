"""Many identical requests at once, over HTTP against the real server."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import httpx
import pytest

from jornada.api.services import api_key_create
from jornada.catalog.models import Product, Variant
from jornada.core.testing import worker_env
from jornada.orders.models import Order
from jornada.orders.tests.conftest import order_payload

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path):  # type: ignore[no-untyped-def]
    port = _free_port()
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jornada",
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
            "--threads",
            "16",
        ],
        # The copies wait for the first request however busy the machine is (the default
        # 5 s wait would answer some of them 409 "in progress" on a loaded CI machine).
        env={**worker_env(), "JORNADA_IDEMPOTENCY_WAIT": "60"},
        stdout=open(tmp_path / "web.log", "wb"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/api/v1/openapi.json", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.2)
    yield base, tmp_path / "web.log"
    web.terminate()
    web.wait(timeout=30)


def test_a_hundred_identical_requests_at_once_make_one_order_and_one_answer(server):
    # given
    server, log = server
    product = Product.objects.create(name="Camiseta", slug="camiseta")
    for sku in ("CAM-M", "CANECA"):
        Variant.objects.create(
            product=product,
            sku=sku,
            options={},
            price=Decimal("10.00"),
            weight_grams=100,
            length_mm=10,
            width_mm=10,
            height_mm=10,
        )
    _, secret = api_key_create(name="Loja", scopes=["orders:write"])
    body = json.dumps(order_payload()).encode()
    headers = {
        "Authorization": f"Bearer {secret}",
        "Idempotency-Key": "one-key-for-all",
        "Content-Type": "application/json",
    }

    # when
    def send(_: int) -> httpx.Response:
        return httpx.post(f"{server}/api/v1/orders", content=body, headers=headers, timeout=60)

    with ThreadPoolExecutor(max_workers=100) as pool:
        responses = list(pool.map(send, range(100)))

    # then
    answers = {r.status_code: r.text for r in responses}
    assert set(answers) == {201}, (answers, log.read_text(errors="replace")[-5000:])
    assert len({r.content for r in responses}) == 1
    assert Order.objects.count() == 1

"""The production server and a worker, as real processes, answering over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from jornada.core.testing import kill, start_worker, worker_env

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_and_a_worker_report_healthy_over_http(tmp_path):
    port = _free_port()
    env = worker_env()
    web = subprocess.Popen(
        [sys.executable, "-m", "jornada", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=open(tmp_path / "web.log", "wb"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    worker = start_worker(env=env, log=tmp_path / "worker.log")
    try:
        deadline = time.monotonic() + 30
        response = None
        while time.monotonic() < deadline:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                if response.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        assert response is not None, (tmp_path / "web.log").read_text()
        assert response.status_code == 200, response.text
        assert response.json()["workers"]["alive"] >= 1

        openapi = httpx.get(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=5)
        assert openapi.status_code == 200
        assert openapi.json()["info"]["title"] == "Jornada API"
    finally:
        kill(worker)
        web.terminate()
        web.wait(timeout=30)


def _children_running(parent: int, marker: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = open(f"/proc/{entry}/cmdline", "rb").read().split(b"\0")  # noqa: SIM115
        except OSError:
            continue
        if marker.encode() in cmdline and f"{parent}".encode() in cmdline:
            found.append(int(entry))
    return found


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "sqlite").startswith("sqlite"),
    reason="the writer process serves SQLite only",
)
def test_serve_on_sqlite_writes_orders_through_its_writer_process_and_stops_it(tmp_path):
    from jornada.api.services import api_key_create
    from jornada.catalog.models import Product, Variant
    from jornada.orders.models import Order
    from jornada.orders.tests.conftest import order_payload

    product = Product.objects.create(name="Camiseta", slug="camiseta")
    for sku in ("CAM-M", "CANECA"):
        Variant.objects.create(
            product=product, sku=sku, options={"n": sku}, price=Decimal("10.00"),
            weight_grams=100, length_mm=10, width_mm=10, height_mm=10,
        )  # fmt: skip
    secret = api_key_create(name="Loja", scopes=["orders:write"])[1]
    port = _free_port()
    web = subprocess.Popen(
        [sys.executable, "-m", "jornada", "serve", "--port", str(port), "--workers", "2"],
        env=worker_env(),
        stdout=open(tmp_path / "web.log", "wb"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while not _children_running(web.pid, "writer"):
            assert time.monotonic() < deadline, (tmp_path / "web.log").read_text()
            time.sleep(0.1)
        (writer,) = _children_running(web.pid, "writer")
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, (tmp_path / "web.log").read_text()
                time.sleep(0.2)
        for n in range(3):
            response = httpx.post(
                f"http://127.0.0.1:{port}/api/v1/orders",
                json=order_payload(),
                headers={"Authorization": f"Bearer {secret}", "Idempotency-Key": f"k{n}"},
                timeout=10,
            )
            assert response.status_code == 201, response.text
        assert Order.objects.count() == 3
        assert "units run in the web process" not in (tmp_path / "web.log").read_text()
    finally:
        web.terminate()
        web.wait(timeout=30)
    deadline = time.monotonic() + 10
    while os.path.exists(f"/proc/{writer}") and time.monotonic() < deadline:
        time.sleep(0.1)
    if os.path.exists(f"/proc/{writer}"):  # gone, or a zombie until serve's parent reaps it
        assert Path(f"/proc/{writer}/stat").read_text().split(") ")[1].startswith("Z")

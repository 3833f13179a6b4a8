"""The production server and a worker, as real processes, answering over HTTP."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

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

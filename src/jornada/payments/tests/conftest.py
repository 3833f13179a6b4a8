from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from jornada.core import registry as registry_module
from jornada.core.outbox import outbox_dispatch
from jornada.core.scheduler import timers_fire_due
from jornada.core.worker import Worker
from jornada.orders.services import order_place
from jornada.orders.tests.conftest import a_cpf, catalog, order_input  # noqa: F401
from jornada.orders.types import Actor
from jornada.payments.adapters import sandbox_delivery
from jornada.wiring import TIMER_JOBS

PAYMENT_HANDLERS: dict[str, tuple[str, ...]] = {
    "orders.OrderPlaced": ("jornada.payments.handlers.on_order_placed",),
    "orders.OrderCancelled": ("jornada.payments.handlers.on_order_cancelled",),
}
PAYMENT_JOBS = {k: v for k, v in TIMER_JOBS.items() if k.startswith("payments.")}


def client_transport() -> httpx.BaseTransport:
    """The sandbox's webhooks into Django's test client: the whole HTTP stack, no sockets."""
    client = Client()

    def handle(request: httpx.Request) -> httpx.Response:
        headers = {
            name: value
            for name, value in request.headers.items()
            if name.lower() not in ("content-type", "content-length", "host")
        }
        path = request.url.path + (f"?{request.url.query.decode()}" if request.url.query else "")
        answer = client.post(
            path,
            data=request.content,
            content_type=request.headers.get("content-type", "application/json"),
            headers=headers,
        )
        return httpx.Response(answer.status_code, content=answer.content)

    return httpx.MockTransport(handle)


@pytest.fixture(autouse=True)
def payments_world(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    settings.PAYMENT_GATEWAY = "sandbox"
    settings.SANDBOX_CONFIRM_SECONDS = 0
    settings.SANDBOX_PIX_PAY_SECONDS = 0
    settings.SANDBOX_BOLETO_PAY_SECONDS = 0
    settings.SANDBOX_WEBHOOK_URL = ""
    settings.SANDBOX_WEBHOOK_SECRET = "whsec_dGVzdC1zZWNyZXQtZm9yLXNhbmRib3gtd2ViaG9va3M="
    monkeypatch.setattr(sandbox_delivery, "transport_factory", client_transport)
    with registry_module.override(handlers=PAYMENT_HANDLERS, jobs=PAYMENT_JOBS, periodic={}):
        yield


def drain(now: Any = None, *, rounds: int = 20) -> int:
    """Run the worker's steps (events, due timers, tasks) until nothing is left."""
    total = 0
    worker = Worker(run_tasks=True)
    for _ in range(rounds):
        token = uuid.uuid4().hex
        did = outbox_dispatch(token=token, limit=500).handled
        did += timers_fire_due(token=token, limit=500, now=now).handled
        did += worker._run_tasks()
        total += did
        if not did:
            return total
    return total


@pytest.fixture
def place(catalog: Any) -> Callable[..., Any]:  # noqa: F811
    def _place(method: str = "credit_card", instalments: int = 1, **overrides: Any) -> Any:
        data = order_input(payment_method=method, instalments=instalments, **overrides)
        return order_place(data=data, actor=Actor.customer("Maria")).order

    return _place


@pytest.fixture
def finance_user(db: Any) -> Any:
    user = get_user_model().objects.create_user(
        username="fin", password="x-Secret-1", is_staff=True
    )
    user.groups.add(Group.objects.get_or_create(name="finance")[0])
    return user


@pytest.fixture
def clerk_user(db: Any) -> Any:
    user = get_user_model().objects.create_user(
        username="clerk", password="x-Secret-1", is_staff=True
    )
    user.groups.add(Group.objects.get_or_create(name="customer_service")[0])
    return user

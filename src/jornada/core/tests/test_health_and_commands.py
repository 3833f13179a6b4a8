from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from jornada.core.models import EventDelivery, WorkerHeartbeat, WorkStatus
from jornada.core.worker import Worker

pytestmark = pytest.mark.django_db


def _beat(seconds_ago: float) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="w1",
        hostname="h",
        pid=1,
        started_at=now - dt.timedelta(hours=1),
        last_seen_at=now - dt.timedelta(seconds=seconds_ago),
    )


def test_healthz_is_ok_when_the_database_answers_and_a_worker_is_alive(client):
    _beat(seconds_ago=3)

    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["workers"]["alive"] == 1
    assert body["outbox"] == {"pending": 0, "dead": 0}


def test_healthz_is_degraded_when_no_worker_has_been_seen_lately(client):
    _beat(seconds_ago=600)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "degraded"
    assert response.json()["workers"]["alive"] == 0


def test_a_worker_step_writes_its_heartbeat():
    worker = Worker(worker_id="test-worker")

    worker.step()

    beat = WorkerHeartbeat.objects.get()
    assert beat.worker_id == "test-worker"
    assert timezone.now() - beat.last_seen_at < dt.timedelta(seconds=5)


def test_check_reports_ready_with_a_live_worker():
    _beat(seconds_ago=1)
    out = io.StringIO()

    call_command("check", stdout=out)

    text = out.getvalue()
    assert "database: ok" in text
    assert "migrations: ok" in text
    assert "workers: 1 alive" in text
    assert "jornada: ready" in text


def test_check_fails_without_a_live_worker_and_says_how_to_start_one():
    with pytest.raises(CommandError, match="start one with `jornada worker`"):
        call_command("check", stdout=io.StringIO())


def test_check_can_skip_the_worker_requirement():
    out = io.StringIO()

    call_command("check", "--no-worker", stdout=out)

    assert "jornada: ready" in out.getvalue()


def test_check_shows_dead_letters():
    from jornada.core.models import OutboxEvent

    _beat(seconds_ago=1)
    event = OutboxEvent.objects.create(event_type="tests.Ping", payload={})
    EventDelivery.objects.create(event=event, handler="x", status=WorkStatus.DEAD)
    out = io.StringIO()

    call_command("check", stdout=out)

    assert "outbox: 0 pending, 1 dead" in out.getvalue()


def test_init_creates_the_admin_once_and_keeps_its_password(settings):
    settings.ADMIN_PASSWORD = "first-password"
    call_command("init", stdout=io.StringIO())
    settings.ADMIN_PASSWORD = "second-password"
    out = io.StringIO()

    call_command("init", stdout=out)

    users = get_user_model().objects.filter(username="admin")
    assert users.count() == 1
    admin = users.get()
    assert admin.is_staff and admin.is_superuser
    assert admin.check_password("first-password")
    assert "already exists" in out.getvalue()


def test_outbox_command_lists_and_retries_dead_letters():
    from jornada.core.models import OutboxEvent

    event = OutboxEvent.objects.create(event_type="tests.Ping", payload={})
    dead = EventDelivery.objects.create(
        event=event, handler="h.x", status=WorkStatus.DEAD, last_error="Boom\ntrace"
    )
    listing = io.StringIO()

    call_command("outbox", "list", stdout=listing)
    call_command("outbox", "retry", stdout=io.StringIO())

    assert f"{dead.id}\ttests.Ping\th.x\t0\tBoom" in listing.getvalue()
    assert EventDelivery.objects.get().status == WorkStatus.PENDING


def test_init_demo_loads_a_store_that_can_be_tried_and_is_idempotent():
    from jornada.catalog.models import Variant
    from jornada.core.store import store_profile
    from jornada.orders.models import Order, OrderEvent

    call_command("init", "--demo", stdout=io.StringIO())
    orders = Order.objects.count()
    variants = Variant.objects.count()

    call_command("init", "--demo", stdout=io.StringIO())

    assert store_profile().name == "Casa Jornada"
    assert variants >= 20 and Variant.objects.count() == variants
    assert orders >= 5 and Order.objects.count() == orders
    assert set(Order.objects.values_list("channel", flat=True)) >= {
        "online_store",
        "physical_store",
        "phone",
    }
    assert OrderEvent.objects.filter(type="placed").count() == orders
    from jornada.inventory.models import Reservation, StockLevel

    assert StockLevel.objects.filter(on_hand__gt=0).count() >= 20
    # every demo order holds its stock (or, for the dropshipped clock, a backorder)
    assert set(Reservation.objects.values_list("order_id", flat=True)) | set(
        Order.objects.filter(lines__sku__startswith="REL-").values_list("pk", flat=True)
    ) == set(Order.objects.values_list("pk", flat=True))

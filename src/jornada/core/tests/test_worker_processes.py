"""Real worker processes racing, and killed with SIGKILL, against the test database."""

from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path

import pytest

from jornada.core.events import events_publish
from jornada.core.models import EventDelivery, WorkStatus
from jornada.core.testing import kill, start_worker, worker_env
from jornada.core.tests import handlers
from jornada.core.tests.events import Blocking, Ping, SlowPing

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

WIRING = "jornada.core.tests.wiring_for_tests"


def _env(**extra: str) -> dict[str, str]:
    return worker_env(JORNADA_EXTRA_WIRING=WIRING, JORNADA_WORKER_POLL="0.05", **extra)


def _wait_until(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_two_workers_racing_deliver_each_event_once_per_handler(
    test_wiring, effects_table, tmp_path
):
    # given 1,000 events, each with two handlers
    for start in range(0, 1000, 250):
        events_publish([Ping(n=n) for n in range(start, start + 250)])

    # when two workers start at the same moment
    env = _env()
    workers = [start_worker("--burst", env=env, log=tmp_path / f"w{i}.log") for i in range(2)]
    for worker in workers:
        assert worker.wait(timeout=120) == 0

    # then every (event, handler) ran exactly once
    effects = handlers.effects()
    assert len(effects) == 2000
    assert Counter(effects).most_common(1)[0][1] == 1
    assert EventDelivery.objects.exclude(status=WorkStatus.DONE).count() == 0


def test_a_worker_killed_mid_handler_leaves_the_event_to_another_worker(
    test_wiring, effects_table, tmp_path: Path
):
    # given a worker inside a handler that waits on a marker file
    marker = tmp_path / "hold"
    marker.touch()
    events_publish([Blocking(n=1, marker=str(marker))])
    env = _env(JORNADA_LEASE_SECONDS="1")
    first = start_worker(env=env, log=tmp_path / "first.log")
    _wait_until(
        lambda: EventDelivery.objects.filter(attempts=1).exclude(lease_token="").exists(),
        30,
        "the first worker to claim the delivery",
    )
    time.sleep(0.3)  # well inside the handler by now

    # when it is killed
    kill(first)

    # then nothing was completed or recorded
    delivery = EventDelivery.objects.get()
    assert delivery.status == WorkStatus.PENDING
    assert handlers.effects() == []

    # when another worker comes along after the lease
    marker.unlink()
    second = start_worker(env=env, log=tmp_path / "second.log")
    try:
        _wait_until(
            lambda: EventDelivery.objects.filter(status=WorkStatus.DONE).exists(),
            30,
            "the second worker to complete the delivery",
        )
    finally:
        kill(second)

    # then it was completed once, on the second attempt
    assert handlers.effects() == [("1", "block_while_marker")]
    assert EventDelivery.objects.get().attempts == 2


def test_a_thousand_events_survive_twenty_random_kills_exactly_once(
    test_wiring, effects_table, tmp_path: Path
):
    # given 1,000 events whose handler takes a few milliseconds
    events_publish([SlowPing(n=n, sleep=0.006) for n in range(1000)])
    env = _env(JORNADA_LEASE_SECONDS="1", JORNADA_WORKER_BATCH="50")
    rng = random.Random(20261123)
    logs = iter(tmp_path / f"w{i}.log" for i in range(1000))
    workers = [start_worker(env=env, log=next(logs)) for _ in range(2)]
    kills = 0

    def remaining() -> int:
        return EventDelivery.objects.exclude(status=WorkStatus.DONE).count()

    try:
        # when workers are killed at random while they work, and replaced
        while kills < 20 and remaining() > 0:
            time.sleep(rng.uniform(0.15, 0.5))
            victim = rng.randrange(len(workers))
            kill(workers[victim])
            kills += 1
            workers[victim] = start_worker(env=env, log=next(logs))
        _wait_until(lambda: remaining() == 0, 180, "all deliveries to complete")
    finally:
        for worker in workers:
            kill(worker)

    # then every event was handled exactly once
    assert kills >= 20
    effects = handlers.effects()
    assert len(effects) == 1000
    assert {ref for ref, _ in effects} == {str(n) for n in range(1000)}
    assert EventDelivery.objects.filter(status=WorkStatus.DEAD).count() == 0

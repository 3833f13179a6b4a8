from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction

from jornada.core import registry
from jornada.core.models import Timer, WorkStatus
from jornada.core.scheduler import (
    periodic_timers_ensure,
    timer_cancel,
    timer_reschedule,
    timer_schedule,
    timers_fire_due,
)
from jornada.core.tests import handlers

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def test_a_timer_fires_once_when_due_and_not_before(test_wiring, effects_table):
    with time_machine.travel(START, tick=False) as clock:
        # given
        created = timer_schedule(
            job="tests.timer_job",
            due_at=START + dt.timedelta(minutes=30),
            key="t:1",
            payload={"n": 1},
        )
        assert created is True

        # when it is not yet due
        clock.shift(dt.timedelta(minutes=29, seconds=59))
        early = timers_fire_due(token="w#1", limit=10)

        # then nothing ran
        assert early.handled == 0
        assert handlers.effects() == []

        # when it is due, two workers look
        clock.shift(dt.timedelta(seconds=1))
        first = timers_fire_due(token="w#2", limit=10)
        second = timers_fire_due(token="v#1", limit=10)

    # then it ran exactly once
    assert (first.done, second.handled) == (1, 0)
    assert handlers.effects() == [("1", "timer_job")]
    timer = Timer.objects.get()
    assert (timer.status, timer.attempts, timer.completed_at) == (
        WorkStatus.DONE,
        1,
        START + dt.timedelta(minutes=30),
    )


def test_scheduling_the_same_key_twice_keeps_the_first_timer(test_wiring):
    timer_schedule(job="tests.timer_job", due_at=START, key="expiry:9", payload={"n": 1})
    again = timer_schedule(
        job="tests.timer_job", due_at=START + dt.timedelta(days=1), key="expiry:9", payload={"n": 2}
    )

    assert again is False
    assert list(Timer.objects.values_list("key", "due_at", "payload")) == [
        ("expiry:9", START, {"n": 1})
    ]


def test_a_timer_scheduled_in_a_rolled_back_transaction_never_exists(test_wiring):
    with pytest.raises(RuntimeError), transaction.atomic():
        timer_schedule(job="tests.timer_job", due_at=START, key="t:rollback", payload={"n": 1})
        raise RuntimeError("the change failed")

    assert Timer.objects.count() == 0


def test_scheduling_an_unknown_job_is_refused(test_wiring):
    with pytest.raises(LookupError):
        timer_schedule(job="nobody.knows", due_at=START, key="x")
    assert Timer.objects.count() == 0


def test_scheduling_with_a_naive_datetime_is_refused(test_wiring):
    with pytest.raises(ValueError):
        timer_schedule(job="tests.timer_job", due_at=dt.datetime(2026, 1, 1), key="x")
    assert Timer.objects.count() == 0


def test_a_cancelled_timer_never_fires(test_wiring, effects_table):
    timer_schedule(job="tests.timer_job", due_at=START, key="t:c", payload={"n": 2})

    assert timer_cancel(key="t:c") is True
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        assert timers_fire_due(token="w#1", limit=10).handled == 0
    assert Timer.objects.get().status == WorkStatus.CANCELLED
    assert timer_cancel(key="t:c") is False
    assert handlers.effects() == []


def test_a_rescheduled_timer_fires_at_its_new_time(test_wiring, effects_table):
    timer_schedule(job="tests.timer_job", due_at=START, key="t:r", payload={"n": 3})
    assert timer_reschedule(key="t:r", due_at=START + dt.timedelta(hours=2)) is True

    with time_machine.travel(START + dt.timedelta(hours=1), tick=False) as clock:
        assert timers_fire_due(token="w#1", limit=10).handled == 0
        clock.shift(dt.timedelta(hours=1))
        assert timers_fire_due(token="w#2", limit=10).done == 1


def test_a_periodic_job_has_one_pending_timer_per_slot_and_rolls_on(effects_table):
    calls = {"tests.timer_job": "jornada.core.tests.handlers.timer_job"}
    with (
        registry.override(jobs=calls, periodic={"tests.timer_job": 3600}),
        time_machine.travel(START + dt.timedelta(minutes=10), tick=False) as clock,
    ):
        # when several workers make sure of it
        periodic_timers_ensure()
        periodic_timers_ensure()
        assert list(Timer.objects.values_list("due_at", flat=True)) == [
            START + dt.timedelta(hours=1)
        ]
        Timer.objects.update(payload={"n": 0})

        # when the slot comes, it fires and the next slot is scheduled
        clock.shift(dt.timedelta(minutes=50))
        assert timers_fire_due(token="w#1", limit=10).done == 1

    pending = Timer.objects.filter(status=WorkStatus.PENDING)
    assert list(pending.values_list("due_at", flat=True)) == [START + dt.timedelta(hours=2)]
    assert handlers.effects() == [("0", "timer_job")]

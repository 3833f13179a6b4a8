from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from jornada.core import leases, registry
from jornada.core.events import event_publish
from jornada.core.models import EventDelivery, WorkStatus
from jornada.core.outbox import dead_deliveries_retry, event_delivery_retry, outbox_dispatch
from jornada.core.tests import handlers
from jornada.core.tests.events import Ping

pytestmark = pytest.mark.django_db

FAIL = "jornada.core.tests.handlers.fail_always"
RECORD = "jornada.core.tests.handlers.record"


def test_dispatch_runs_each_handler_once_and_marks_it_done(test_wiring, effects_table):
    # given
    event_publish(Ping(n=1))

    # when
    outcome = outbox_dispatch(token="w1#1", limit=10)
    again = outbox_dispatch(token="w1#2", limit=10)

    # then
    assert (outcome.done, outcome.retried, outcome.dead) == (2, 0, 0)
    assert again.handled == 0
    assert handlers.effects() == [("1", "record"), ("1", "record_too")]
    assert set(EventDelivery.objects.values_list("status", "attempts", "lease_token")) == {
        (WorkStatus.DONE, 1, "")
    }


def test_a_failing_handler_is_retried_later_with_its_error_kept(effects_table):
    with registry.override(handlers={"tests.Ping": (FAIL, RECORD)}):
        event_publish(Ping(n=3))
        now = timezone.now()

        outcome = outbox_dispatch(token="w1#1", limit=10)

    # then the good handler is done, the failing one waits for its backoff
    assert (outcome.done, outcome.retried) == (1, 1)
    failed = EventDelivery.objects.get(handler=FAIL)
    assert failed.status == WorkStatus.PENDING
    assert failed.attempts == 1
    assert "RuntimeError: handler refused event 3" in failed.last_error
    # first retry after base 2 s, with +-20% jitter
    assert now + dt.timedelta(seconds=1.5) <= failed.due_at <= now + dt.timedelta(seconds=2.5)
    assert handlers.effects() == [("3", "record")]


def test_a_failing_handler_does_not_undo_other_handlers_of_the_batch(effects_table):
    with registry.override(handlers={"tests.Ping": (FAIL, RECORD)}):
        for n in range(5):
            event_publish(Ping(n=n))
        outbox_dispatch(token="w1#1", limit=100)

    assert len(handlers.effects()) == 5
    assert EventDelivery.objects.filter(status=WorkStatus.DONE).count() == 5


@override_settings(OUTBOX_MAX_ATTEMPTS=3, OUTBOX_BACKOFF_BASE=1.0)
def test_a_handler_that_keeps_failing_ends_as_a_visible_dead_letter(effects_table):
    with registry.override(handlers={"tests.Ping": (FAIL,)}):
        event_publish(Ping(n=9))
        with time_machine.travel(timezone.now(), tick=False) as clock:
            for attempt in range(1, 4):
                outcome = outbox_dispatch(token=f"w#{attempt}", limit=10)
                assert outcome.handled == 1
                clock.shift(dt.timedelta(minutes=10))
            after_death = outbox_dispatch(token="w#4", limit=10)

    delivery = EventDelivery.objects.get()
    assert delivery.status == WorkStatus.DEAD
    assert delivery.attempts == 3
    assert "handler refused event 9" in delivery.last_error
    assert after_death.handled == 0


def test_a_dead_letter_can_be_queued_again(effects_table):
    with registry.override(handlers={"tests.Ping": (RECORD,)}):
        event_publish(Ping(n=4))
        delivery = EventDelivery.objects.get()
        EventDelivery.objects.filter(pk=delivery.pk).update(status=WorkStatus.DEAD, attempts=8)

        assert event_delivery_retry(delivery_id=delivery.pk) is True
        assert event_delivery_retry(delivery_id=delivery.pk) is False  # no longer dead
        outbox_dispatch(token="w#1", limit=10)

    assert EventDelivery.objects.get().status == WorkStatus.DONE
    assert handlers.effects() == [("4", "record")]


def test_retrying_all_dead_letters_counts_them(effects_table):
    with registry.override(handlers={"tests.Ping": (RECORD,)}):
        event_publish(Ping(n=1))
        event_publish(Ping(n=2))
    EventDelivery.objects.update(status=WorkStatus.DEAD)

    assert dead_deliveries_retry() == 2
    assert EventDelivery.objects.filter(status=WorkStatus.PENDING).count() == 2


def test_a_claimed_delivery_is_invisible_to_other_workers_until_its_lease_ends(
    test_wiring, effects_table
):
    # given worker A claimed the deliveries, then stopped before completing them
    event_publish(Ping(n=5))
    claimed = leases.claim(EventDelivery, token="A#1", limit=10)
    assert len(claimed) == 2

    # when worker B looks during the lease, nothing is due
    assert outbox_dispatch(token="B#1", limit=10).handled == 0

    # then after the lease, B takes them over and completes them
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61), tick=False):
        outcome = outbox_dispatch(token="B#2", limit=10)
    assert outcome.done == 2
    assert handlers.effects() == [("5", "record"), ("5", "record_too")]
    assert set(EventDelivery.objects.values_list("attempts", flat=True)) == {2}


def test_a_worker_whose_lease_was_taken_over_does_not_run_the_handler_again(
    test_wiring, effects_table
):
    # given A claimed, its lease ran out, and B claimed and completed
    event_publish(Ping(n=6))
    a_ids = leases.claim(EventDelivery, token="A#1", limit=10)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61), tick=False):
        outbox_dispatch(token="B#1", limit=10)

    # when A wakes up and tries to complete its stale claim
    outcome = leases.complete(
        EventDelivery,
        ids=a_ids,
        token="A#1",
        run=lambda d: handlers.record(None),  # type: ignore[arg-type]
    )

    # then nothing runs twice
    assert (outcome.done, outcome.skipped) == (0, 2)
    assert handlers.effects() == [("6", "record"), ("6", "record_too")]


@override_settings(OUTBOX_MAX_ATTEMPTS=2)
def test_a_delivery_whose_worker_died_every_time_is_dead_lettered_without_running(
    test_wiring, effects_table
):
    event_publish(Ping(n=8))
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for attempt in range(2):  # two claims, each abandoned by a dying worker
            leases.claim(EventDelivery, token=f"dying#{attempt}", limit=10)
            clock.shift(dt.timedelta(seconds=61))
        outcome = outbox_dispatch(token="survivor#1", limit=10)

    assert outcome.dead == 2
    assert handlers.effects() == []
    assert set(EventDelivery.objects.values_list("status", flat=True)) == {WorkStatus.DEAD}
    assert "worker stopped" in EventDelivery.objects.first().last_error  # type: ignore[union-attr]


def test_backoff_grows_exponentially_up_to_the_cap():
    with override_settings(OUTBOX_BACKOFF_BASE=2.0, OUTBOX_BACKOFF_MAX=60.0):
        delays = [leases.backoff_seconds(n) for n in (1, 2, 3, 4, 10)]
    assert 1.6 <= delays[0] <= 2.4
    assert 3.2 <= delays[1] <= 4.8
    assert 6.4 <= delays[2] <= 9.6
    assert 12.8 <= delays[3] <= 19.2
    assert 48 <= delays[4] <= 72


def test_a_handler_prepares_its_batch_outside_the_write_transaction(effects_table):
    # given a handler with a prepare step, and one whose prepare step breaks
    prepared_handler = "jornada.core.tests.handlers.record_prepared"
    broken = "jornada.core.tests.handlers.record_prepare_fails"
    with registry.override(handlers={"tests.Ping": (prepared_handler, broken)}):
        published = [event_publish(Ping(n=n)) for n in range(3)]

        # when
        outcome = outbox_dispatch(token="w1#1", limit=10)

    # then each event was prepared before its transaction and used inside it; a broken
    # preparation only means the handler does the work itself
    assert outcome.done == 6
    assert handlers.effects() == [
        (str(n), text)
        for n in range(3)
        for text in sorted([f"prepared {n}, outside=True", "ran unprepared"])
    ]
    # and nothing prepared outlives the batch (what no handler took is dropped)
    from jornada.core import prepared

    assert [prepared.take(("tests.leftover", str(e.id))) for e in published] == [None] * 3

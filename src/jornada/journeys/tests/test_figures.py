"""Journey figures: runs entered and finished, messages sent, delivered and read."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from jornada.journeys.models import Journey, JourneyRun
from jornada.journeys.selectors import journey_figures
from jornada.notifications.models import Message

pytestmark = pytest.mark.django_db


def a_run(journey: Journey, n: int, *, sent: int) -> JourneyRun:
    return JourneyRun.objects.create(
        journey=journey,
        order_id=n,
        key=f"{journey.slug}:{n}",
        event_id=uuid.uuid4(),
        status="done",
        messages_sent=sent,
    )


def a_message(run: JourneyRun, n: int, *, delivered: bool, read: bool) -> Message:
    now = timezone.now()
    return Message.objects.create(
        dedup_key=f"test:{run.pk}:{n}",
        order_id=run.order_id,
        audience="customer",
        channel="whatsapp",
        purpose="transactional",
        template_key="delivered",
        status="read" if read else "delivered" if delivered else "sent",
        journey_run_id=run.pk,
        journey_id=run.journey_id,
        delivered_at=now if delivered else None,
        read_at=now if read else None,
    )


def test_delivered_and_read_are_counted_per_journey(django_assert_max_num_queries):
    # given two journeys, messages in several states
    first = Journey.objects.create(slug="t-first", name="First", trigger="x.Y", actions=[])
    other = Journey.objects.create(slug="t-other", name="Other", trigger="x.Y", actions=[])
    run_a, run_b, run_c = a_run(first, 1, sent=1), a_run(first, 2, sent=2), a_run(other, 3, sent=1)
    a_message(run_a, 1, delivered=True, read=True)
    a_message(run_b, 1, delivered=True, read=False)
    a_message(run_b, 2, delivered=False, read=False)
    a_message(run_c, 1, delivered=False, read=False)
    # when
    with django_assert_max_num_queries(5):
        figures = {f.journey.slug: f for f in journey_figures(journey_ids=[first.pk, other.pk])}
    # then
    assert (figures["t-first"].sent, figures["t-first"].delivered, figures["t-first"].read) == (
        3,
        2,
        1,
    )
    assert (figures["t-other"].sent, figures["t-other"].delivered, figures["t-other"].read) == (
        1,
        0,
        0,
    )
    every = {f.journey.slug: f for f in journey_figures()}
    assert every["t-first"].delivered == 2

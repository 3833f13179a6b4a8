from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from jornada.core.events import event_publish, events_publish
from jornada.core.models import EventDelivery, OutboxEvent, WorkStatus
from jornada.core.tests.events import Noop, Ping

pytestmark = pytest.mark.django_db


def test_publish_writes_the_event_and_one_pending_delivery_per_handler(test_wiring):
    # when
    row = event_publish(Ping(n=7), aggregate="order:7")

    # then
    stored = OutboxEvent.objects.get()
    assert stored.id == row.id
    assert (stored.event_type, stored.aggregate, stored.payload) == (
        "tests.Ping",
        "order:7",
        {"n": 7},
    )
    deliveries = list(
        EventDelivery.objects.order_by("handler").values_list("handler", "status", "attempts")
    )
    assert deliveries == [
        ("jornada.core.tests.handlers.record", WorkStatus.PENDING, 0),
        ("jornada.core.tests.handlers.record_too", WorkStatus.PENDING, 0),
    ]


def test_event_without_handlers_is_kept_with_no_delivery(test_wiring):
    # given an event type nobody listens to
    from dataclasses import dataclass

    from jornada.core.events import DomainEvent

    @dataclass(frozen=True, kw_only=True)
    class Unheard(DomainEvent):
        event_type = "tests.Unheard"
        amount: Decimal

    # when
    event_publish(Unheard(amount=Decimal("10.50")))

    # then the payload keeps the decimal exactly, as text
    assert OutboxEvent.objects.get().payload == {"amount": "10.50"}
    assert EventDelivery.objects.count() == 0


def test_events_of_a_rolled_back_transaction_are_never_written(test_wiring):
    # when
    with pytest.raises(RuntimeError), transaction.atomic():
        event_publish(Ping(n=1))
        raise RuntimeError("the change failed")

    # then
    assert OutboxEvent.objects.count() == 0
    assert EventDelivery.objects.count() == 0


def test_publishing_many_events_writes_them_all(test_wiring):
    events_publish([Noop(n=i) for i in range(50)])

    assert OutboxEvent.objects.count() == 50
    assert EventDelivery.objects.count() == 50


def test_an_event_class_without_type_is_refused(test_wiring):
    from dataclasses import dataclass

    from jornada.core.events import DomainEvent

    @dataclass(frozen=True, kw_only=True)
    class Nameless(DomainEvent):
        pass

    with pytest.raises(TypeError):
        event_publish(Nameless())
    assert OutboxEvent.objects.count() == 0

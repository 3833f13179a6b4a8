from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jornada.backoffice.selectors import (
    BoardFilters,
    board_counts,
    board_page,
    customer_history,
    search_condition,
)
from jornada.backoffice.stages import Stage
from jornada.backoffice.tests.conftest import place
from jornada.orders.models import Order
from jornada.orders.services import order_fulfilment_start, order_mark_paid, order_validate
from jornada.orders.types import Actor

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system()


def numbers(orders):
    return [order.number for order in orders]


def search(text: str) -> list[str]:
    condition = search_condition(text)
    assert condition is not None
    return sorted(Order.objects.filter(condition).values_list("number", flat=True))


def test_search_finds_by_number_cpf_email_and_name(catalog):
    # given
    maria = place(name="Maria da Silva", document="529.982.247-25", email="maria@example.com.br")
    joao = place(name="João Souza", email="joao@example.com.br")
    # then
    assert search(maria.number) == [maria.number]
    assert search(f"#{joao.number}") == [joao.number]
    assert search("529.982.247-25") == [maria.number]
    assert search("52998224725") == [maria.number]
    assert search("JOAO@example.com.br") == [joao.number]
    assert search("souza") == [joao.number]
    assert search("@example.com.br") == sorted([maria.number, joao.number])
    assert search_condition("   ") is None
    assert search_condition("") is None


def test_counts_every_stage_in_one_query(catalog, django_assert_num_queries):
    # given: two awaiting payment, one paid, one validated
    place()
    place()
    paid = place()
    order_mark_paid(order_id=paid.pk, actor=SYSTEM)
    validated = place()
    order_mark_paid(order_id=validated.pk, actor=SYSTEM)
    order_validate(order_id=validated.pk, actor=SYSTEM)
    # when
    with django_assert_num_queries(1):
        counts = board_counts(filters=BoardFilters(), now=timezone.now())
    # then
    assert counts == {
        "awaiting_payment": 2,
        "validation": 1,
        "to_pick": 1,
        "to_pack": 0,
        "to_ship": 0,
        "in_transit": 0,
        "late": 0,
        "delivered": 0,
        "problems": 0,
        "closed": 0,
    }


def test_an_order_past_its_stage_deadline_counts_as_late_too(catalog):
    # given: placed 30 hours ago, in fulfilment for 25 (24 to pack), and a fresh one
    old = place()
    order_mark_paid(order_id=old.pk, actor=SYSTEM)
    order_validate(order_id=old.pk, actor=SYSTEM)
    order_fulfilment_start(order_id=old.pk, actor=SYSTEM)
    now = timezone.now()
    Order.objects.filter(pk=old.pk).update(
        placed_at=now - dt.timedelta(hours=30), updated_at=now - dt.timedelta(hours=25)
    )
    place()
    # when
    counts = board_counts(filters=BoardFilters(), now=now)
    late = board_page(filters=BoardFilters(stage=Stage.LATE), now=now)
    # then
    assert counts["to_pack"] == 1
    assert counts["late"] == 1
    assert numbers(late.orders) == [old.number]


def test_filters_narrow_counts_and_pages(catalog):
    # given
    sp_pix = place(uf="SP", payment_method="pix")
    place(uf="RJ", payment_method="pix")
    place(uf="SP", payment_method="boleto", channel="marketplace")
    now = timezone.now()
    # when
    filters = BoardFilters(uf="SP", payment_method="pix")
    # then
    assert board_counts(filters=filters, now=now)["awaiting_payment"] == 1
    assert numbers(board_page(filters=filters, now=now).orders) == [sp_pix.number]
    marketplace = board_page(filters=BoardFilters(channel="marketplace"), now=now)
    assert len(marketplace.orders) == 1


def test_working_stages_page_oldest_first_and_continue_with_a_cursor(catalog):
    # given: five orders awaiting payment, placed an hour apart
    now = timezone.now()
    created = []
    for hours in range(5):
        order = place()
        Order.objects.filter(pk=order.pk).update(placed_at=now - dt.timedelta(hours=5 - hours))
        created.append(order.number)
    filters = BoardFilters(stage=Stage.AWAITING_PAYMENT)
    # when
    first = board_page(filters=filters, now=now, limit=2)
    second = board_page(filters=filters, now=now, cursor=first.next_cursor or "", limit=2)
    third = board_page(filters=filters, now=now, cursor=second.next_cursor or "", limit=2)
    # then
    assert first.oldest_first
    assert numbers(first.orders) == created[:2]
    assert numbers(second.orders) == created[2:4]
    assert numbers(third.orders) == created[4:]
    assert third.next_cursor is None


def test_every_order_lists_newest_first_and_a_bad_cursor_starts_over(catalog):
    first, second = place(), place()
    page = board_page(filters=BoardFilters(), now=timezone.now(), cursor="not-a-cursor")
    assert not page.oldest_first
    assert numbers(page.orders) == [second.number, first.number]


def test_customer_history_lists_the_other_orders_newest_first(catalog):
    # given: the same CPF orders three times
    first = place(document="529.982.247-25")
    second = place(document="529.982.247-25")
    third = place(document="529.982.247-25")
    place()  # someone else
    # when
    history = customer_history(third)
    # then
    assert numbers(history.orders) == [second.number, first.number]
    assert history.total_orders == 2
    assert history.customer is not None and history.customer.document == "52998224725"

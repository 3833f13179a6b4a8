"""The delivery promise: processing + supplier lead + carrier business days, holidays
counted; quoted at checkout; kept on the order and never changed silently."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jornada.brazil.business_days import business_days_between, is_business_day
from jornada.orders.types import LineInput
from jornada.shipping.models import DeliveryPromise, PromiseRevision, RateRow
from jornada.shipping.promise import deadline_compute
from jornada.shipping.services import (
    NoCarrier,
    ShippingInvalid,
    backorder_record,
    delivery_choose,
    delivery_promise_for_order,
    delivery_promise_revise,
    quote,
)
from jornada.shipping.tests.journey import place, place_and_pay

# Friday 2026-11-13, 15:00 in São Paulo
FRIDAY = dt.datetime(2026, 11, 13, 18, 0, tzinfo=dt.UTC)


def test_counts_business_days_and_skips_national_holidays():
    # Friday + 1 processing day = Monday 16; + 4 carrier days skips Friday 20
    # (Consciência Negra, national) and the weekend: Tue 17, Wed 18, Thu 19, Mon 23.
    deadline = deadline_compute(
        start=FRIDAY,
        processing_days=1,
        supplier_days=0,
        carrier_days=4,
        store_uf="SP",
        destination_uf="SP",
    )
    assert deadline.promised_date == dt.date(2026, 11, 23)


def test_a_backorder_adds_the_supplier_lead_time():
    without = deadline_compute(
        start=FRIDAY,
        processing_days=1,
        supplier_days=0,
        carrier_days=4,
        store_uf="SP",
        destination_uf="SP",
    )
    with_supplier = deadline_compute(
        start=FRIDAY,
        processing_days=1,
        supplier_days=5,
        carrier_days=4,
        store_uf="SP",
        destination_uf="SP",
    )
    assert business_days_between(without.promised_date, with_supplier.promised_date, uf="SP") == 5


@given(
    # at least one processing day: with none, an order paid on a holiday starts the
    # next business day, one more than the sum
    st.integers(1, 5),
    st.integers(0, 20),
    st.integers(0, 15),
    st.datetimes(
        min_value=dt.datetime(2026, 1, 1),
        max_value=dt.datetime(2028, 12, 1),
        timezones=st.just(dt.UTC),
    ),
)
def test_the_promise_is_a_business_day_exactly_that_many_days_ahead(
    processing, supplier, carrier, start
):
    deadline = deadline_compute(
        start=start,
        processing_days=processing,
        supplier_days=supplier,
        carrier_days=carrier,
        store_uf="SP",
        destination_uf="SP",
    )
    assert is_business_day(deadline.promised_date, uf="SP")
    total = processing + supplier + carrier
    assert business_days_between(start, deadline.promised_date, uf="SP") == total


@pytest.mark.django_db
def test_quotes_every_service_that_takes_the_items_cheapest_first(catalog):
    options = quote(cep="01310-100", lines=[("CAM-M", 2), ("CANECA", 1)], now=FRIDAY)

    assert [o.service for o in options] == [
        "retirada-loja",
        "correios-pac",
        "rapido-padrao",
        "correios-sedex",
    ]
    pac = options[1]
    # the fragile mug needs fill: box M (360 x 270 x 180 mm) weighs 2916 g cubic, so
    # the 5 kg band of the capital's range: 18.00 + 18.00
    assert (pac.price, pac.business_days, pac.promised_date, pac.packages) == (
        Decimal("36.00"),
        4,
        dt.date(2026, 11, 23),
        1,
    )


@pytest.mark.django_db
def test_perishable_food_is_never_quoted_with_services_that_refuse_it(catalog):
    options = quote(cep="01310-100", lines=[("CAFE", 1)], now=FRIDAY)

    assert "correios-pac" not in {o.service for o in options}
    assert "correios-sedex" in {o.service for o in options}


@pytest.mark.django_db
def test_oversize_goes_only_with_a_service_that_takes_it(catalog):
    options = quote(cep="01310-100", lines=[("CADEIRA", 1)], now=FRIDAY)

    assert {o.service for o in options} == {"rapido-padrao", "retirada-loja"}


@pytest.mark.django_db
def test_a_quote_names_every_bad_field(catalog):
    with pytest.raises(ShippingInvalid) as refused:
        quote(cep="0131", lines=[("NOPE", 1), ("CAM-M", 0)])

    assert set(refused.value.fields) == {"cep", "lines.0.sku", "lines.1.quantity"}


@pytest.mark.django_db
def test_the_promise_is_kept_as_first_computed(catalog):
    order = place_and_pay()
    first = delivery_promise_for_order(order_id=order.pk, now=FRIDAY)

    # rates change later; the order keeps what it was promised
    RateRow.objects.filter(service__code="correios-pac").update(business_days=20)
    again = delivery_promise_for_order(order_id=order.pk, now=FRIDAY + dt.timedelta(days=3))

    assert (again.pk, again.promised_date, again.service.code) == (
        first.pk,
        dt.date(2026, 11, 23),
        "correios-pac",
    )
    assert (first.processing_days, first.supplier_days, first.carrier_days) == (1, 0, 4)


@pytest.mark.django_db
def test_changing_the_promise_keeps_the_old_date_the_reason_and_who(catalog):
    order = place_and_pay()
    delivery_promise_for_order(order_id=order.pk, now=FRIDAY)

    delivery_promise_revise(
        order_id=order.pk,
        promised_date=dt.date(2026, 11, 27),
        reason="Greve dos Correios",
        actor_label="ana",
    )

    promise = DeliveryPromise.objects.get(order=order)
    assert promise.promised_date == dt.date(2026, 11, 27)
    revision = PromiseRevision.objects.get(promise=promise)
    assert (revision.previous_date, revision.new_date, revision.reason, revision.actor_label) == (
        dt.date(2026, 11, 23),
        dt.date(2026, 11, 27),
        "Greve dos Correios",
        "ana",
    )


@pytest.mark.django_db
def test_a_change_without_a_reason_is_refused(catalog):
    order = place_and_pay()
    delivery_promise_for_order(order_id=order.pk, now=FRIDAY)

    with pytest.raises(ShippingInvalid) as refused:
        delivery_promise_revise(
            order_id=order.pk, promised_date=dt.date(2026, 12, 1), reason=" ", actor_label="ana"
        )

    assert set(refused.value.fields) == {"reason"}
    assert DeliveryPromise.objects.get(order=order).promised_date == dt.date(2026, 11, 23)
    assert not PromiseRevision.objects.exists()


@pytest.mark.django_db
def test_a_backorder_after_the_promise_revises_it_openly(catalog):
    order = place_and_pay()
    delivery_promise_for_order(order_id=order.pk, now=FRIDAY)

    backorder_record(order_id=order.pk, expected_date=dt.date(2026, 11, 30), skus=["CANECA"])

    promise = DeliveryPromise.objects.get(order=order)
    revision = PromiseRevision.objects.get(promise=promise)
    assert revision.previous_date == dt.date(2026, 11, 23)
    assert promise.promised_date > dt.date(2026, 11, 30)
    assert "CANECA" in revision.reason


@pytest.mark.django_db
def test_a_backorder_known_before_validation_is_in_the_first_promise(catalog):
    order = place_and_pay()
    backorder_record(order_id=order.pk, expected_date=None, skus=["CANECA"])

    promise = delivery_promise_for_order(order_id=order.pk, now=FRIDAY)

    assert promise.supplier_days == 7
    assert not PromiseRevision.objects.exists()


@pytest.mark.django_db
def test_the_customer_may_choose_store_pickup_before_validation(catalog):
    order = place()

    delivery_choose(order_id=order.pk, service_code="retirada-loja")
    promise = delivery_promise_for_order(order_id=order.pk, now=FRIDAY)

    assert promise.service.code == "retirada-loja"
    assert promise.promised_date == dt.date(2026, 11, 16)


@pytest.mark.django_db
def test_a_choice_not_quoted_for_the_order_is_refused(catalog):
    order = place(lines=(LineInput("CAFE", 1),))

    with pytest.raises(ShippingInvalid) as refused:
        delivery_choose(order_id=order.pk, service_code="correios-pac")

    assert set(refused.value.fields) == {"service"}


@pytest.mark.django_db
def test_no_promise_where_no_carrier_delivers(catalog):
    order = place_and_pay()
    RateRow.objects.all().delete()

    with pytest.raises(NoCarrier):
        delivery_promise_for_order(order_id=order.pk, now=FRIDAY)
    assert not DeliveryPromise.objects.exists()

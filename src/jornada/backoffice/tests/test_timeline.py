from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from jornada.backoffice.timeline import money, timeline_entry
from jornada.brazil.money import Money, money_format
from jornada.orders.models import OrderEvent


@pytest.mark.parametrize("language", ["pt-br", "es", "en"])
@given(cents=st.integers(min_value=0, max_value=10**13))
def test_fast_money_writes_exactly_what_money_format_writes(language, cents):
    amount = Decimal(cents) / 100
    with translation.override(language):
        assert money(amount) == money_format(Money(amount), language=language)


def test_money_examples():
    with translation.override("pt-br"):
        assert money(Decimal("1234.5")) == "R$ 1.234,50"
        assert money("-3.10") == money_format(Money("-3.10"), language="pt-br")
        assert money("not a number") == "not a number"


def _event(type: str, params: dict) -> OrderEvent:
    return OrderEvent(type=type, actor_kind="staff", actor_label="Carla", params=params)


def test_status_changes_read_as_a_sentence_in_the_active_language():
    event = _event("status_changed", {"from": "paid", "to": "validated", "reason": "ok"})
    with translation.override("pt-br"):
        entry = timeline_entry(event)
    assert entry.title == "Situação mudou de pago para aprovado"
    assert entry.details == ["Motivo: ok"]
    assert entry.actor == "Carla (equipe)"
    with translation.override("en"):
        assert timeline_entry(event).title == "Status changed from paid to validated"


def test_a_placed_order_names_channel_total_and_instalments():
    event = _event(
        "placed",
        {
            "channel": "whatsapp",
            "grand_total": "1234.50",
            "currency": "BRL",
            "payment_method": "credit_card",
            "instalments": 3,
        },
    )
    with translation.override("es"):
        entry = timeline_entry(event)
    assert entry.details[1] == "Total: " + money_format(Money("1234.50"), language="es")
    assert entry.details[2].endswith("3 cuotas")


def test_unknown_event_types_still_show_their_parameters():
    entry = timeline_entry(_event("payments.refunded", {"amount": "10.00", "partial": True}))
    assert entry.title == "payments.refunded"
    assert entry.details == ["amount: 10.00", "partial: True"]

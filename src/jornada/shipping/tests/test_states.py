from __future__ import annotations

import itertools

from jornada.shipping.states import TERMINAL, ShipmentStatus, status_applies, transition_allowed

S = ShipmentStatus


def test_a_parcel_moves_forward_through_the_carrier_states():
    path = [
        S.CREATED,
        S.POSTED,
        S.IN_TRANSIT,
        S.OUT_FOR_DELIVERY,
        S.FAILED_ATTEMPT,
        S.OUT_FOR_DELIVERY,
        S.DELIVERED,
    ]
    assert all(transition_allowed(a, b) for a, b in itertools.pairwise(path))


def test_nothing_leaves_a_final_state():
    assert {S.DELIVERED, S.RETURNED, S.LOST, S.CANCELLED} == TERMINAL
    for final in TERMINAL:
        assert not any(transition_allowed(final, target) for target in S)


def test_an_older_event_never_moves_the_shipment():
    assert status_applies(current=S.POSTED, target=S.IN_TRANSIT, newer=True)
    assert not status_applies(current=S.POSTED, target=S.IN_TRANSIT, newer=False)


def test_unknown_statuses_are_refused():
    assert not transition_allowed("posted", "teleported")
    assert not transition_allowed("nowhere", "posted")

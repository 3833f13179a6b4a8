"""A purchase order's life as data (pure Python)."""

from __future__ import annotations

from jornada.inventory.models import PurchaseOrderStatus

P = PurchaseOrderStatus

PO_TRANSITIONS: dict[str, frozenset[str]] = {
    P.DRAFT: frozenset({P.SENT, P.CANCELLED}),
    P.SENT: frozenset({P.CONFIRMED, P.SHIPPED, P.RECEIVED, P.CANCELLED}),
    P.CONFIRMED: frozenset({P.SHIPPED, P.RECEIVED, P.CANCELLED}),
    P.SHIPPED: frozenset({P.RECEIVED}),
    P.RECEIVED: frozenset(),
    P.CANCELLED: frozenset(),
}


def po_transition_allowed(current: str, target: str) -> bool:
    return target in PO_TRANSITIONS.get(current, frozenset())

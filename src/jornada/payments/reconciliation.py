"""Reconciliation: Jornada's payments against the gateway's settlement report.

``reconcile`` is pure: it compares two lists and names every difference. The command
``jornada payments reconcile`` feeds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from jornada.payments.adapters.base import SettlementRow
from jornada.payments.models import Payment

STATUSES_WITH_MONEY = frozenset({"paid", "partially_refunded", "refunded", "charged_back"})


@dataclass(frozen=True, slots=True)
class Record:
    reference: str
    payment_id: str
    status: str
    amount: Decimal
    refunded: Decimal


@dataclass(frozen=True, slots=True)
class Mismatch:
    kind: str  # missing_in_jornada | missing_at_gateway | status | amount | refunded
    reference: str
    payment_id: str
    ours: str
    theirs: str


def reconcile(ours: Sequence[Record], theirs: Sequence[SettlementRow]) -> list[Mismatch]:
    """Every difference, ordered by reference; an empty list means the books agree."""
    mine = {r.reference: r for r in ours if r.reference}
    gateway = {r.reference: r for r in theirs}
    found: list[Mismatch] = []
    for reference in sorted(mine.keys() | gateway.keys()):
        a, b = mine.get(reference), gateway.get(reference)
        if a is None and b is not None:
            found.append(
                Mismatch(
                    "missing_in_jornada",
                    reference,
                    b.external_reference,
                    "",
                    f"{b.status} {b.amount}",
                )
            )
            continue
        if b is None and a is not None:
            if a.status in STATUSES_WITH_MONEY:
                found.append(
                    Mismatch(
                        "missing_at_gateway", reference, a.payment_id, f"{a.status} {a.amount}", ""
                    )
                )
            continue
        assert a is not None and b is not None
        if a.status != b.status:
            found.append(Mismatch("status", reference, a.payment_id, a.status, b.status))
        if a.amount != b.amount:
            found.append(Mismatch("amount", reference, a.payment_id, f"{a.amount}", f"{b.amount}"))
        if a.refunded != b.refunded:
            found.append(
                Mismatch("refunded", reference, a.payment_id, f"{a.refunded}", f"{b.refunded}")
            )
    return found


def records_between(*, gateway: str, start: dt.date, end: dt.date) -> list[Record]:
    """Jornada's side: payments at ``gateway`` created between two dates (inclusive)."""
    return [
        Record(
            reference=p.reference,
            payment_id=str(p.pk),
            status=p.status,
            amount=p.amount,
            refunded=p.refunded_amount,
        )
        for p in Payment.objects.filter(
            gateway=gateway, created_at__date__gte=start, created_at__date__lte=end
        ).exclude(reference="")
    ]

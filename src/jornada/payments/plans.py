"""Pure money arithmetic of payments: instalment plans and refunds spread over them.

Everything is ``Decimal`` to the cent and sums exactly: the instalments shown are the
ones charged, and a refund spread over them never gives back more than any one was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from jornada.brazil.instalments import InstalmentPolicy, instalment_plan
from jornada.brazil.money import Money

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class ChargePlan:
    principal: Decimal
    amount: Decimal
    instalments: tuple[Decimal, ...]
    interest_free: bool


def charge_plan(
    *, total: Decimal, currency: str, count: int, policy: InstalmentPolicy, card: bool
) -> ChargePlan:
    """What is charged for ``total``: in ``count`` card instalments, or at once."""
    if not card or count == 1:
        return ChargePlan(principal=total, amount=total, instalments=(total,), interest_free=True)
    plan = instalment_plan(Money(total, currency), count, policy=policy)
    return ChargePlan(
        principal=total,
        amount=plan.total.amount,
        instalments=tuple(m.amount for m in plan.instalments),
        interest_free=plan.interest_free,
    )


def refund_split(
    instalments: Sequence[Decimal], refunded: Sequence[Decimal], amount: Decimal
) -> tuple[Decimal, ...]:
    """Spread ``amount`` over what is left of each instalment, in proportion, to the cent.

    ``refunded`` is what earlier refunds already gave back of each instalment. The
    result sums exactly to ``amount`` and no instalment gets back more than remains of it.
    """
    cents_left = [int((i - r) / CENT) for i, r in zip(instalments, refunded, strict=True)]
    total_left = sum(cents_left)
    wanted = int(amount / CENT)
    if wanted < 0 or wanted > total_left:
        raise ValueError("refund exceeds what is left of the instalments")
    if total_left == 0:
        return tuple(Decimal("0.00") for _ in instalments)
    shares = [left * wanted // total_left for left in cents_left]
    leftover = wanted - sum(shares)
    for index, left in enumerate(cents_left):
        if leftover == 0:
            break
        if shares[index] < left:
            shares[index] += 1
            leftover -= 1
    return tuple((Decimal(s) * CENT).quantize(CENT) for s in shares)

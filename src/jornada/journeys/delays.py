"""When a journey step is due: pure date arithmetic (business days per state, UF)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from jornada.brazil.business_days import business_days_add


def step_due_at(
    *,
    now: dt.datetime,
    amount: int,
    unit: str,
    tz: str,
    uf: str | None = None,
    before: dt.datetime | None = None,
) -> dt.datetime:
    """``now`` plus the delay; or, with ``before``, that date minus the delay."""
    if unit == "business_days":
        zone = ZoneInfo(tz)
        if before is not None:
            local = before.astimezone(zone)
            day = business_days_add(local.date(), -amount, uf=uf)
            return dt.datetime.combine(day, local.timetz()).astimezone(dt.UTC)
        local = now.astimezone(zone)
        day = business_days_add(local.date(), amount, uf=uf)
        return dt.datetime.combine(day, local.timetz()).astimezone(dt.UTC)
    delta = dt.timedelta(minutes=amount) if unit == "minutes" else dt.timedelta(hours=amount)
    return before - delta if before is not None else now + delta

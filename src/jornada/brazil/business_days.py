"""Business days in Brazil: national and state holidays (``holidays`` library), counted
in ``America/Sao_Paulo``. Used for delivery and payment deadlines.

Holiday sets are cached per (UF, year). Optional days off (Carnival, Corpus Christi
where it is not a municipal holiday) are not holidays here; municipal holidays are
out of scope (the library does not list them).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.utils.translation import gettext_lazy as _

from .cep import UFS
from .errors import BusinessDaysError

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=1024)
def holidays_for(uf: str | None, year: int) -> frozenset[date]:
    """National holidays plus the state's (``uf``) for ``year``."""
    calendar = holidays.country_holidays("BR", subdiv=uf, years=year)
    return frozenset(calendar.keys())


def _uf(uf: str | None) -> str | None:
    if uf is None:
        return None
    state = uf.strip().upper()
    if state not in UFS:
        raise BusinessDaysError(_("unknown state (UF)"), code="invalid_uf", field="uf")
    return state


def local_date(value: date | datetime) -> date:
    """The São Paulo calendar date of ``value``; naive datetimes are refused."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise BusinessDaysError(
                _("a datetime must carry its time zone"), code="naive_datetime", field="date"
            )
        return value.astimezone(SAO_PAULO).date()
    if isinstance(value, date):
        return value
    raise BusinessDaysError(_("not a date"), code="invalid_type", field="date")


def is_business_day(value: date | datetime, *, uf: str | None = None) -> bool:
    """Monday to Friday and not a national (or the state's) holiday."""
    day = local_date(value)
    return day.weekday() < 5 and day not in holidays_for(_uf(uf), day.year)


def business_days_add(start: date | datetime, days: int, *, uf: str | None = None) -> date:
    """The date ``days`` business days after ``start`` (before it when negative).

    ``start`` itself does not count: adding 1 on a Friday gives the next Monday
    (or Tuesday if Monday is a holiday). Adding 0 gives ``start`` if it is a business
    day, else the next one.
    """
    day = local_date(start)
    state = _uf(uf)
    if days == 0:
        while not _open(day, state):
            day += _ONE_DAY
        return day
    step = _ONE_DAY if days > 0 else -_ONE_DAY
    remaining = abs(days)
    while remaining:
        day += step
        if _open(day, state):
            remaining -= 1
    return day


def business_days_between(
    start: date | datetime, end: date | datetime, *, uf: str | None = None
) -> int:
    """Business days after ``start`` up to and including ``end`` (negative if ``end`` is earlier).

    ``business_days_between(d, business_days_add(d, n)) == n`` for n >= 0.
    """
    first, last = local_date(start), local_date(end)
    state = _uf(uf)
    sign = 1
    if last < first:
        first, last, sign = last, first, -1
    total_days = (last - first).days
    weeks, extra = divmod(total_days, 7)
    count = weeks * 5
    day = first + timedelta(days=weeks * 7)
    for _i in range(extra):
        day += _ONE_DAY
        if day.weekday() < 5:
            count += 1
    for year in range(first.year, last.year + 1):
        for holiday in holidays_for(state, year):
            if first < holiday <= last and holiday.weekday() < 5:
                count -= 1
    return sign * count


def _open(day: date, state: str | None) -> bool:
    return day.weekday() < 5 and day not in holidays_for(state, day.year)

"""Who gets a message on which channel, and when: pure functions over plain values.

- The customer's preferred channel comes first; email is the fallback for every other
  channel (WhatsApp not allowed, not reachable, or failed -> email).
- A channel is allowed when it reaches the customer and they have not opted out of it;
  marketing also needs their consent on that channel (``customer_can_contact``).
- Quiet hours: no WhatsApp or SMS (nor calls) at night in the store's time zone; such a
  message waits until the quiet hours end. Email is never held back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

EMAIL = "email"
#: channels that ring or buzz a phone, held back during quiet hours
INTRUSIVE = frozenset({"whatsapp", "sms", "phone"})

#: delivery statuses in the order a message moves through them; a later report of an
#: earlier status (webhooks arrive out of order) never moves a message backwards
STATUS_RANK = {
    "skipped": 0,
    "deferred": 1,
    "queued": 2,
    "sent": 3,
    "delivered": 4,
    "read": 5,
    "failed": 6,
}


@dataclass(frozen=True, slots=True)
class ChannelChoice:
    channel: str | None
    #: why the preferred channel was not used ("" when it was); why nothing was possible
    reason: str = ""


def channel_choose(
    *, preferred: str, allowed: Callable[[str], bool], fallbacks: Sequence[str] = (EMAIL,)
) -> ChannelChoice:
    """The first allowed channel among the preferred one and the fallbacks."""
    candidates = [preferred, *(c for c in fallbacks if c != preferred)]
    reason = ""
    for channel in candidates:
        if allowed(channel):
            return ChannelChoice(channel, reason)
        reason = reason or f"{channel}_not_allowed"
    return ChannelChoice(None, "no_channel_allowed")


def parse_clock(value: str) -> dt.time:
    hours, _, minutes = value.partition(":")
    return dt.time(int(hours), int(minutes or 0))


def quiet_hours_end(
    *, now: dt.datetime, channel: str, start: dt.time, end: dt.time, tz: str
) -> dt.datetime | None:
    """When a message on ``channel`` may go out, if ``now`` is within quiet hours; else None.

    ``start``/``end`` are local clock times; a window crossing midnight (21:00-08:00) is
    the usual case. Equal start and end means no quiet hours.
    """
    if channel not in INTRUSIVE or start == end:
        return None
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    clock = local.time().replace(tzinfo=None)
    quiet = (start <= clock < end) if start < end else (clock >= start or clock < end)
    if not quiet:
        return None
    day = local.date()
    if start > end and clock >= start:
        day = day + dt.timedelta(days=1)
    return dt.datetime.combine(day, end, tzinfo=zone).astimezone(dt.UTC)


def status_moves(current: str, reported: str) -> bool:
    """Whether a reported delivery status may replace the current one.

    Forward only; "failed" may replace "sent" but never "delivered"/"read" (a late
    failure report after a read receipt is noise).
    """
    if reported == current:
        return False
    if reported == "failed":
        return current in {"queued", "deferred", "sent"}
    if current == "failed":
        return reported in {"delivered", "read"}
    return STATUS_RANK.get(reported, -1) > STATUS_RANK.get(current, -1)


def retry_delay_seconds(*, attempts: int, base: float, cap: float) -> float:
    """Exponential backoff before attempt ``attempts + 1`` (no jitter: tests read it)."""
    return float(min(cap, base * (2 ** max(attempts - 1, 0))))

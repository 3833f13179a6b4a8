"""Pure rules: channel choice, quiet hours, status order, backoff."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from jornada.notifications import rules

NIGHT_START, NIGHT_END = dt.time(21, 0), dt.time(8, 0)
SP = "America/Sao_Paulo"


def test_preferred_channel_is_used_when_allowed() -> None:
    choice = rules.channel_choose(preferred="whatsapp", allowed=lambda c: True)
    assert choice == rules.ChannelChoice("whatsapp", "")


def test_falls_back_to_email_when_whatsapp_is_not_allowed() -> None:
    choice = rules.channel_choose(preferred="whatsapp", allowed=lambda c: c == "email")
    assert choice == rules.ChannelChoice("email", "whatsapp_not_allowed")


def test_no_channel_when_nothing_is_allowed() -> None:
    choice = rules.channel_choose(preferred="sms", allowed=lambda c: False)
    assert choice == rules.ChannelChoice(None, "no_channel_allowed")


def test_without_fallbacks_only_the_preferred_channel_counts() -> None:
    choice = rules.channel_choose(preferred="phone", allowed=lambda c: c == "email", fallbacks=())
    assert choice.channel is None


def test_whatsapp_at_23h_waits_until_8h_next_morning() -> None:
    now = dt.datetime(2026, 3, 11, 2, 0, tzinfo=dt.UTC)  # 23:00 in São Paulo
    end = rules.quiet_hours_end(
        now=now, channel="whatsapp", start=NIGHT_START, end=NIGHT_END, tz=SP
    )
    assert end == dt.datetime(2026, 3, 11, 11, 0, tzinfo=dt.UTC)  # 08:00 in São Paulo


def test_sms_at_3h_waits_until_8h_the_same_day() -> None:
    now = dt.datetime(2026, 3, 11, 6, 0, tzinfo=dt.UTC)  # 03:00 in São Paulo
    end = rules.quiet_hours_end(now=now, channel="sms", start=NIGHT_START, end=NIGHT_END, tz=SP)
    assert end == dt.datetime(2026, 3, 11, 11, 0, tzinfo=dt.UTC)


def test_email_is_never_held_back() -> None:
    now = dt.datetime(2026, 3, 11, 2, 0, tzinfo=dt.UTC)
    assert (
        rules.quiet_hours_end(now=now, channel="email", start=NIGHT_START, end=NIGHT_END, tz=SP)
        is None
    )


def test_daytime_is_not_quiet() -> None:
    now = dt.datetime(2026, 3, 10, 17, 0, tzinfo=dt.UTC)  # 14:00
    assert (
        rules.quiet_hours_end(now=now, channel="whatsapp", start=NIGHT_START, end=NIGHT_END, tz=SP)
        is None
    )


@given(
    st.datetimes(
        min_value=dt.datetime(2020, 1, 1),
        max_value=dt.datetime(2035, 1, 1),
        timezones=st.just(dt.UTC),
    )
)
def test_a_deferred_message_is_always_due_at_the_end_of_quiet_hours_within_a_day(
    now: dt.datetime,
) -> None:
    end = rules.quiet_hours_end(
        now=now, channel="whatsapp", start=NIGHT_START, end=NIGHT_END, tz=SP
    )
    if end is not None:
        from zoneinfo import ZoneInfo

        assert now < end <= now + dt.timedelta(hours=11)
        assert end.astimezone(ZoneInfo(SP)).time() == NIGHT_END


def test_statuses_only_move_forward() -> None:
    assert rules.status_moves("sent", "delivered")
    assert rules.status_moves("delivered", "read")
    assert not rules.status_moves("read", "delivered")
    assert not rules.status_moves("delivered", "sent")
    assert not rules.status_moves("delivered", "delivered")


def test_a_late_failure_never_undoes_a_delivery() -> None:
    assert rules.status_moves("sent", "failed")
    assert not rules.status_moves("delivered", "failed")
    assert not rules.status_moves("read", "failed")


def test_backoff_doubles_and_is_capped() -> None:
    delays = [rules.retry_delay_seconds(attempts=n, base=30, cap=600) for n in range(1, 7)]
    assert delays == [30, 60, 120, 240, 480, 600]

"""Business-time arithmetic across weekends, holidays, time zones and DST changes (pure functions)."""

import datetime as dt
import random
import zoneinfo

from sla.calendar import ALWAYS_OPEN, Calendar, Hours, add_business_seconds, business_seconds_between, is_open

HOUR = 3600
MALTA = zoneinfo.ZoneInfo("Europe/Malta")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def office(time_zone: str = "Europe/Malta", holidays: tuple[dt.date, ...] = ()) -> Calendar:
    return Calendar(
        time_zone=time_zone,
        hours=tuple(Hours(d, dt.time(9), dt.time(17)) for d in range(5)),
        holidays=frozenset(holidays),
    )


def local(zone: dt.tzinfo, year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=zone)


def test_time_left_on_friday_carries_over_the_weekend_to_monday():
    friday_4pm = local(MALTA, 2026, 3, 6, 16, 0)
    assert add_business_seconds(office(), friday_4pm, 4 * HOUR) == local(MALTA, 2026, 3, 9, 12, 0)
    assert business_seconds_between(office(), friday_4pm, local(MALTA, 2026, 3, 9, 12, 0)) == 4 * HOUR


def test_a_holiday_is_skipped_like_a_weekend():
    calendar = office(holidays=(dt.date(2026, 3, 9),))
    friday_4pm = local(MALTA, 2026, 3, 6, 16, 0)
    assert add_business_seconds(calendar, friday_4pm, 4 * HOUR) == local(MALTA, 2026, 3, 10, 12, 0)
    assert business_seconds_between(calendar, friday_4pm, local(MALTA, 2026, 3, 10, 9, 0)) == HOUR


def test_time_outside_opening_hours_does_not_count():
    saturday = local(MALTA, 2026, 3, 7, 11, 0)
    assert add_business_seconds(office(), saturday, 30 * 60) == local(MALTA, 2026, 3, 9, 9, 30)
    assert business_seconds_between(office(), saturday, local(MALTA, 2026, 3, 9, 8, 59)) == 0
    assert not is_open(office(), saturday)
    assert is_open(office(), local(MALTA, 2026, 3, 9, 9, 0))


def test_the_same_instant_is_evening_in_singapore_and_early_morning_in_new_york():
    monday_10_utc = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    # 18:00 in Singapore: closed until Tuesday 09:00 SGT, which is 01:00 UTC.
    assert add_business_seconds(office("Asia/Singapore"), monday_10_utc, HOUR) == dt.datetime(
        2026, 3, 3, 2, 0, tzinfo=dt.UTC
    )
    # 05:00 in New York: opens at 09:00 EST, which is 14:00 UTC.
    assert add_business_seconds(office("America/New_York"), monday_10_utc, HOUR) == dt.datetime(
        2026, 3, 2, 15, 0, tzinfo=dt.UTC
    )


def test_opening_hours_keep_their_wall_clock_times_across_a_spring_forward():
    # Malta moves to summer time on Sunday 29 March 2026: 09:00 is 08:00 UTC the week before and
    # 07:00 UTC after, and the working day stays eight hours long.
    friday_4pm = local(MALTA, 2026, 3, 27, 16, 0)
    due = add_business_seconds(office(), friday_4pm, 2 * HOUR)
    assert due == local(MALTA, 2026, 3, 30, 10, 0)
    assert due is not None and due.astimezone(dt.UTC) == dt.datetime(2026, 3, 30, 8, 0, tzinfo=dt.UTC)
    monday = local(MALTA, 2026, 3, 30, 0, 0)
    assert business_seconds_between(office(), monday, monday + dt.timedelta(days=1)) == 8 * HOUR


def test_a_day_that_loses_an_hour_to_dst_counts_23_hours_around_the_clock():
    calendar = Calendar(
        time_zone="Europe/Malta", always_open=True, holidays=frozenset({dt.date(2026, 3, 28)})
    )
    saturday = local(MALTA, 2026, 3, 28, 0, 0)
    monday = local(MALTA, 2026, 3, 30, 0, 0)
    assert business_seconds_between(calendar, saturday, monday) == 23 * HOUR


def test_a_night_shift_across_the_autumn_change_lasts_nine_real_hours():
    # New York falls back at 02:00 on Sunday 1 November 2026: 22:00-06:00 holds an extra hour.
    nights = Calendar(time_zone="America/New_York", hours=(Hours(5, dt.time(22), dt.time(6)),))
    start = local(NEW_YORK, 2026, 10, 31, 12, 0)
    assert business_seconds_between(nights, start, start + dt.timedelta(days=2)) == 9 * HOUR
    # Eight and a half hours in, it is 05:30 local on the second pass of the clock.
    due = add_business_seconds(nights, start, 8.5 * HOUR)
    assert due is not None and due.astimezone(NEW_YORK).time() == dt.time(5, 30)


def test_a_night_shift_across_the_spring_change_lasts_seven_real_hours():
    nights = Calendar(time_zone="America/New_York", hours=(Hours(5, dt.time(22), dt.time(6)),))
    start = local(NEW_YORK, 2026, 3, 7, 12, 0)
    assert business_seconds_between(nights, start, start + dt.timedelta(days=2)) == 7 * HOUR


def test_a_night_shift_that_began_before_a_holiday_runs_to_its_end():
    nights = Calendar(
        time_zone="Europe/Malta",
        hours=(Hours(0, dt.time(22), dt.time(6)), Hours(1, dt.time(22), dt.time(6))),
        holidays=frozenset({dt.date(2026, 3, 3)}),  # the Tuesday
    )
    monday = local(MALTA, 2026, 3, 2, 12, 0)
    # Monday night counts in full; Tuesday night's shift starts on the holiday and does not.
    assert business_seconds_between(nights, monday, monday + dt.timedelta(days=3)) == 8 * HOUR


def test_a_team_without_a_calendar_counts_wall_time():
    start = dt.datetime(2026, 3, 7, 23, 0, tzinfo=dt.UTC)
    assert add_business_seconds(ALWAYS_OPEN, start, 60) == start + dt.timedelta(seconds=60)
    assert business_seconds_between(ALWAYS_OPEN, start, start + dt.timedelta(days=2)) == 48 * HOUR


def test_a_calendar_with_no_hours_never_reaches_a_deadline():
    closed = Calendar(time_zone="UTC")
    start = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    assert add_business_seconds(closed, start, 60) is None
    assert business_seconds_between(closed, start, start + dt.timedelta(days=30)) == 0


def test_adding_then_measuring_gives_back_the_same_business_time():
    rng = random.Random(20260302)
    calendar = office(holidays=(dt.date(2026, 3, 9), dt.date(2026, 3, 31), dt.date(2026, 4, 1)))
    base = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    for _ in range(300):
        start = base + dt.timedelta(seconds=rng.randrange(0, 45 * 86400))
        seconds = rng.randrange(1, 60 * HOUR)
        due = add_business_seconds(calendar, start, seconds)
        assert due is not None
        assert business_seconds_between(calendar, start, due) == seconds
        assert is_open(calendar, due - dt.timedelta(microseconds=1))

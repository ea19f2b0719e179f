import datetime as dt
from typing import Any

import pytest

from sla.models import BusinessCalendar, BusinessHours, CalendarHoliday, SlaPolicy, TeamCalendar, TicketClock
from tickets.models import Ticket

# A Monday, 10:00 UTC.
MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _only_the_policies_a_test_makes(request: pytest.FixtureRequest) -> None:
    """The migration seeds default policies; each test that uses the database states its own."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        return
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    request.getfixturevalue("transactional_db" if transactional else "db")
    SlaPolicy.objects.all().delete()


def make_policy(name: str = "Standard", **fields: Any) -> SlaPolicy:
    defaults: dict[str, Any] = {
        "position": 10,
        "first_response_target": dt.timedelta(hours=1),
        "next_response_target": dt.timedelta(hours=2),
        "resolution_target": dt.timedelta(hours=8),
        "breach_notify_assignee": True,
        "breach_notify_leads": True,
    }
    teams = fields.pop("teams", [])
    policy = SlaPolicy.objects.create(name=name, **(defaults | fields))
    if teams:
        policy.teams.set(teams)
    return policy


def office_calendar(
    team: Any = None,
    *,
    time_zone: str = "Europe/Malta",
    opens: str = "09:00",
    closes: str = "17:00",
    weekdays: range = range(5),
    holidays: tuple[dt.date, ...] = (),
) -> BusinessCalendar:
    calendar = BusinessCalendar.objects.create(name=f"Office {time_zone} {opens}", time_zone=time_zone)
    BusinessHours.objects.bulk_create(
        [BusinessHours(calendar=calendar, weekday=d, start=opens, end=closes) for d in weekdays]
    )
    CalendarHoliday.objects.bulk_create([CalendarHoliday(calendar=calendar, date=d) for d in holidays])
    if team is not None:
        TeamCalendar.objects.create(team=team, calendar=calendar)
    return calendar


def clock_of(ticket: Ticket) -> TicketClock:
    return TicketClock.objects.get(ticket_id=ticket.pk)

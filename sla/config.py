"""The SLA configuration a process keeps: active policies (with their teams) and every calendar.

Loaded in six statements and kept until a write to any of its tables changes the "sla" token
(sla/migrations/0003_config_version.py); each use costs one statement to check the token. The value
is shared by every thread of the process and never mutated: policy rows included.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from helpdesk.config_cache import cached
from sla.calendar import Calendar, Hours
from sla.models import BusinessCalendar, BusinessHours, CalendarHoliday, SlaPolicy, TeamCalendar
from sla.rules import PolicySpec

CONFIG_NAME = "sla"


@dataclass(frozen=True)
class SlaConfig:
    specs: tuple[PolicySpec, ...]
    policies: Mapping[int, SlaPolicy]
    team_calendars: Mapping[int, int]
    calendars: Mapping[int, Calendar]


def policy_spec(policy: SlaPolicy) -> PolicySpec:
    return PolicySpec(
        id=policy.pk,
        position=policy.position,
        is_default=policy.is_default,
        tiers=frozenset(int(t) for t in policy.tiers or []),
        priorities=frozenset(int(p) for p in policy.priorities or []),
        vip_levels=frozenset(policy.vip_levels or []),
        channels=frozenset(policy.channels or []),
        categories=frozenset(policy.categories or []),
        team_ids=frozenset(t.pk for t in policy.teams.all()),
    )


def calendar_spec(
    calendar: BusinessCalendar, hours: list[BusinessHours], holidays: list[dt.date]
) -> Calendar:
    return Calendar(
        time_zone=calendar.time_zone,
        hours=tuple(Hours(h.weekday, h.start, h.end) for h in hours),
        holidays=frozenset(holidays),
        always_open=calendar.always_open,
    )


def sla_config_load() -> SlaConfig:
    policies = list(SlaPolicy.objects.filter(is_active=True).prefetch_related("teams"))
    hours: dict[int, list[BusinessHours]] = defaultdict(list)
    for h in BusinessHours.objects.all():
        hours[h.calendar_id].append(h)
    holidays: dict[int, list[dt.date]] = defaultdict(list)
    for calendar_id, day in CalendarHoliday.objects.values_list("calendar_id", "date"):
        holidays[calendar_id].append(day)
    return SlaConfig(
        specs=tuple(policy_spec(p) for p in policies),
        policies={p.pk: p for p in policies},
        team_calendars=dict(TeamCalendar.objects.values_list("team_id", "calendar_id")),
        calendars={
            c.pk: calendar_spec(c, hours[c.pk], holidays[c.pk]) for c in BusinessCalendar.objects.all()
        },
    )


def sla_config() -> SlaConfig:
    """The current configuration: one statement when this process holds it already."""
    return cached(CONFIG_NAME, sla_config_load)

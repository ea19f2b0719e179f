"""Administration of the SLA: policies (targets per kind of case) and business calendars.

Each change runs in one transaction with its audit event; the "sla" configuration token changes with
the rows (database triggers, sla/migrations/0003_config_version.py), so every process reloads the
policies on its next use. Open tickets' deadlines are recomputed after the change commits.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from accounts.models import User
from audit.services import audit_record
from customers.models import VipLevel
from helpdesk.errors import DomainError
from helpdesk.validation import check_time_zone
from routing.models import Shift, Team
from routing.rules import ShiftSpec, overlapping_shifts
from sla.models import BusinessCalendar, BusinessHours, CalendarHoliday, SlaPolicy, TeamCalendar
from tickets.models import Category, Channel, Priority, Tier

POLICY_FIELDS = (
    "position",
    "name",
    "is_active",
    "is_default",
    "tiers",
    "priorities",
    "vip_levels",
    "channels",
    "categories",
    "first_response_target",
    "next_response_target",
    "resolution_target",
    "warning_percent",
    "warn_notify_assignee",
    "breach_notify_assignee",
    "breach_notify_leads",
    "breach_raise_priority",
    "breach_escalate",
)
CALENDAR_FIELDS = ("name", "time_zone", "always_open")
# The longest target a policy may set: a typo of days for minutes would silence a policy for years.
TARGET_MAX = dt.timedelta(days=90)


@dataclass(frozen=True)
class HoursSpec:
    weekday: int
    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class DateSpec:
    date: dt.date
    name: str = ""


def _recompute_on_commit() -> None:
    """Open tickets follow the new policy or calendar; queued, never inside the request."""
    from sla.tasks import sla_recompute_open_task

    transaction.on_commit(lambda: sla_recompute_open_task.delay())


def _values(value: Any, allowed: list[Any], what: str) -> list[Any]:
    if not isinstance(value, list | tuple) or any(v not in allowed for v in value):
        raise DomainError(
            gettext("%(what)s: choose from %(allowed)s.")
            % {"what": what, "allowed": ", ".join(map(str, allowed))}
        )
    return list(dict.fromkeys(value))


def _check_policy(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(POLICY_FIELDS)
    if unknown:
        raise DomainError(
            gettext("Unknown SLA policy settings: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    checked = dict(fields)
    lists: tuple[tuple[str, list[Any], str], ...] = (
        ("tiers", list(Tier.values), gettext("Tiers")),
        ("priorities", list(Priority.values), gettext("Priorities")),
        ("vip_levels", list(VipLevel.values), gettext("VIP levels")),
        ("channels", list(Channel.values), gettext("Channels")),
        ("categories", list(Category.values), gettext("Categories")),
    )
    for name, allowed, what in lists:
        if name in checked:
            checked[name] = _values(checked[name], allowed, what)
    for name in ("first_response_target", "next_response_target", "resolution_target"):
        target = checked.get(name)
        if target is not None and target > TARGET_MAX:
            raise DomainError(gettext("A target is at most 90 days; leave it empty for no target."))
    percent = checked.get("warning_percent")
    if percent is not None and not 1 <= percent <= 99:
        raise DomainError(gettext("Warn between 1 and 99 percent of the target, or leave it empty."))
    return checked


def _policy_snapshot(policy: SlaPolicy) -> dict[str, Any]:
    data = {name: getattr(policy, name) for name in POLICY_FIELDS}
    for name in ("first_response_target", "next_response_target", "resolution_target"):
        data[name] = policy.target_seconds(name.removesuffix("_target"))
    data["teams"] = sorted(policy.teams.values_list("pk", flat=True)) if policy.pk else []
    return data


def sla_policy_save(
    *,
    actor: User,
    policy: SlaPolicy | None = None,
    fields: dict[str, Any],
    teams: list[Team] | None = None,
) -> SlaPolicy:
    """Create a policy (`policy` None) or change one. Marking it the default unmarks the one before;
    `teams` given replaces the teams it applies to."""
    checked = _check_policy(fields)
    with transaction.atomic():
        if policy is None:
            policy, before = SlaPolicy(), None
        else:
            policy = SlaPolicy.objects.select_for_update().get(pk=policy.pk)
            before = _policy_snapshot(policy)
        for name, value in checked.items():
            setattr(policy, name, value)
        try:
            policy.clean()
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages)) from None
        if policy.is_default:
            # One default at a time (a constraint holds it): the new one takes over in this change.
            SlaPolicy.objects.filter(is_default=True).exclude(pk=policy.pk).update(is_default=False)
        policy.save()
        if teams is not None:
            policy.teams.set(teams)
        audit_record(
            action="sla_policy.created" if before is None else "sla_policy.updated",
            obj=policy,
            actor=actor,
            before=before,
            after=_policy_snapshot(policy),
        )
        _recompute_on_commit()
    return policy


def sla_policy_delete(*, actor: User, policy: SlaPolicy) -> None:
    """Delete a policy other than the default: the default catches every case no other policy matches,
    so its deletion would silently leave those cases without deadlines."""
    with transaction.atomic():
        policy = SlaPolicy.objects.select_for_update().get(pk=policy.pk)
        if policy.is_default:
            raise DomainError(
                gettext(
                    "%(name)s is the default policy: mark another policy as the default before deleting it."
                )
                % {"name": policy.name},
                code="in_use",
            )
        audit_record(action="sla_policy.deleted", obj=policy, actor=actor, before=_policy_snapshot(policy))
        policy.delete()
        _recompute_on_commit()


def _calendar_snapshot(calendar: BusinessCalendar) -> dict[str, Any]:
    return {
        **{name: getattr(calendar, name) for name in CALENDAR_FIELDS},
        "hours": [
            [h.weekday, h.start.isoformat("minutes"), h.end.isoformat("minutes")]
            for h in BusinessHours.objects.filter(calendar=calendar).order_by("weekday", "start")
        ],
        "holidays": [
            [h.date.isoformat(), h.name]
            for h in CalendarHoliday.objects.filter(calendar=calendar).order_by("date")
        ],
        "teams": sorted(TeamCalendar.objects.filter(calendar=calendar).values_list("team_id", flat=True)),
    }


def _hours_text(hours: HoursSpec | ShiftSpec) -> str:
    return f"{Shift.Weekday(hours.weekday).label} {hours.start:%H:%M}-{hours.end:%H:%M}"


def _check_calendar(
    fields: dict[str, Any], hours: list[HoursSpec] | None, holidays: list[DateSpec] | None
) -> None:
    unknown = set(fields) - set(CALENDAR_FIELDS)
    if unknown:
        raise DomainError(
            gettext("Unknown calendar settings: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    if not str(fields.get("name", "x")).strip():
        raise DomainError(gettext("A calendar needs a name."))
    if "time_zone" in fields:
        try:
            check_time_zone(fields["time_zone"])
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), code="time_zone") from None
    if hours is not None:
        if any(h.weekday not in Shift.Weekday.values for h in hours):
            raise DomainError(gettext("A weekday is 0 (Monday) to 6 (Sunday)."))
        specs = [ShiftSpec(weekday=h.weekday, start=h.start, end=h.end) for h in hours]
        clash = overlapping_shifts(specs)
        if clash is not None:
            raise DomainError(
                gettext("These opening hours overlap: %(first)s and %(second)s. Shorten one or remove it.")
                % {"first": _hours_text(clash[0]), "second": _hours_text(clash[1])},
                code="overlap",
            )
    if holidays is not None and len({h.date for h in holidays}) != len(holidays):
        raise DomainError(gettext("A calendar can have only one holiday per date."))


def business_calendar_save(
    *,
    actor: User,
    calendar: BusinessCalendar | None = None,
    fields: dict[str, Any],
    hours: list[HoursSpec] | None = None,
    holidays: list[DateSpec] | None = None,
    teams: list[Team] | None = None,
) -> BusinessCalendar:
    """Create a calendar or change one. Each of hours, holidays and teams given replaces the whole
    list; a team follows one calendar, so listing it here moves it from the one it followed."""
    _check_calendar(fields, hours, holidays)
    with transaction.atomic():
        if calendar is None:
            calendar, before = BusinessCalendar(), None
        else:
            calendar = BusinessCalendar.objects.select_for_update().get(pk=calendar.pk)
            before = _calendar_snapshot(calendar)
        for name, value in fields.items():
            setattr(calendar, name, value)
        if BusinessCalendar.objects.filter(name=calendar.name).exclude(pk=calendar.pk).exists():
            raise DomainError(gettext("Another calendar is named %(name)s.") % {"name": calendar.name})
        calendar.save()
        if hours is not None:
            BusinessHours.objects.filter(calendar=calendar).delete()
            BusinessHours.objects.bulk_create(
                BusinessHours(calendar=calendar, weekday=h.weekday, start=h.start, end=h.end) for h in hours
            )
        if holidays is not None:
            CalendarHoliday.objects.filter(calendar=calendar).delete()
            CalendarHoliday.objects.bulk_create(
                CalendarHoliday(calendar=calendar, date=h.date, name=h.name) for h in holidays
            )
        if teams is not None:
            TeamCalendar.objects.filter(calendar=calendar).exclude(team__in=teams).delete()
            for team in teams:
                TeamCalendar.objects.update_or_create(team=team, defaults={"calendar": calendar})
        if not calendar.always_open and not BusinessHours.objects.filter(calendar=calendar).exists():
            # Without hours the clock would never run and no case on this calendar could breach.
            raise DomainError(gettext("Add opening hours, or mark the calendar open 24/7."))
        audit_record(
            action="business_calendar.created" if before is None else "business_calendar.updated",
            obj=calendar,
            actor=actor,
            before=before,
            after=_calendar_snapshot(calendar),
        )
        _recompute_on_commit()
    return calendar


def business_calendar_delete(*, actor: User, calendar: BusinessCalendar) -> None:
    """Delete a calendar no team follows. A followed one is refused: its teams' clocks would run
    around the clock from then on, a change nobody should make by deleting a calendar."""
    with transaction.atomic():
        calendar = BusinessCalendar.objects.select_for_update().get(pk=calendar.pk)
        teams = list(
            TeamCalendar.objects.filter(calendar=calendar)
            .order_by("team__name")
            .values_list("team__name", flat=True)
        )
        if teams:
            raise DomainError(
                gettext("Teams follow %(name)s: %(teams)s. Move them to another calendar first.")
                % {"name": calendar.name, "teams": ", ".join(teams)},
                code="in_use",
            )
        audit_record(
            action="business_calendar.deleted", obj=calendar, actor=actor, before=_calendar_snapshot(calendar)
        )
        calendar.delete()
        _recompute_on_commit()

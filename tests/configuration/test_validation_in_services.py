"""Every change of the configuration goes through a service that refuses what routing or the SLA clock
could not use, with a message that says what is wrong, and records what it changed in the audit log."""

import datetime as dt

import pytest

from audit.models import AuditEvent
from helpdesk.errors import DomainError
from routing.config import routing_config
from routing.models import RoutingRule, Shift, TeamMembership, VipPolicy
from routing.rules import ShiftSpec, overlapping_shifts
from routing.services import (
    TeamSeat,
    agent_teams_set,
    routing_rule_save,
    team_save,
    vip_policy_save,
)
from sla.models import BusinessCalendar, SlaPolicy
from sla.services import DateSpec, HoursSpec, business_calendar_save, sla_policy_save
from tests.factories import make_agent, make_team

pytestmark = pytest.mark.django_db


def shift(weekday: int, start: int, end: int) -> ShiftSpec:
    return ShiftSpec(weekday=weekday, start=dt.time(start), end=dt.time(end))


def test_shifts_that_share_a_minute_overlap_and_back_to_back_ones_do_not() -> None:
    assert overlapping_shifts([shift(0, 9, 17), shift(0, 16, 20)]) is not None
    assert overlapping_shifts([shift(0, 9, 17), shift(0, 17, 20), shift(1, 9, 17)]) is None
    # A long shift hiding a short one inside it, with a third in between in the sort.
    assert overlapping_shifts([shift(2, 6, 22), shift(2, 8, 9), shift(2, 10, 11)]) is not None


def test_a_sunday_night_shift_overlaps_an_early_monday_one() -> None:
    assert overlapping_shifts([shift(6, 22, 6), shift(0, 5, 9)]) is not None
    assert overlapping_shifts([shift(6, 22, 6), shift(0, 6, 9)]) is None


def test_overlapping_shifts_are_refused_with_both_named_and_nothing_saved(admin) -> None:
    team = make_team(name="Wallets", slug="wallets")
    with pytest.raises(DomainError) as refused:
        team_save(actor=admin, team=team, fields={}, shifts=[shift(0, 9, 17), shift(0, 16, 20)])
    assert refused.value.code == "overlap"
    assert "Monday 09:00-17:00 and Monday 16:00-20:00" in refused.value.message
    assert not Shift.objects.filter(team=team).exists()


def test_a_time_zone_that_is_not_in_zoneinfo_is_refused(admin) -> None:
    team = make_team(name="Wallets", slug="wallets")
    for zone in ("Mars/Olympus", "America", "CET+1"):
        with pytest.raises(DomainError, match="is not a time zone; use an IANA name"):
            team_save(actor=admin, team=team, fields={"time_zone": zone})
    team_save(actor=admin, team=team, fields={"time_zone": "Asia/Singapore"}, shifts=[shift(0, 9, 17)])
    team.refresh_from_db()
    assert team.time_zone == "Asia/Singapore"
    event = AuditEvent.objects.filter(action="team.updated").latest("id")
    assert event.before is not None and event.after is not None
    assert event.before["time_zone"] == "UTC" and event.after["shifts"] == [[0, "09:00", "17:00"]]


def test_vip_policies_take_only_known_levels_boosts_up_to_3_and_one_policy_per_level(admin) -> None:
    with pytest.raises(DomainError, match="Unknown VIP level vip9"):
        vip_policy_save(actor=admin, level="vip9", rank=9, priority_boost=1)
    with pytest.raises(DomainError, match="0 to 3 steps"):
        vip_policy_save(actor=admin, level="vip1", rank=1, priority_boost=4)
    vip_policy_save(actor=admin, level="vip1", rank=1, priority_boost=1)
    with pytest.raises(DomainError, match="vip1 has a policy already"):
        vip_policy_save(actor=admin, level="vip1", rank=5, priority_boost=2)
    assert list(VipPolicy.objects.values_list("level", "rank")) == [("vip1", 1)]
    assert AuditEvent.objects.filter(action="vip_policy.created").count() == 1


def test_a_rule_condition_on_a_value_the_fact_never_takes_is_refused(admin) -> None:
    bad = [{"field": "vip_level", "op": "eq", "value": "vip9"}]
    with pytest.raises(DomainError, match="Condition 1: VIP level is never vip9"):
        routing_rule_save(actor=admin, fields={"name": "VIPs", "conditions": bad, "actions": {"tier": 2}})
    wrong_op = [{"field": "pending_withdrawal_usd", "op": "contains", "value": "5"}]
    with pytest.raises(DomainError, match="does not take 'contains'"):
        routing_rule_save(actor=admin, fields={"name": "Big", "conditions": wrong_op, "actions": {}})
    with pytest.raises(DomainError, match="No team has the slug nowhere"):
        routing_rule_save(
            actor=admin, fields={"name": "Lost", "conditions": [], "actions": {"team": "nowhere"}}
        )
    assert not RoutingRule.objects.exists()


def test_a_saved_rule_reaches_the_routing_configuration_at_once(admin) -> None:
    before = routing_config()
    rule = routing_rule_save(
        actor=admin,
        fields={
            "name": "VIPs",
            "conditions": [{"field": "vip_rank", "op": "gte", "value": 2}],
            "actions": {"tier": 2},
        },
    )
    # The triggers change the "routing" token with the row: this process loads the rules again.
    after = routing_config()
    assert after is not before
    assert [r.id for r in after.rules] == [rule.pk]
    routing_rule_save(actor=admin, rule=rule, fields={"is_active": False})
    assert routing_config().rules == ()


def test_an_agent_is_put_in_exactly_the_teams_chosen_with_one_audit_event(admin) -> None:
    wallets, kyc = make_team(name="Wallets", slug="wallets"), make_team(name="KYC", slug="kyc")
    agent = make_agent(username="bo")
    TeamMembership.objects.create(team=kyc, user=agent)
    agent_teams_set(actor=admin, agent=agent, teams=[TeamSeat(team_id=wallets.pk, is_lead=True)])
    assert list(TeamMembership.objects.filter(user=agent).values_list("team__slug", "is_lead")) == [
        ("wallets", True)
    ]
    event = AuditEvent.objects.get(action="agent.teams_changed")
    assert event.before == {"teams": [[kyc.pk, False]]} and event.after == {"teams": [[wallets.pk, True]]}


def test_a_calendar_refuses_an_unknown_zone_overlapping_hours_and_no_hours_at_all(admin) -> None:
    week = [HoursSpec(weekday=d, start=dt.time(8), end=dt.time(18)) for d in range(5)]
    with pytest.raises(DomainError, match="Europe/Berlinn is not a time zone"):
        business_calendar_save(actor=admin, fields={"name": "EU", "time_zone": "Europe/Berlinn"}, hours=week)
    clash = [*week, HoursSpec(weekday=4, start=dt.time(17), end=dt.time(2))]
    with pytest.raises(DomainError, match="opening hours overlap: Friday 08:00-18:00 and Friday 17:00-02:00"):
        business_calendar_save(actor=admin, fields={"name": "EU", "time_zone": "Europe/Berlin"}, hours=clash)
    with pytest.raises(DomainError, match="Add opening hours, or mark the calendar open 24/7"):
        business_calendar_save(actor=admin, fields={"name": "EU", "time_zone": "Europe/Berlin"}, hours=[])
    twice = [DateSpec(date=dt.date(2026, 12, 25)), DateSpec(date=dt.date(2026, 12, 25), name="Again")]
    with pytest.raises(DomainError, match="one holiday per date"):
        business_calendar_save(
            actor=admin, fields={"name": "EU", "time_zone": "Europe/Berlin"}, hours=week, holidays=twice
        )
    assert not BusinessCalendar.objects.exists()
    team = make_team(name="Wallets", slug="wallets")
    calendar = business_calendar_save(
        actor=admin, fields={"name": "EU", "time_zone": "Europe/Berlin"}, hours=week, teams=[team]
    )
    after = AuditEvent.objects.get(action="business_calendar.created").after
    assert after is not None
    assert after["teams"] == [team.pk] and len(after["hours"]) == 5 and calendar.team_links.count() == 1


def test_a_new_default_sla_policy_takes_over_and_targets_stay_sane(admin) -> None:
    first = sla_policy_save(actor=admin, fields={"name": "Standard", "is_default": True})
    second = sla_policy_save(
        actor=admin,
        fields={
            "name": "Urgent",
            "is_default": True,
            "priorities": [4],
            "first_response_target": dt.timedelta(minutes=15),
        },
    )
    assert list(SlaPolicy.objects.filter(is_default=True)) == [second]
    first.refresh_from_db()
    assert not first.is_default
    with pytest.raises(DomainError, match="at most 90 days"):
        sla_policy_save(actor=admin, policy=second, fields={"resolution_target": dt.timedelta(days=400)})
    with pytest.raises(DomainError, match="Priorities: choose from 1, 2, 3, 4"):
        sla_policy_save(actor=admin, policy=second, fields={"priorities": [9]})
    with pytest.raises(DomainError, match="longer than zero"):
        sla_policy_save(actor=admin, policy=second, fields={"next_response_target": dt.timedelta(0)})
    event = AuditEvent.objects.filter(action="sla_policy.created").latest("id")
    assert event.after is not None
    assert event.after["first_response_target"] == 900 and event.after["priorities"] == [4]

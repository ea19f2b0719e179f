"""Admins enter a fully loaded hourly cost per team or per agent from a date, on the costs page or
through the service; every change is audited; supervisors read; nobody rewrites a past month."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from costs.handletime import Prices
from costs.models import CostRate
from costs.services import cost_rate_set
from helpdesk.errors import DomainError
from tests.costs.conftest import member_of, signed_in
from tests.factories import TeamMembershipFactory, make_agent

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 18)


@pytest.fixture
def admin(db):
    return make_agent(username="root", role="admin")


@pytest.fixture
def sofia(db):
    return make_agent(username="sofia", role="supervisor")


def test_a_team_cost_is_saved_with_an_audit_record(admin, inhouse_team):
    rate = cost_rate_set(
        actor=admin, team=inhouse_team, hourly_cost="42.50", effective_from=dt.date(2026, 11, 1), today=TODAY
    )

    assert rate.hourly_cost == Decimal("42.50")
    event = AuditEvent.objects.get(action="costs.rate_set")
    assert event.actor == admin
    assert event.after == {
        "team": inhouse_team.pk,
        "agent": None,
        "hourly_cost": "42.50",
        "effective_from": "2026-11-01",
    }


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1", "cannot be negative"),
        ("10000.01", "check the decimal point"),
        ("12.345", "at most two decimals"),
        ("twelve", "as a number"),
        ("NaN", "as a number"),
    ],
)
def test_a_cost_that_cannot_be_right_is_refused_with_a_clear_message(admin, inhouse_team, amount, message):
    with pytest.raises(DomainError, match=message):
        cost_rate_set(actor=admin, team=inhouse_team, hourly_cost=amount, effective_from=TODAY, today=TODAY)
    assert not CostRate.objects.exists()
    assert not AuditEvent.objects.filter(action="costs.rate_set").exists()


def test_a_cost_cannot_start_in_a_past_month(admin, inhouse_team):
    with pytest.raises(DomainError, match=r"Past months are closed.*2026-11-01"):
        cost_rate_set(
            actor=admin,
            team=inhouse_team,
            hourly_cost="40",
            effective_from=dt.date(2026, 10, 31),
            today=TODAY,
        )


def test_two_costs_from_the_same_date_for_one_team_overlap_and_the_second_is_refused(admin, inhouse_team):
    cost_rate_set(actor=admin, team=inhouse_team, hourly_cost="40", effective_from=TODAY, today=TODAY)
    with pytest.raises(DomainError, match="already entered"):
        cost_rate_set(actor=admin, team=inhouse_team, hourly_cost="41", effective_from=TODAY, today=TODAY)
    assert CostRate.objects.count() == 1


def test_a_cost_is_for_a_team_or_an_agent_not_both(admin, inhouse_team, ana):
    with pytest.raises(DomainError, match="either a team or an agent"):
        cost_rate_set(
            actor=admin, team=inhouse_team, agent=ana, hourly_cost="40", effective_from=TODAY, today=TODAY
        )
    with pytest.raises(DomainError, match="either a team or an agent"):
        cost_rate_set(actor=admin, hourly_cost="40", effective_from=TODAY, today=TODAY)


def _rate(**fields):
    return CostRate.objects.create(created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), **fields)


def test_an_agents_own_cost_overrides_the_team_cost_from_its_date(inhouse_team, ana):
    bo = member_of(inhouse_team, "bo")
    _rate(team=inhouse_team, hourly_cost=Decimal("30"), effective_from=dt.date(2026, 1, 1))
    _rate(agent=ana, hourly_cost=Decimal("55"), effective_from=dt.date(2026, 6, 1))
    prices = Prices.load(agent_ids={ana.pk, bo.pk})

    assert prices.rate(agent_id=ana.pk, team_id=inhouse_team.pk, day=dt.date(2026, 5, 31)) == Decimal("30")
    assert prices.rate(agent_id=ana.pk, team_id=inhouse_team.pk, day=dt.date(2026, 6, 1)) == Decimal("55")
    assert prices.rate(agent_id=bo.pk, team_id=inhouse_team.pk, day=dt.date(2026, 6, 1)) == Decimal("30")


def test_a_new_cost_changes_the_days_from_its_date_and_keeps_the_earlier_ones(inhouse_team, ana):
    _rate(team=inhouse_team, hourly_cost=Decimal("30"), effective_from=dt.date(2026, 1, 1))
    _rate(team=inhouse_team, hourly_cost=Decimal("36"), effective_from=dt.date(2026, 11, 1))
    prices = Prices.load(agent_ids={ana.pk})

    assert prices.rate(agent_id=ana.pk, team_id=None, day=dt.date(2025, 12, 31)) is None
    assert prices.rate(agent_id=ana.pk, team_id=None, day=dt.date(2026, 10, 31)) == Decimal("30")
    assert prices.rate(agent_id=ana.pk, team_id=None, day=dt.date(2026, 11, 1)) == Decimal("36")


def test_an_agent_in_two_teams_is_priced_at_the_cost_of_the_cases_team(inhouse_team, partner_team, ana):
    TeamMembershipFactory(team=partner_team, user=ana)
    _rate(team=inhouse_team, hourly_cost=Decimal("30"), effective_from=dt.date(2026, 1, 1))
    _rate(team=partner_team, hourly_cost=Decimal("18"), effective_from=dt.date(2026, 1, 1))
    prices = Prices.load(agent_ids={ana.pk})
    day = dt.date(2026, 11, 2)

    assert prices.rate(agent_id=ana.pk, team_id=partner_team.pk, day=day) == Decimal("18")
    assert prices.rate(agent_id=ana.pk, team_id=inhouse_team.pk, day=day) == Decimal("30")


# --- The page -------------------------------------------------------------------------------------


def test_an_admin_enters_a_cost_on_the_page(admin, inhouse_team):
    client = signed_in(admin)
    first_of_month = dt.date.today().replace(day=1).isoformat()
    response = client.post(
        "/costs/", {"team": inhouse_team.pk, "hourly_cost": "42.5", "effective_from": first_of_month}
    )

    assert response.status_code == 302
    assert CostRate.objects.get().hourly_cost == Decimal("42.50")
    page = client.get("/costs/").content.decode()
    assert "$42.50" in page
    assert "Hourly cost saved" in page


def test_the_page_shows_why_a_cost_was_refused(admin, inhouse_team):
    response = signed_in(admin).post(
        "/costs/",
        {"team": inhouse_team.pk, "hourly_cost": "-3", "effective_from": dt.date.today().isoformat()},
    )

    assert response.status_code == 400
    assert "An hourly cost cannot be negative." in response.content.decode()
    assert not CostRate.objects.exists()


def test_the_page_asks_for_a_team_or_an_agent(admin):
    response = signed_in(admin).post(
        "/costs/", {"hourly_cost": "3", "effective_from": dt.date.today().isoformat()}
    )
    assert response.status_code == 400
    assert "Choose either a team or an agent." in response.content.decode()


def test_a_supervisor_reads_the_costs_but_cannot_change_them(sofia, inhouse_team):
    _rate(team=inhouse_team, hourly_cost=Decimal("30"), effective_from=dt.date(2026, 1, 1))
    client = signed_in(sofia)
    page = client.get("/costs/")

    assert page.status_code == 200
    assert "$30.00" in page.content.decode()
    assert '<form method="post" class="costs-form">' not in page.content.decode()
    refused = client.post(
        "/costs/",
        {"team": inhouse_team.pk, "hourly_cost": "1", "effective_from": dt.date.today().isoformat()},
    )
    assert refused.status_code == 403
    assert CostRate.objects.count() == 1


def test_agents_and_partner_agents_do_not_see_costs(ana, pat):
    for user in (ana, pat):
        assert signed_in(user).get("/costs/").status_code == 403


def test_the_page_runs_a_fixed_number_of_statements_whatever_the_number_of_costs(
    admin, inhouse_team, partner_team
):
    client = signed_in(admin)
    client.get("/costs/")
    for day in range(1, 4):
        _rate(team=inhouse_team, hourly_cost=Decimal(30 + day), effective_from=dt.date(2026, 1, day))
        _rate(team=partner_team, hourly_cost=Decimal(15 + day), effective_from=dt.date(2026, 1, day))
        _rate(
            agent=member_of(inhouse_team, f"agent-{day}"),
            hourly_cost=Decimal(50),
            effective_from=dt.date(2026, 1, 1),
        )

    with CaptureQueriesContext(connection) as few:
        client.get("/costs/")
    for day in range(4, 10):
        _rate(team=inhouse_team, hourly_cost=Decimal(30 + day), effective_from=dt.date(2026, 1, day))
        _rate(
            agent=member_of(partner_team, f"agent-{day}"),
            hourly_cost=Decimal(50),
            effective_from=dt.date(2026, 1, 1),
        )
    with CaptureQueriesContext(connection) as many:
        client.get("/costs/")
    assert len(few) == len(many)


def test_the_page_shows_each_teams_cost_history_and_flags_a_team_without_one(
    sofia, inhouse_team, partner_team
):
    _rate(team=inhouse_team, hourly_cost=Decimal("30"), effective_from=dt.date(2026, 1, 1))
    _rate(team=inhouse_team, hourly_cost=Decimal("36"), effective_from=dt.date(2026, 11, 1))
    page = signed_in(sofia).get("/costs/").content.decode()

    assert "$36.00 from" in page and "$30.00 from" in page
    assert page.index("$36.00 from") < page.index("$30.00 from")  # newest first
    assert page.count("No cost entered") == 1  # the partner team
    assert "Partner" in page and "In-house" in page

"""Supervisors see SLA attainment per team and tier, with a chart, in a fixed number of queries."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from casework.services import ticket_reply
from routing.models import Tier
from sla.services import sla_sweep
from tests.factories import make_agent, make_team, make_ticket
from tests.sla.conftest import make_policy

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)
URL = "/sla/report/"


@pytest.fixture
def supervisor_client(supervisor) -> Client:
    client = Client()
    client.force_login(supervisor)
    return client


def _answered(team, *, after: dt.timedelta, at: dt.datetime, agent) -> None:
    with time_machine.travel(at, tick=False):
        ticket = make_ticket(team=team, tier=team.tier)
    with time_machine.travel(at + after, tick=False):
        ticket_reply(ticket=ticket, author=agent, body="Answer")


def test_attainment_is_shown_per_team_and_per_tier(supervisor_client: Client):
    make_policy(first_response_target=H, resolution_target=None)
    agent = make_agent(username="alice")
    general = make_team(name="General", slug="general", tier=Tier.GENERAL)
    wallets = make_team(name="Wallets", slug="wallets", tier=Tier.SPECIALIST)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    _answered(general, after=dt.timedelta(minutes=30), at=start, agent=agent)
    _answered(general, after=2 * H, at=start, agent=agent)  # late
    _answered(wallets, after=dt.timedelta(minutes=10), at=start, agent=agent)
    with time_machine.travel(start, tick=False):
        make_ticket(team=wallets, tier=Tier.SPECIALIST)  # still open, and overdue once swept
    sla_sweep()

    response = supervisor_client.get(URL)
    assert response.status_code == 200
    report = response.context["report"]
    by_team = {g.label: g for g in report.by_team}
    assert (by_team["General"].first_response.met, by_team["General"].first_response.total) == (1, 2)
    assert (by_team["Wallets"].first_response.met, by_team["Wallets"].first_response.total) == (1, 2)
    assert by_team["Wallets"].breached_open == 1
    by_tier = {g.label: g for g in report.by_tier}
    assert by_tier[str(Tier.SPECIALIST.label)].first_response.percent == 50.0
    assert report.overall.first_response.percent == 50.0
    page = response.content.decode()
    assert "<svg" in page and 'class="bar-first_response"' in page
    assert "50.0%" in page


def test_the_period_chooses_which_tickets_count(supervisor_client: Client):
    make_policy(first_response_target=H, resolution_target=None)
    agent = make_agent(username="alice")
    team = make_team(name="General", slug="general")
    _answered(team, after=2 * H, at=dt.datetime.now(dt.UTC) - dt.timedelta(days=20), agent=agent)
    _answered(
        team, after=dt.timedelta(minutes=5), at=dt.datetime.now(dt.UTC) - dt.timedelta(days=2), agent=agent
    )
    assert supervisor_client.get(URL, {"days": "7"}).context["report"].overall.first_response.percent == 100.0
    assert supervisor_client.get(URL, {"days": "30"}).context["report"].overall.first_response.percent == 50.0
    assert supervisor_client.get(URL, {"days": "-1"}).context["period"] == 30


def test_agents_may_not_see_the_report(agent_client: Client):
    assert agent_client.get(URL).status_code == 403


def test_the_report_costs_the_same_queries_for_two_teams_or_eight(supervisor_client: Client):
    make_policy(first_response_target=H, resolution_target=None)
    agent = make_agent(username="alice")
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert supervisor_client.get(URL).status_code == 200
        return len(queries)

    for n in range(2):
        _answered(make_team(name=f"Desk {n}", slug=f"desk-{n}"), after=H / 2, at=now, agent=agent)
    few = count()
    for n in range(2, 8):
        _answered(
            make_team(name=f"Desk {n}", slug=f"desk-{n}", tier=n % 3 + 1), after=2 * H, at=now, agent=agent
        )
    assert count() == few

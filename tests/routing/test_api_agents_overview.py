"""GET /api/routing/agents/: every agent's presence, teams, capacity and load, for supervisors."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from routing.models import AgentStatus
from tests.factories import TeamMembershipFactory, make_agent, make_team, make_ticket
from tests.routing.conftest import member
from tickets.models import Channel

pytestmark = pytest.mark.django_db


def _by_username(response):
    return {row["username"]: row for row in response.json()["results"]}


def test_supervisors_see_each_agents_presence_teams_capacity_and_load(
    supervisor_api, general_team, wallets_team
):
    busy = member(general_team, "busy")
    TeamMembershipFactory(team=wallets_team, user=busy)
    AgentStatus.objects.filter(user=busy).update(ticket_capacity=7)
    make_ticket(assignee=busy, team=general_team)
    make_ticket(assignee=busy, team=general_team, channel=Channel.CHAT)
    make_ticket(assignee=busy, team=general_team, channel=Channel.CHAT)

    rows = _by_username(supervisor_api.get("/api/routing/agents/"))
    row = rows["busy"]
    assert row["presence"] == "online"
    assert [t["slug"] for t in row["teams"]] == ["general", "wallets"]
    # The larger of the teams' chat capacities; the agent's own ticket capacity overrides the teams'.
    assert row["capacity"] == {"chats": 3, "tickets": 7, "vip_reserved": 0}
    assert row["load"] == {"chats": 2, "tickets": 1}
    assert rows["sam"]["teams"] == []
    assert rows["sam"]["presence"] == "offline"


def test_an_online_agent_whose_heartbeat_stopped_shows_offline(supervisor_api, general_team):
    member(general_team, "quiet")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=10)):
        rows = _by_username(supervisor_api.get("/api/routing/agents/"))
        offline = _by_username(supervisor_api.get("/api/routing/agents/?presence=offline"))
        online = _by_username(supervisor_api.get("/api/routing/agents/?presence=online"))
    assert rows["quiet"]["presence"] == "offline"
    assert "quiet" in offline
    assert "quiet" not in online


def test_the_list_filters_by_team_and_presence(supervisor_api, general_team, wallets_team):
    member(general_team, "gen-on")
    member(general_team, "gen-off", online=False)
    member(wallets_team, "wal-on")
    assert set(_by_username(supervisor_api.get("/api/routing/agents/?team=general"))) == {"gen-on", "gen-off"}
    assert set(_by_username(supervisor_api.get(f"/api/routing/agents/?team={wallets_team.pk}"))) == {"wal-on"}
    assert set(_by_username(supervisor_api.get("/api/routing/agents/?presence=online"))) == {
        "gen-on",
        "wal-on",
    }
    assert set(_by_username(supervisor_api.get("/api/routing/agents/?presence=offline"))) == {
        "gen-off",
        "sam",
    }
    bad = supervisor_api.get("/api/routing/agents/?presence=asleep")
    assert bad.status_code == 400
    assert "presence" in bad.json()["errors"]


def test_agents_may_not_see_the_overview(api_client):
    response = api_client.get("/api/routing/agents/")
    assert response.status_code == 403
    assert response.json()["message"] == "Only supervisors and admins may do this."


@pytest.mark.parametrize("agents", [3, 12])
def test_the_overview_takes_three_queries_however_many_agents(
    supervisor_api, django_assert_num_queries, agents
):
    teams = [make_team(name=f"Desk {n}", slug=f"desk-{n}") for n in range(3)]
    for n in range(agents):
        user = make_agent(username=f"desk-agent-{n}")
        TeamMembershipFactory(team=teams[n % 3], user=user)
        TeamMembershipFactory(team=teams[(n + 1) % 3], user=user)
        if n % 2:
            member_status = AgentStatus.objects.create(
                user=user, last_seen_at=timezone.now(), presence="online"
            )
            assert member_status.pk
        make_ticket(assignee=user, team=teams[n % 3])
    # The page of agents with their status, their teams, their open work.
    with django_assert_num_queries(3):
        response = supervisor_api.get("/api/routing/agents/")
    rows = [r for r in response.json()["results"] if r["username"].startswith("desk-agent")]
    assert len(rows) == agents
    assert all(len(r["teams"]) == 2 and r["load"]["tickets"] == 1 for r in rows)
    assert sum(r["presence"] == "online" for r in rows) == agents // 2

import datetime as dt

import pytest
from django.utils import timezone

from casework.services import ticket_assign, ticket_set_status
from customers.models import VipLevel
from tests.factories import AgentFactory, CustomerFactory, TeamFactory, TeamMembershipFactory, TicketFactory
from tickets.models import Category, Channel, Priority, Status, Ticket
from tickets.services import ticket_set_tags

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(agent):
    team = TeamFactory.create(name="KYC", slug="kyc", tier=2)
    TeamMembershipFactory.create(team=team, user=agent)
    return team


@pytest.fixture
def world(agent, team):
    """Five tickets that differ in one way each from a plain one."""
    vip = CustomerFactory.create(external_id="EX-VIP", vip_level=VipLevel.VIP3)
    other_team = TeamFactory.create(name="Wallets", slug="wallets")
    plain = TicketFactory.create(team=other_team)
    mine = TicketFactory.create(team=other_team, priority=Priority.URGENT, channel=Channel.CHAT)
    ticket_assign(ticket=mine, actor=None, assignee=agent)
    teams = TicketFactory.create(team=team, category=Category.KYC, tier=2)
    vips = TicketFactory.create(customer=vip, team=other_team, priority=Priority.HIGH)
    ticket_set_tags(ticket=vips, actor=None, tags=["whale"])
    solved = TicketFactory.create(team=other_team)
    ticket_assign(ticket=solved, actor=None, assignee=AgentFactory.create(username="bob"))
    ticket_set_status(ticket=solved, actor=None, status=Status.SOLVED)
    return {"plain": plain, "mine": mine, "team": teams, "vip": vips, "solved": solved}


def _ids(client, query):
    response = client.get(f"/api/tickets/?{query}")
    assert response.status_code == 200, response.json()
    return {t["id"] for t in response.json()["results"]}


def _pks(world, *names):
    return {world[n].pk for n in names}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=new", ["plain", "team", "vip"]),
        ("status=open&status=solved", ["mine", "solved"]),
        ("priority=urgent", ["mine"]),
        ("priority=urgent&priority=high", ["mine", "vip"]),
        ("channel=chat", ["mine"]),
        ("category=kyc", ["team"]),
        ("tier=2", ["team"]),
        ("assignee=me", ["mine"]),
        ("assignee=none", ["plain", "team", "vip"]),
        ("tag=whale", ["vip"]),
        ("customer_external_id=EX-VIP", ["vip"]),
        ("queue=mine", ["mine"]),
        ("queue=team", ["team"]),
        ("queue=unassigned", ["plain", "team", "vip"]),
        ("queue=vip", ["vip"]),
        ("queue=all", ["plain", "mine", "team", "vip", "solved"]),
        ("queue=unassigned&priority=high", ["vip"]),
    ],
)
def test_each_filter_narrows_the_list(api_client, world, query, expected):
    assert _ids(api_client, query) == _pks(world, *expected)


def test_filters_by_team_assignee_customer_and_reference(api_client, agent, team, world):
    assert _ids(api_client, f"team={team.pk}") == _pks(world, "team")
    assert _ids(api_client, f"assignee={agent.pk}") == _pks(world, "mine")
    assert _ids(api_client, f"customer={world['vip'].customer_id}") == _pks(world, "vip")
    assert _ids(api_client, f"reference={world['plain'].reference}") == _pks(world, "plain")


def test_time_filters_take_iso_timestamps(api_client, world):
    old = world["plain"]
    long_ago = timezone.now() - dt.timedelta(days=30)
    Ticket.objects.filter(pk=old.pk).update(created_at=long_ago, updated_at=long_ago)
    cutoff = (timezone.now() - dt.timedelta(days=1)).isoformat()
    cutoff_param = cutoff.replace("+", "%2B")
    assert _ids(api_client, f"created_before={cutoff_param}") == {old.pk}
    assert old.pk not in _ids(api_client, f"created_after={cutoff_param}")
    assert _ids(api_client, f"updated_after={cutoff_param}") == _pks(world, "mine", "team", "vip", "solved")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=archived", "status"),
        ("priority=4", "priority"),
        ("priority=critical", "priority"),
        ("channel=fax", "channel"),
        ("tier=9", "tier"),
        ("team=abc", "team"),
        ("team=99999999999999999999999", "team"),
        ("assignee=someone", "assignee"),
        ("customer=-1", "customer"),
        ("created_after=yesterday", "created_after"),
        ("queue=everything", "queue"),
        ("reference=HD-abc", "reference"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_filter(api_client, world, query, field):
    response = api_client.get(f"/api/tickets/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"]
    assert body["message"].startswith(f"{field}: ")

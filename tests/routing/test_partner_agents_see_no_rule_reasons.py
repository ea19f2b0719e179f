"""Why a case reached its team quotes the routing rules, thresholds included. In-house agents read it on
their cases; a partner agent working the same case sees where it went, not the rules that sent it."""

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from routing.models import RoutingRule
from routing.services import ticket_route
from tests.factories import TeamMembershipFactory, make_agent, make_customer, make_team, make_ticket
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

RULE_TEXT = "Security desk"


@pytest.fixture
def routed(db: None) -> dict[str, Any]:
    desk = make_team(name="Partner desk", slug="partner-desk", tier=1, is_outsourced=True, languages=["en"])
    RoutingRule.objects.create(
        position=1,
        name=RULE_TEXT,
        conditions=[{"field": "pending_withdrawal_usd", "op": "gt", "value": 10000}],
        actions={"team": "partner-desk", "priority": "urgent"},
    )
    ticket = make_ticket(customer=make_customer(pending_withdrawal_usd=25000), language="en")
    ticket_route(ticket=ticket, push=False)
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.team == desk and RULE_TEXT in " ".join(ticket.routing["reasons"])
    partner = make_agent(username="pat")
    TeamMembershipFactory(team=desk, user=partner)
    return {"ticket": ticket, "partner": partner, "agent": make_agent(username="alice")}


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _page(user: Any, ticket: Ticket) -> str:
    client = Client()
    client.force_login(user)
    return client.get(f"/tickets/{ticket.pk}/").content.decode()


def test_a_partner_agent_sees_the_team_a_case_was_routed_to_but_not_the_rules(routed):
    ticket, client = routed["ticket"], _api(routed["partner"])
    detail = client.get(f"/api/tickets/{ticket.pk}/").json()
    assert detail["routing"]["team_name"] == "Partner desk"
    assert not {"reasons", "matched", "facts"} & set(detail["routing"])
    entries = client.get(f"/api/tickets/{ticket.pk}/entries/").content.decode()
    assert RULE_TEXT not in entries and "10,000" not in entries
    page = _page(routed["partner"], ticket)
    assert "routed the ticket to Partner desk" in page
    assert RULE_TEXT not in page and "10,000" not in page


def test_an_in_house_agent_reads_why_a_case_is_where_it_is(routed):
    ticket, client = routed["ticket"], _api(routed["agent"])
    detail = client.get(f"/api/tickets/{ticket.pk}/").json()
    assert RULE_TEXT in " ".join(detail["routing"]["reasons"])
    routed_event = next(
        e
        for e in client.get(f"/api/tickets/{ticket.pk}/entries/").json()["results"]
        if e["data"].get("event") == "routed"
    )
    assert RULE_TEXT in " ".join(routed_event["data"]["reasons"])
    assert RULE_TEXT in _page(routed["agent"], ticket)

import pytest
from django.test import Client
from django.urls import reverse

from routing.models import AgentStatus, Presence, Tier
from tests.factories import TeamFactory, TeamMembershipFactory, TicketFactory
from tickets.models import Priority

pytestmark = pytest.mark.django_db


def test_get_next_hands_me_the_most_urgent_waiting_case_of_my_team(agent_client: Client, agent, inhouse_team):
    TeamMembershipFactory.create(team=inhouse_team, user=agent)
    TicketFactory.create(team=inhouse_team, priority=Priority.NORMAL)
    urgent = TicketFactory.create(team=inhouse_team, priority=Priority.URGENT)

    response = agent_client.post(reverse("tickets:ticket-next"))
    assert response["Location"] == reverse("tickets:ticket-detail", args=[urgent.pk])
    urgent.refresh_from_db()
    assert urgent.assignee == agent
    page = agent_client.get(response["Location"]).content.decode()
    assert "assigned the ticket to Alice Agent (get next)" in page


def test_get_next_with_nothing_waiting_says_so(agent_client: Client, agent, inhouse_team):
    TeamMembershipFactory.create(team=inhouse_team, user=agent)
    response = agent_client.post(reverse("tickets:ticket-next"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("tickets:queue")
    assert "Nothing is waiting for you right now." in response.content.decode()


def test_an_agent_sets_their_presence_from_the_top_bar(agent_client: Client, agent):
    page = agent_client.get(reverse("tickets:queue")).content.decode()
    assert 'name="presence"' in page
    response = agent_client.post(
        reverse("tickets:presence-update"), {"presence": Presence.ONLINE, "next": "/customers/"}
    )
    assert response["Location"] == "/customers/"
    assert AgentStatus.objects.get(user=agent).presence == Presence.ONLINE


def test_presence_never_redirects_off_site(agent_client: Client):
    response = agent_client.post(
        reverse("tickets:presence-update"), {"presence": Presence.AWAY, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("tickets:queue")


def test_the_heartbeat_keeps_an_agent_seen(agent_client: Client, agent):
    response = agent_client.post(reverse("tickets:presence-heartbeat"))
    assert response.status_code == 204
    assert AgentStatus.objects.get(user=agent).last_seen_at is not None


def test_escalating_moves_the_ticket_one_tier_up_with_the_note(agent_client: Client, ticket):
    specialists = TeamFactory.create(name="Wallet specialists", tier=Tier.SPECIALIST)
    response = agent_client.post(
        reverse("tickets:ticket-escalate", args=[ticket.pk]), {"note": "Needs on-chain tracing."}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.team, ticket.tier, ticket.assignee) == (specialists, Tier.SPECIALIST, None)
    page = agent_client.get(reverse("tickets:ticket-detail", args=[ticket.pk])).content.decode()
    assert "escalated the ticket to Wallet specialists" in page
    assert "Needs on-chain tracing." in page


def test_escalating_with_no_team_above_explains_why(agent_client: Client, ticket):
    response = agent_client.post(reverse("tickets:ticket-escalate", args=[ticket.pk]), {"note": ""})
    assert response.status_code == 400
    assert "no team is set up for tier 2" in response.content.decode()


def test_the_ticket_page_shows_why_routing_put_the_ticket_where_it_is(agent_client: Client, inhouse_team):
    routed = TicketFactory.create()
    page = agent_client.get(reverse("tickets:ticket-detail", args=[routed.pk])).content.decode()
    assert "Why it is here" in page
    assert f"routed the ticket to {inhouse_team.name}" in page

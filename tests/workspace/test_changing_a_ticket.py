import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from casework.services import ticket_set_status
from intake.language import language_pinned
from intake.pipeline import customer_message_add
from routing.models import Tier
from tests.factories import AgentFactory, TeamFactory, TeamMembershipFactory, TicketFactory
from tickets.models import Category, Priority, Status

pytestmark = pytest.mark.django_db


def _url(name: str, ticket) -> str:
    return reverse(f"tickets:{name}", args=[ticket.pk])


def test_changing_the_status_goes_through_the_service_and_is_audited(agent_client: Client, ticket, agent):
    response = agent_client.post(_url("ticket-properties", ticket), {"status": Status.SOLVED})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED
    assert ticket.solved_at is not None
    assert AuditEvent.objects.filter(action="ticket.status_changed", actor=agent).exists()


def test_the_status_control_offers_only_legal_moves(agent_client: Client, ticket, agent):
    ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    page = agent_client.get(_url("ticket-detail", ticket))
    offered = [value for value, _label in page.context["properties_form"].fields["status"].choices]
    assert offered == [Status.OPEN, Status.SOLVED, Status.CLOSED]

    refused = agent_client.post(_url("ticket-properties", ticket), {"status": Status.PENDING})
    assert refused.status_code == 400
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED


def test_taking_a_ticket_assigns_it_to_me_and_opens_it(agent_client: Client, ticket, agent):
    response = agent_client.post(_url("ticket-take", ticket))
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.assignee == agent
    assert ticket.status == Status.OPEN


def test_assigning_to_a_colleague_and_another_team(agent_client: Client, ticket):
    bob = AgentFactory.create(username="bob", first_name="Bob")
    wallets = TeamFactory.create(name="Wallets", tier=Tier.SPECIALIST)
    response = agent_client.post(_url("ticket-properties", ticket), {"assignee": bob.pk, "team": wallets.pk})
    assert response.status_code == 302
    ticket.refresh_from_db()
    # A new team is a transfer: the case takes the team's tier; the agent chosen with it keeps it.
    assert (ticket.assignee, ticket.team, ticket.tier) == (bob, wallets, Tier.SPECIALIST)


def test_unassigning_leaves_the_ticket_with_nobody(agent_client: Client, ticket, agent):
    agent_client.post(_url("ticket-take", ticket))
    agent_client.post(
        _url("ticket-properties", ticket),
        {
            "assignee": "",
            "initial-assignee": agent.pk,
            "team": ticket.team_id,
            "initial-team": ticket.team_id,
        },
    )
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_partner_agents_may_hand_tickets_only_to_their_own_colleagues(
    partner_client: Client, partner_team, partner_agent
):
    ticket = TicketFactory.create(team=partner_team)
    colleague = AgentFactory.create(username="pia")
    TeamMembershipFactory.create(team=partner_team, user=colleague)
    outsider = AgentFactory.create(username="ian")

    page = partner_client.get(_url("ticket-detail", ticket))
    offered = set(page.context["properties_form"].fields["assignee"].queryset)
    assert offered == {partner_agent, colleague}

    refused = partner_client.post(
        _url("ticket-properties", ticket), {"assignee": outsider.pk, "team": partner_team.pk}
    )
    assert refused.status_code == 400
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_properties_change_together_and_each_change_is_on_the_timeline(agent_client: Client, ticket):
    response = agent_client.post(
        _url("ticket-properties", ticket),
        {
            "subject": "Withdrawal stuck: ETH",
            "priority": Priority.HIGH,
            "category": Category.DEPOSIT,
        },
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.subject, ticket.priority, ticket.category) == (
        "Withdrawal stuck: ETH",
        Priority.HIGH,
        Category.DEPOSIT,
    )
    events = set(ticket.entries.values_list("data__event", flat=True))
    assert {"subject_changed", "priority_changed", "category_changed"} <= events


def test_a_language_set_through_the_api_is_pinned(api_client, ticket):
    response = api_client.patch(f"/api/tickets/{ticket.pk}/", {"language": "fr"}, format="json")
    assert response.status_code == 200, response.content
    ticket.refresh_from_db()
    assert ticket.language == "fr"
    assert language_pinned(ticket)
    customer_message_add(ticket=ticket, body="Hola, mi retiro de USDT todavía no ha llegado a mi billetera.")
    ticket.refresh_from_db()
    assert ticket.language == "fr"


def test_tags_are_saved_from_a_comma_separated_list(agent_client: Client, ticket):
    agent_client.post(_url("ticket-properties", ticket), {"tags": "usdt, tron  chargeback"})
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["chargeback", "tron", "usdt"]


def test_a_closed_ticket_cannot_be_changed_from_the_page(agent_client: Client, ticket, agent):
    ticket_set_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    ticket_set_status(ticket=ticket, actor=agent, status=Status.CLOSED)
    response = agent_client.post(_url("ticket-properties", ticket), {"tags": "late"})
    assert response.status_code == 400
    assert "closed" in response.content.decode()
    assert not ticket.tags.exists()

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from tests.factories import CustomerFactory, TeamFactory, TicketFactory
from tickets.models import Channel, EntryKind, Status, Ticket

pytestmark = pytest.mark.django_db

NEW = reverse("tickets:ticket-create")


def _form(customer, **extra):
    return {
        "customer": customer.external_id if customer else "EX-NOPE",
        "subject": "Called about a missing deposit",
        "body": "Deposit of 0.5 BTC not credited after 6 confirmations.",
        "channel": Channel.PHONE,
        "priority": 3,
        "category": "deposit",
        **extra,
    }


def test_an_agent_logs_a_phone_call_as_a_ticket_assigned_to_them(agent_client: Client, agent, customer):
    team = TeamFactory.create(name="Wallets")
    response = agent_client.post(NEW, _form(customer, team=team.pk, assign_to_me="on"))
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("tickets:ticket-detail", args=[ticket.pk])
    assert (ticket.channel, ticket.assignee, ticket.team, ticket.status) == (
        Channel.PHONE,
        agent,
        team,
        Status.OPEN,
    )
    first = ticket.entries.get(kind=EntryKind.CUSTOMER_MESSAGE)
    assert first.customer == customer
    assert AuditEvent.objects.get(action="ticket.created").actor == agent


def test_the_customer_page_link_fills_in_the_customer(agent_client: Client, customer):
    response = agent_client.get(NEW, {"customer": customer.external_id})
    assert response.context["form"]["customer"].value() == customer.external_id


def test_an_unknown_customer_id_is_refused(agent_client: Client):
    response = agent_client.post(NEW, _form(None))
    assert response.status_code == 400
    assert response.context["form"].errors["customer"]
    assert not Ticket.objects.exists()


def test_a_partner_agent_cannot_log_a_ticket_they_would_lose_sight_of(partner_client: Client, partner_team):
    customer = CustomerFactory.create()
    TicketFactory.create(customer=customer, team=partner_team)
    other = TeamFactory.create(name="In-house")
    refused = partner_client.post(NEW, _form(customer, team=other.pk))
    assert refused.status_code == 400
    assert Ticket.objects.count() == 1

    accepted = partner_client.post(NEW, _form(customer, team=partner_team.pk))
    assert accepted.status_code == 302
    assert Ticket.objects.count() == 2


def test_partner_agents_cannot_log_tickets_for_customers_they_do_not_serve(partner_client: Client):
    stranger = CustomerFactory.create()
    response = partner_client.post(NEW, _form(stranger, assign_to_me="on"))
    assert response.status_code == 400
    assert not Ticket.objects.exists()

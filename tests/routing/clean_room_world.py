"""A partner team with one agent and a case with an attachment, an in-house team likewise: the clean
room's tests compare what each may do."""

from dataclasses import dataclass
from typing import Any

from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from customers.models import Customer
from routing.models import Team
from tests.factories import TeamMembershipFactory, make_agent, make_customer, make_team, make_ticket
from tickets.attachments import IncomingFile
from tickets.models import Attachment, Ticket
from tickets.services import ticket_note


@dataclass
class CleanRoom:
    partner_team: Team
    partner: User
    agent: User
    customer: Customer
    ticket: Ticket
    attachment: Attachment


def build_clean_room(**partner_team: Any) -> CleanRoom:
    team = make_team(name="Partner desk", slug="partner-desk", is_outsourced=True, **partner_team)
    in_house = make_team(name="In-house", slug="in-house")
    partner = make_agent(username="pat")
    TeamMembershipFactory(team=team, user=partner)
    agent = make_agent(username="alice")
    TeamMembershipFactory(team=in_house, user=agent)
    customer = make_customer(external_id="EX-7", email="kim@mail.example", phone="+4915112345678")
    ticket = make_ticket(customer=customer, team=team)
    entry = ticket_note(
        ticket=ticket,
        author=agent,
        body="The statement",
        attachments=[IncomingFile(filename="statement.txt", content=b"balance: 1 BTC\n")],
    )
    return CleanRoom(team, partner, agent, customer, ticket, entry.attachments.get())


def page_client(user: User, **extra: Any) -> Client:
    client = Client(**extra)
    client.force_login(user)
    return client


def token_client(user: User, **extra: Any) -> APIClient:
    """An API client signed in as a real script is: with a token, read by the middleware and DRF alike."""
    client = APIClient(**extra)
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client

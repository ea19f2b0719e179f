"""Email addresses on a ticket's timeline follow the customer pages' rule through the API and the page:
masked for agents, never unmasked for partner agents, unmasked for supervisors with each view audited."""

import json
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from audit.models import AuditEvent
from tests.mail.build import deliver, email, make_mailbox
from tickets.models import Ticket
from tickets.timeline import timeline_event_add

pytestmark = pytest.mark.django_db

RAW = ("ana.lima@mail.example", "bob.stone@mail.example", "carol@partner.example")


@pytest.fixture
def mailed_ticket(partner_team: Any) -> Ticket:
    """A ticket opened by email with a copied third party, whose reply then bounced; in the partner
    team so every role in these tests can open it."""
    message = deliver(
        email(
            sender="Ana Lima <ana.lima@mail.example>",
            cc="Bob Stone <bob.stone@mail.example>",
            to="support@cryptox.example, carol@partner.example",
        ),
        make_mailbox(),
    )
    ticket = message.ticket
    Ticket.objects.filter(pk=ticket.pk).update(team=partner_team)
    timeline_event_add(
        ticket,
        "email_bounced",
        to=["ana.lima@mail.example"],
        status="5.1.1",
        diagnostic="550 5.1.1 <ana.lima@mail.example>: no such user",
    )
    return ticket


def _entries(client: APIClient, ticket: Ticket) -> list[dict[str, Any]]:
    response = client.get(f"/api/tickets/{ticket.pk}/entries/")
    assert response.status_code == 200, response.content
    return list(response.json()["results"])


def _pii_views(ticket: Ticket) -> int:
    return AuditEvent.objects.filter(action="customer.pii_viewed", object_id=str(ticket.customer_id)).count()


@pytest.mark.parametrize("who", ["api_client", "partner_client"])
def test_agents_and_partner_agents_get_timeline_addresses_masked_from_the_api(
    request: pytest.FixtureRequest, mailed_ticket: Ticket, who: str
) -> None:
    entries = _entries(request.getfixturevalue(who), mailed_ticket)
    text = json.dumps(entries, ensure_ascii=False)
    assert not [raw for raw in RAW if raw in text]
    mail = next(e["data"]["email"] for e in entries if e["data"].get("email"))
    assert mail["from"] == "a•••@mail.example"
    assert mail["cc"] == ["b•••@mail.example"]
    assert "c•••@partner.example" in mail["to"]
    bounce = next(e["data"] for e in entries if e["data"].get("event") == "email_bounced")
    assert bounce["to"] == ["a•••@mail.example"]
    assert bounce["diagnostic"] == "550 5.1.1 <a•••@mail.example>: no such user"
    assert _pii_views(mailed_ticket) == 0


def test_a_supervisor_gets_timeline_addresses_unmasked_and_each_view_is_audited(
    supervisor_client: APIClient, supervisor: Any, mailed_ticket: Ticket
) -> None:
    entries = _entries(supervisor_client, mailed_ticket)
    mail = next(e["data"]["email"] for e in entries if e["data"].get("email"))
    assert "ana.lima@mail.example" in mail["from"]
    assert mail["cc"] == ["Bob Stone <bob.stone@mail.example>"]
    _entries(supervisor_client, mailed_ticket)
    views = AuditEvent.objects.filter(action="customer.pii_viewed", object_id=str(mailed_ticket.customer_id))
    assert views.count() == 2
    assert {v.actor_id for v in views} == {supervisor.pk}


@pytest.mark.parametrize("role", ["agent", "partner"])
def test_the_ticket_page_masks_timeline_addresses_for_agents_and_partner_agents(
    request: pytest.FixtureRequest, mailed_ticket: Ticket, role: str
) -> None:
    client = Client()
    client.force_login(request.getfixturevalue(role))
    page = client.get(f"/tickets/{mailed_ticket.pk}/").content.decode()
    assert "from a•••@mail.example, copying b•••@mail.example" in page
    assert "bounced: 550 5.1.1 &lt;a•••@mail.example&gt;: no such user" in page
    assert not [raw for raw in RAW if raw in page]


def test_the_ticket_page_shows_a_supervisor_timeline_addresses_unmasked_and_audits_it(
    supervisor: Any, mailed_ticket: Ticket
) -> None:
    client = Client()
    client.force_login(supervisor)
    before = _pii_views(mailed_ticket)
    page = client.get(f"/tickets/{mailed_ticket.pk}/").content.decode()
    assert "bob.stone@mail.example" in page
    assert _pii_views(mailed_ticket) == before + 1


def test_a_partner_agent_gets_the_customer_masked_from_the_api(
    partner_client: APIClient, mailed_ticket: Ticket
) -> None:
    body = partner_client.get(f"/api/customers/{mailed_ticket.customer_id}/").json()
    assert body["pii_masked"] is True
    assert body["email"] == "a•••@mail.example"
    assert _pii_views(mailed_ticket) == 0


def test_a_sender_whose_display_name_is_their_address_is_not_named_by_it(api_client: APIClient) -> None:
    message = deliver(email(sender='"dora.quinn@mail.example" <dora.quinn@mail.example>'), make_mailbox())
    ticket = message.ticket
    assert ticket.customer.name == "d•••@mail.example"
    assert ticket.customer.email == "dora.quinn@mail.example"
    body = api_client.get(f"/api/tickets/{ticket.pk}/").content.decode()
    assert "dora.quinn@mail.example" not in body

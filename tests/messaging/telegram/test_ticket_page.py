"""The ticket page of a Telegram conversation: who wrote, verified or not, receipts beside replies, and
linking the contact to the exchange's customer (supervisors and admins, audited; never partners)."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from casework.services import ticket_reply
from messaging.fakes.telegram import FakeTelegram
from messaging.models import ChannelMessage, Contact, MessageStatus
from routing.models import TeamMembership
from tests.factories import make_agent, make_customer, make_team
from tests.messaging.telegram.conftest import deliver
from tests.workspace.test_ticket_page_statements import TICKET_PAGE_STATEMENTS
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

# A messaging ticket's page reads its channel (the last inbound message with its account and contact)
# and its replies' receipts: two statements more than any other ticket's page, whatever it holds.
CHANNEL_PANEL_STATEMENTS = 2


def _telegram_ticket(bot: Any, django_capture_on_commit_callbacks: Any) -> Ticket:
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            deliver(Client(), bot, FakeTelegram.update(1, user_id=55, text="Locked out")).status_code == 200
        )
    return Ticket.objects.get()


def _page(client: Client, ticket: Ticket) -> str:
    response = client.get(reverse("tickets:ticket-detail", args=[ticket.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_panel_shows_the_contact_unverified_and_the_receipt_of_a_reply(
    bot: Any,
    telegram: FakeTelegram,
    agent_client: Client,
    agent: Any,
    django_capture_on_commit_callbacks: Any,
):
    ticket = _telegram_ticket(bot, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        entry = ticket_reply(ticket=ticket, author=agent, body="Try resetting your 2FA.")
    assert telegram.sent[0].text == "Try resetting your 2FA."
    html = _page(agent_client, ticket)
    assert 'data-channel="telegram"' in html and 'data-identity="unverified"' in html
    assert "Support bot" in html
    assert 'data-receipt="sent"' in html
    # An agent does not link identities: no form.
    assert "Link to customer" not in html
    assert ChannelMessage.objects.get(entry=entry).status == MessageStatus.SENT


def test_the_panel_adds_two_statements_to_the_ticket_page(
    bot: Any, agent_client: Client, agent: Any, django_capture_on_commit_callbacks: Any
):
    ticket = _telegram_ticket(bot, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, author=agent, body="One")
        ticket_reply(ticket=ticket, author=agent, body="Two")
    _page(agent_client, ticket)
    with CaptureQueriesContext(connection) as captured:
        _page(agent_client, ticket)
    assert len(captured.captured_queries) <= TICKET_PAGE_STATEMENTS + CHANNEL_PANEL_STATEMENTS


def test_a_supervisor_links_the_contact_with_a_reason_and_the_tickets_follow(
    bot: Any, supervisor: Any, django_capture_on_commit_callbacks: Any
):
    ticket = _telegram_ticket(bot, django_capture_on_commit_callbacks)
    real = make_customer(external_id="EX-777", name="Ana Real")
    client = Client()
    client.force_login(supervisor)
    html = _page(client, ticket)
    assert "Link to customer" in html
    found = client.get(reverse("messaging:contact-customers", args=[ticket.pk]), {"q": "EX-777"})
    assert found.status_code == 200 and f'value="{real.pk}"' in found.content.decode()

    url = reverse("messaging:contact-link", args=[ticket.pk])
    refused = client.post(url, {"customer": real.pk, "reason": " "})
    assert refused.status_code == 302
    assert Contact.objects.get().customer_id != real.pk

    assert client.post(url, {"customer": real.pk, "reason": "Confirmed in the app chat"}).status_code == 302
    contact = Contact.objects.get()
    assert contact.customer_id == real.pk and contact.linked_by_id == supervisor.pk
    ticket.refresh_from_db()
    assert ticket.customer_id == real.pk
    event = AuditEvent.objects.filter(action="messaging.contact_linked").get()
    assert event.reason == "Confirmed in the app chat"
    assert 'data-identity="linked"' in _page(client, ticket)


def test_agents_and_partners_cannot_link(
    bot: Any, agent_client: Client, django_capture_on_commit_callbacks: Any
):
    ticket = _telegram_ticket(bot, django_capture_on_commit_callbacks)
    real = make_customer(external_id="EX-778")
    url = reverse("messaging:contact-link", args=[ticket.pk])
    assert agent_client.post(url, {"customer": real.pk, "reason": "trust me"}).status_code == 403
    partner_team = make_team(name="Partner", slug="partner", is_outsourced=True)
    Ticket.objects.filter(pk=ticket.pk).update(team=partner_team)
    partner = make_agent(username="pat")
    TeamMembership.objects.create(team=partner_team, user=partner)
    client = Client()
    client.force_login(partner)
    assert client.post(url, {"customer": real.pk, "reason": "trust me"}).status_code == 403
    assert "Link to customer" not in _page(client, ticket)
    assert Contact.objects.get().customer_id != real.pk

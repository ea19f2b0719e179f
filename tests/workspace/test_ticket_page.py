import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.services import ticket_assign, ticket_reply, ticket_update
from intake.pipeline import customer_message_add
from tests.factories import TicketFactory
from tickets.models import BodyFormat, Priority, Status
from tickets.services import ticket_note

pytestmark = pytest.mark.django_db


def _page(client: Client, ticket) -> str:
    response = client.get(reverse("tickets:ticket-detail", args=[ticket.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_timeline_shows_messages_replies_notes_and_events_in_order(agent_client: Client, ticket, agent):
    ticket_reply(ticket=ticket, author=agent, body="Which network did you use?", status=Status.PENDING)
    ticket_note(ticket=ticket, author=agent, body="Chain explorer shows 3 confirmations.")
    customer_message_add(ticket=ticket, body="Ethereum mainnet.")

    page = _page(agent_client, ticket)
    order = [
        "My withdrawal has been pending for two hours.",
        "Which network did you use?",
        "changed the status from New to Pending",
        "Chain explorer shows 3 confirmations.",
        "Ethereum mainnet.",
        "changed the status from Pending to Open",
    ]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)
    assert "entry-internal_note" in page


def test_system_events_read_as_sentences(agent_client: Client, ticket, agent, supervisor):
    ticket_assign(ticket=ticket, actor=supervisor, assignee=agent)
    ticket_update(ticket=ticket, actor=agent, priority=Priority.URGENT)
    page = _page(agent_client, ticket)
    assert "assigned the ticket to Alice Agent" in page
    assert "changed the priority from “Normal” to “Urgent”" in page


def test_customer_html_is_sanitised_before_an_agent_sees_it(agent_client: Client, ticket):
    customer_message_add(
        ticket=ticket,
        body_format=BodyFormat.HTML,
        body=(
            '<p onclick="steal()">Please help</p><script>alert(1)</script>'
            '<img src="https://tracker.example/pixel.gif">'
            '<a href="javascript:alert(2)">click</a> <a href="https://exchange.example/help">help</a>'
            "<style>body{display:none}</style>"
        ),
    )
    page = _page(agent_client, ticket)
    timeline = page.split('class="timeline"', 1)[1].split('id="composer"', 1)[0]
    assert "<p>Please help</p>" in timeline
    assert "<script>" not in timeline
    assert "alert(1)" not in timeline
    assert "onclick" not in timeline
    assert "tracker.example" not in timeline
    assert "javascript:" not in timeline
    assert "display:none" not in timeline
    assert 'href="https://exchange.example/help" rel="noopener noreferrer nofollow"' in timeline


def test_plain_text_is_escaped_not_interpreted(agent_client: Client, ticket):
    customer_message_add(ticket=ticket, body="<b>not bold</b>\nsecond line")
    page = _page(agent_client, ticket)
    assert "&lt;b&gt;not bold&lt;/b&gt;<br>second line" in page


def test_the_ticket_page_costs_the_same_queries_for_a_short_or_long_timeline(agent_client: Client, agent):
    def count(ticket) -> int:
        with CaptureQueriesContext(connection) as queries:
            _page(agent_client, ticket)
        return len(queries)

    short = TicketFactory.create()
    long = TicketFactory.create()
    for n in range(15):
        ticket_reply(ticket=long, author=agent, body=f"reply {n}")
        customer_message_add(ticket=long, body=f"answer {n}")
    assert count(long) == count(short)


def test_hidden_tickets_answer_not_found_not_forbidden(partner_client: Client, ticket):
    response = partner_client.get(reverse("tickets:ticket-detail", args=[ticket.pk]))
    assert response.status_code == 404

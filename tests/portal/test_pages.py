"""What a signed-in customer sees: their tickets only, the public side of each, in their language,
in a fixed number of statements."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from customers.models import Customer
from tests.factories import make_agent, make_ticket
from tickets.models import Status, Ticket
from tickets.services import ticket_message_held, ticket_note, ticket_reply, ticket_set_status

pytestmark = pytest.mark.django_db


def test_another_customers_ticket_is_404_not_403(portal: Client, other_customer: Customer) -> None:
    theirs = make_ticket(customer=other_customer, subject="Bo's deposit")
    assert portal.get(f"/portal/tickets/{theirs.pk}/").status_code == 404
    assert portal.post(f"/portal/tickets/{theirs.pk}/reply/", {"body": "hi"}).status_code == 404
    assert portal.get(f"/portal/tickets/{theirs.pk + 1000}/").status_code == 404
    assert "Bo's deposit" not in portal.get("/portal/").content.decode()


def test_another_customers_file_is_404(portal: Client, other_customer: Customer) -> None:
    from tickets.attachments import IncomingFile

    theirs = make_ticket(customer=other_customer, subject="Statement")
    entry = ticket_reply(
        ticket=theirs,
        author=make_agent(first_name="Emma"),
        body="Here it is.",
        attachments=[IncomingFile(filename="statement.txt", content=b"balance: 9 BTC\n")],
    )
    assert portal.get(f"/portal/files/{entry.attachments.get().pk}/").status_code == 404


def test_internal_notes_held_mail_and_system_events_are_never_shown(portal: Client, replied: Ticket) -> None:
    agent = make_agent(username="liam", first_name="Liam")
    ticket_note(ticket=replied, author=agent, body="INTERNAL: customer looks like a fraud ring")
    ticket_message_held(ticket=replied, body="HELD: from someone else entirely")
    ticket_set_status(ticket=replied, actor=agent, status=Status.PENDING)
    page = portal.get(f"/portal/tickets/{replied.pk}/").content.decode()
    assert "Still pending after 2 hours." in page
    assert "We are checking with the wallet team." in page
    assert "INTERNAL" not in page and "HELD" not in page
    # Two public entries, nothing else: no system events (status changes, routing), no team.
    assert page.count('class="portal-message ') == 2
    replied.refresh_from_db()
    assert replied.team is not None and replied.team.name not in page


def test_agents_appear_by_first_name_only(portal: Client, replied: Ticket) -> None:
    page = portal.get(f"/portal/tickets/{replied.pk}/").content.decode()
    assert "Emma" in page
    assert "Watson-Private" not in page and "emma.w" not in page


def test_message_bodies_are_sanitised(portal: Client, ticket: Ticket) -> None:
    ticket_reply(
        ticket=ticket,
        author=make_agent(first_name="Emma"),
        body=(
            '<p>Fine</p><script>alert(1)</script><img src="https://evil.example/x.png">'
            '<a href="javascript:x()">x</a>'
        ),
        body_format="html",
    )
    page = portal.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert "<p>Fine</p>" in page
    assert "<script>alert(1)" not in page and "evil.example" not in page and "javascript:" not in page


def test_statuses_read_in_customer_words(portal: Client, ticket: Ticket) -> None:
    ticket_set_status(ticket=ticket, actor=None, status=Status.PENDING)
    page = portal.get("/portal/").content.decode()
    assert "Waiting for your reply" in page
    assert ">pending<" not in page.lower() and "On hold" not in page


def test_the_list_page_takes_two_statements_whatever_its_length(
    portal: Client, customer: Customer, django_assert_num_queries: Any
) -> None:
    for n in range(3):
        make_ticket(customer=customer, subject=f"Case {n}")
    # The page of tickets and the count for the pager; the session lives in the cache, not the database.
    with django_assert_num_queries(2):
        small = portal.get("/portal/")
    for n in range(25):
        make_ticket(customer=customer, subject=f"More {n}")
    with django_assert_num_queries(2):
        full = portal.get("/portal/")
    assert small.status_code == full.status_code == 200
    assert full.content.decode().count('class="portal-status ') == 20
    assert "?page=2" in full.content.decode()
    assert portal.get("/portal/?page=2").content.decode().count('class="portal-status ') == 8


def test_the_ticket_page_takes_a_fixed_number_of_statements(portal: Client, replied: Ticket) -> None:
    from tickets.attachments import IncomingFile

    def statements() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert portal.get(f"/portal/tickets/{replied.pk}/").status_code == 200
        return len(captured)

    before = statements()
    agent = make_agent(first_name="Noor")
    for n in range(5):
        ticket_reply(
            ticket=replied,
            author=agent,
            body=f"Update {n}",
            attachments=[IncomingFile(filename=f"receipt-{n}.txt", content=b"ok\n")],
        )
    assert statements() == before
    # The ticket, its public entries with their authors, and their files.
    assert before == 3


def test_the_page_is_in_the_customers_language_and_mirrors_for_persian(
    customer: Customer, sign_in: Callable[..., Client], ticket: Ticket
) -> None:
    client = sign_in(customer, language="fa")
    page = client.get("/portal/").content.decode()
    assert 'lang="fa"' in page and 'dir="rtl"' in page
    assert "My support tickets" not in page
    assert 'href="/help/fa/"' in page


def test_the_language_switcher_changes_the_portals_language(portal: Client, ticket: Ticket) -> None:
    german = portal.get("/portal/?lang=de").content.decode()
    assert 'lang="de"' in german and 'dir="ltr"' in german
    # It stays until changed again.
    detail = portal.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert 'lang="de"' in detail and 'href="/help/de/"' in detail
    # A language the helpdesk does not have changes nothing.
    assert 'lang="de"' in portal.get("/portal/?lang=xx-nonsense").content.decode()


def test_every_page_links_to_the_help_center_in_the_same_language(portal: Client, ticket: Ticket) -> None:
    assert 'href="/help/en/"' in portal.get(f"/portal/tickets/{ticket.pk}/").content.decode()


def test_pages_are_never_cached(portal: Client) -> None:
    assert "no-store" in portal.get("/portal/")["Cache-Control"]

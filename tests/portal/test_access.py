"""Every portal URL as a signed-in customer: their own ticket and file answer, another customer's are
404 like ones that do not exist. (The access matrix walks the staff and anonymous roles over the same
URLs: portal/access_table.py.)"""

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from customers.models import Customer
from portal.urls import urlpatterns
from tests.factories import make_agent, make_ticket
from tickets.attachments import IncomingFile
from tickets.models import Ticket
from tickets.services import ticket_reply

pytestmark = pytest.mark.django_db

PER_TICKET = ("portal:ticket-detail", "portal:ticket-reply", "portal:ticket-rate")


def _file_on(ticket: Ticket) -> int:
    entry = ticket_reply(
        ticket=ticket,
        author=make_agent(first_name="Emma"),
        body="Your statement.",
        attachments=[IncomingFile(filename="statement.txt", content=b"balance\n")],
    )
    return int(entry.attachments.get().pk)


def test_every_per_object_portal_url_is_listed_here() -> None:
    names = {
        f"portal:{p.name}" for p in urlpatterns if isinstance(p, URLPattern) and "<int:pk>" in str(p.pattern)
    }
    assert names == {*PER_TICKET, "portal:attachment"}


def test_a_customer_reaches_their_own_ticket_and_file(portal: Client, ticket: Ticket) -> None:
    mine = _file_on(ticket)
    assert portal.get(reverse("portal:ticket-detail", args=[ticket.pk])).status_code == 200
    assert portal.post(reverse("portal:ticket-reply", args=[ticket.pk]), {"body": "hi"}).status_code == 302
    assert portal.get(reverse("portal:attachment", args=[mine])).status_code == 200


def test_another_customers_ticket_and_file_are_404_on_every_url(
    portal: Client, other_customer: Customer
) -> None:
    theirs = make_ticket(customer=other_customer, subject="Theirs")
    their_file = _file_on(theirs)
    before = theirs.entries.count()
    for name in PER_TICKET:
        method = portal.get if name == "portal:ticket-detail" else portal.post
        assert method(reverse(name, args=[theirs.pk]), {"body": "x", "score": "5"}).status_code == 404, name
    assert portal.get(reverse("portal:attachment", args=[their_file])).status_code == 404
    assert theirs.entries.count() == before


def test_an_internal_notes_file_is_404_even_on_the_customers_own_ticket(
    portal: Client, ticket: Ticket
) -> None:
    from tickets.services import ticket_note

    note = ticket_note(
        ticket=ticket,
        author=make_agent(),
        body="Internal evidence",
        attachments=[IncomingFile(filename="evidence.txt", content=b"internal\n")],
    )
    assert portal.get(reverse("portal:attachment", args=[note.attachments.get().pk])).status_code == 404

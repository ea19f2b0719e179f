"""A reply written over newer words asks before it goes (docs/collision.md): the service refuses it,
nothing written, when the customer wrote or another agent replied publicly after the entry the author
last saw; the page shows those entries with "Send anyway" and "Review"; the API answers 409."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from casework.services import ticket_reply
from intake.pipeline import customer_message_add
from tests.factories import AgentFactory
from tickets.models import EntryKind, TimelineEntry
from tickets.services import ReplyCollision, ticket_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def emma(db: None) -> Any:
    return AgentFactory.create(username="emma", first_name="Emma")


def _last(ticket: Any) -> int:
    return int(ticket.entries.order_by("-pk").values_list("pk", flat=True)[0])


def _counts(ticket: Any) -> tuple[int, int]:
    return ticket.entries.count(), AuditEvent.objects.filter(action="ticket.replied").count()


def test_a_reply_over_a_newer_customer_message_is_refused_and_nothing_is_written(ticket: Any, agent: Any):
    seen = _last(ticket)
    newer = customer_message_add(ticket=ticket, body="Any news? It has been two hours.")
    before = _counts(ticket)
    with pytest.raises(ReplyCollision) as refused:
        ticket_reply(ticket=ticket, author=agent, body="Your deposit is confirmed.", seen=seen)
    assert refused.value.newer == [newer.pk]
    assert refused.value.code == "collision"
    assert _counts(ticket) == before
    ticket.refresh_from_db()
    assert ticket.first_response_at is None


def test_a_reply_over_another_agents_public_reply_is_refused(ticket: Any, agent: Any, emma: Any):
    seen = _last(ticket)
    theirs = ticket_reply(ticket=ticket, author=emma, body="Checking the chain now.")
    with pytest.raises(ReplyCollision) as refused:
        ticket_reply(ticket=ticket, author=agent, body="Checking it too.", seen=seen)
    assert refused.value.newer == [theirs.pk]


def test_notes_and_ones_own_replies_do_not_collide(ticket: Any, agent: Any, emma: Any):
    seen = _last(ticket)
    ticket_note(ticket=ticket, author=emma, body="Looks like a stuck deposit.")
    ticket_reply(ticket=ticket, author=agent, body="First part of my answer.")
    entry = ticket_reply(ticket=ticket, author=agent, body="Second part.", seen=seen)
    assert entry.kind == EntryKind.AGENT_REPLY


def test_sending_anyway_with_the_newest_entry_seen_goes_through(ticket: Any, agent: Any):
    seen = _last(ticket)
    newer = customer_message_add(ticket=ticket, body="Hello?")
    with pytest.raises(ReplyCollision):
        ticket_reply(ticket=ticket, author=agent, body="Sorry for the wait.", seen=seen)
    entry = ticket_reply(ticket=ticket, author=agent, body="Sorry for the wait.", seen=newer.pk)
    assert entry.body == "Sorry for the wait."


def test_without_seen_no_check_is_made(ticket: Any, agent: Any):
    customer_message_add(ticket=ticket, body="Hello?")
    assert ticket_reply(ticket=ticket, author=agent, body="Hi!").pk


def test_the_guard_costs_one_statement_and_a_refusal_writes_none(ticket: Any, agent: Any):
    """The check is one SELECT under the row lock the reply takes anyway; a refused reply stops after it."""
    ticket_reply(ticket=ticket, author=agent, body="Warm-up: the first response is stamped.")
    with CaptureQueriesContext(connection) as unguarded:
        ticket_reply(ticket=ticket, author=agent, body="Without a check.")
    seen = _last(ticket)
    with CaptureQueriesContext(connection) as guarded:
        ticket_reply(ticket=ticket, author=agent, body="With a check.", seen=seen)
    assert len(guarded) == len(unguarded) + 1 == 12
    seen = _last(ticket)
    customer_message_add(ticket=ticket, body="One more thing.")
    with CaptureQueriesContext(connection) as refused, pytest.raises(ReplyCollision):
        ticket_reply(ticket=ticket, author=agent, body="Over it.", seen=seen)
    writes = [
        q["sql"] for q in refused if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    # The transaction, the locked read of the ticket, the check, the rollback.
    assert len(refused) <= 5


# --- The ticket page ---------------------------------------------------------------------------------


def _post(client: Client, ticket: Any, **data: Any) -> Any:
    data.setdefault("kind", EntryKind.AGENT_REPLY)
    return client.post(reverse("tickets:entry-create", args=[ticket.pk]), data)


def test_the_page_shows_the_newer_entries_with_send_anyway_and_review(agent_client: Client, ticket: Any):
    seen = _last(ticket)
    newer = customer_message_add(ticket=ticket, body="Actually it arrived, thanks!")
    response = _post(agent_client, ticket, body="We are still checking.", seen=seen)
    assert response.status_code == 409
    page = response.content.decode()
    assert "data-collision" in page
    assert "Actually it arrived, thanks!" in page
    assert "Send anyway" in page and "Review" in page
    # The draft is kept, and sending again is sending over what was shown.
    assert "We are still checking." in page
    assert response.context["entry_form"].data["seen"] == str(newer.pk)
    assert not ticket.entries.filter(kind=EntryKind.AGENT_REPLY).exists()
    again = _post(agent_client, ticket, body="We are still checking.", seen=newer.pk, anyway="1")
    assert again.status_code == 302
    assert ticket.entries.filter(kind=EntryKind.AGENT_REPLY).count() == 1


def test_a_note_from_the_page_is_never_refused_as_a_collision(agent_client: Client, ticket: Any):
    seen = _last(ticket)
    customer_message_add(ticket=ticket, body="Hello?")
    response = _post(
        agent_client, ticket, kind=EntryKind.INTERNAL_NOTE, body="Customer is waiting.", seen=seen
    )
    assert response.status_code == 302
    assert ticket.entries.filter(kind=EntryKind.INTERNAL_NOTE).exists()


def test_the_page_sends_the_last_entry_it_shows(agent_client: Client, ticket: Any):
    response = agent_client.get(reverse("tickets:ticket-detail", args=[ticket.pk]))
    assert response.context["entry_form"]["seen"].value() == _last(ticket)
    assert b"data-presence" in response.content


# --- The API -------------------------------------------------------------------------------------------


def _api(client: Any, ticket: Any, **data: Any) -> Any:
    url = reverse("api:ticket-entry-list", kwargs={"ticket": ticket.pk})
    return client.post(url, {"kind": "reply", **data}, format="json")


def test_the_api_answers_409_naming_the_newer_entries(api_client: Any, ticket: Any):
    seen = _last(ticket)
    newer = customer_message_add(ticket=ticket, body="Hello?")
    response = _api(api_client, ticket, body="We are on it.", seen=seen)
    assert response.status_code == 409
    assert response.json()["code"] == "collision"
    assert response.json()["newer"] == [newer.pk]
    assert not TimelineEntry.objects.filter(ticket=ticket, kind=EntryKind.AGENT_REPLY).exists()
    assert _api(api_client, ticket, body="We are on it.", seen=newer.pk).status_code == 201


def test_the_api_without_seen_replies_as_before(api_client: Any, ticket: Any):
    customer_message_add(ticket=ticket, body="Hello?")
    assert _api(api_client, ticket, body="Hi.").status_code == 201


def test_the_api_refuses_seen_on_a_note(api_client: Any, ticket: Any):
    response = _api(api_client, ticket, body="x", seen=1, kind="note")
    assert response.status_code == 400
    assert "seen" in response.json()["errors"]


def test_the_schema_documents_seen_and_the_409(agent_client: Client):
    schema = agent_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "seen" in schema["components"]["schemas"]["EntryCreateRequest"]["properties"]
    operation = schema["paths"]["/api/tickets/{ticket}/entries/"]["post"]
    assert "409" in operation["responses"]

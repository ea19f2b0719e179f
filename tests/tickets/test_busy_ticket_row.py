"""A reply or note on a ticket whose row another transaction holds waits only so long: the API
answers 503 busy with Retry-After, the ticket page says so and keeps what the agent typed, nothing is
written; once the row is free the same reply goes through."""

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from livechat.models import Conversation
from livechat.services import chat_accept
from tests.factories import make_ticket

# The chat fixtures, for the chat case.
from tests.livechat.conftest import _chat_layers, agents, chat_team, start_chat  # noqa: F401
from tests.rowlock import RowLock
from tickets.models import EntryKind, Ticket, TimelineEntry

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def short_wait(settings: Any) -> None:
    settings.REQUEST_LOCK_TIMEOUT_MS = 100


def _entries(ticket: Ticket) -> int:
    return TimelineEntry.objects.filter(
        ticket=ticket, kind__in=[EntryKind.AGENT_REPLY, EntryKind.INTERNAL_NOTE]
    ).count()


@pytest.mark.parametrize("kind", ["reply", "note"])
def test_an_api_reply_on_a_locked_ticket_answers_busy_and_writes_nothing(kind: str, supervisor: Any) -> None:
    ticket = make_ticket()
    api = APIClient()
    api.force_authenticate(supervisor)
    url = f"/api/tickets/{ticket.pk}/entries/"
    lock = RowLock(Ticket, ticket.pk)
    try:
        response = api.post(url, {"kind": kind, "body": "Your withdrawal went out."}, format="json")
        assert response.status_code == 503, response.content
        assert response.json()["code"] == "busy"
        assert response["Retry-After"] == "1"
        assert _entries(ticket) == 0
    finally:
        lock.release()
    response = api.post(url, {"kind": kind, "body": "Your withdrawal went out."}, format="json")
    assert response.status_code == 201, response.content
    assert _entries(ticket) == 1


def test_a_page_reply_on_a_locked_ticket_says_busy_and_keeps_the_text(supervisor: Any) -> None:
    ticket = make_ticket()
    client = Client()
    client.force_login(supervisor)
    url = f"/tickets/{ticket.pk}/entries/"
    form = {"kind": EntryKind.AGENT_REPLY, "body": "Your withdrawal went out at 10:02.", "status": ""}
    lock = RowLock(Ticket, ticket.pk)
    try:
        response = client.post(url, form)
        assert response.status_code == 503
        page = response.content.decode()
        assert "Someone else is changing this ticket right now" in page
        assert "Your withdrawal went out at 10:02." in page
        assert _entries(ticket) == 0
    finally:
        lock.release()
    response = client.post(url, form)
    assert response.status_code == 302
    assert _entries(ticket) == 1


@pytest.mark.usefixtures("_chat_layers")
def test_a_page_reply_on_a_chat_whose_conversation_is_locked_says_busy(
    request: pytest.FixtureRequest,
) -> None:
    chat_agents = request.getfixturevalue("agents")
    chat = start_chat()
    conversation = chat_accept(conversation_id=chat["conversation"], agent=chat_agents[0])
    ticket = Ticket.objects.get(pk=conversation.ticket_id)
    before = TimelineEntry.objects.filter(ticket=ticket).count()
    client = Client()
    client.force_login(chat_agents[0])
    form = {"kind": EntryKind.AGENT_REPLY, "body": "Checking your deposit now.", "status": ""}
    lock = RowLock(Conversation, conversation.pk)
    try:
        response = client.post(f"/tickets/{ticket.pk}/entries/", form)
        assert response.status_code == 503
        assert "Checking your deposit now." in response.content.decode()
        assert TimelineEntry.objects.filter(ticket=ticket).count() == before
    finally:
        lock.release()
    response = client.post(f"/tickets/{ticket.pk}/entries/", form)
    assert response.status_code == 302
    assert TimelineEntry.objects.filter(ticket=ticket, body="Checking your deposit now.").count() == 1

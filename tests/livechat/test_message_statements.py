"""A live-chat message is the hottest write: what it costs in statements is fixed here, so it cannot
creep back. Counted inside the test's transaction, so the message's own BEGIN and COMMIT (two more in
production) are not among them."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from livechat import services
from livechat.consumers.agent import _agent_post
from livechat.models import Conversation
from tests.livechat.conftest import start_chat
from tickets.models import EntryKind, TimelineEntry

pytestmark = pytest.mark.django_db

# The visitor's message: the conversation, its ticket and its SLA clock locked, with the client_id, the
# clock's configuration version, the active incidents' version, the risk step's look and tier 0's last
# reading read, in one statement; the entry, the ticket's updated_at, the audit record, the conversation's
# number and the clock's UPDATE in one.
VISITOR = 2
# The agent's reply through the socket: the access check it makes for each frame asked in the locking
# statement, then the reply, the conversation's number and the clock's UPDATE in one.
AGENT = 2


@pytest.fixture
def chat(agents: Any, monkeypatch: pytest.MonkeyPatch) -> int:
    from approvals import risk_tasks

    monkeypatch.setattr(risk_tasks.risk_assess_task, "delay", lambda *args, **kwargs: None)
    conversation = int(start_chat(topic="withdrawal", message="My withdrawal is stuck")["conversation"])
    services.chat_accept(conversation_id=conversation, agent=agents[0])
    # The first message of each side stamps what later ones find (the first response, the clock).
    services.chat_message_post(conversation_id=conversation, body="hello?", client_id="v-0")
    _agent_post(agents[0], conversation, body="hi", client_id="a-0", internal=False)
    return conversation


def _stored(conversation: int, client_id: str) -> list[tuple[int | None, str]]:
    ticket = Conversation.objects.get(pk=conversation).ticket_id
    return list(
        TimelineEntry.objects.filter(ticket_id=ticket, client_id=client_id).values_list("seq", "kind")
    )


def test_a_visitor_message_costs_a_fixed_number_of_statements(chat, django_assert_num_queries):
    with django_assert_num_queries(VISITOR):
        posted = services.chat_message_post(conversation_id=chat, body="still stuck", client_id="v-1")
    assert (posted.created, posted.message["seq"]) == (True, 4)
    assert _stored(chat, "v-1") == [(4, EntryKind.CUSTOMER_MESSAGE)]


def test_with_tier0_on_a_visitor_message_costs_no_statement_more(chat, settings, django_assert_num_queries):
    # Tier 0's last reading of the chat (read in the lock) was one more, on every visitor message.
    settings.ASSISTANT_ENABLED = True
    with django_assert_num_queries(VISITOR):
        posted = services.chat_message_post(conversation_id=chat, body="still stuck", client_id="v-1")
    assert (posted.created, posted.message["seq"]) == (True, 4)
    assert _stored(chat, "v-1") == [(4, EntryKind.CUSTOMER_MESSAGE)]


def test_an_agent_reply_through_the_socket_costs_a_fixed_number_of_statements(
    chat, agents, django_assert_num_queries
):
    # The reply answers the visitor's waiting message: the SLA clock moves and is written.
    services.chat_message_post(conversation_id=chat, body="still stuck", client_id="v-1")
    with django_assert_num_queries(AGENT):
        posted = _agent_post(agents[0], chat, body="looking", client_id="a-1", internal=False)
    assert (posted.created, posted.message["seq"]) == (True, 5)
    assert _stored(chat, "a-1") == [(5, EntryKind.AGENT_REPLY)]


def test_a_resent_message_is_answered_from_the_stored_one_and_writes_nothing(chat, django_assert_num_queries):
    first = services.chat_message_post(conversation_id=chat, body="still stuck", client_id="v-1")
    # The lock with the look-up, the stored entry with its author, its files.
    with django_assert_num_queries(3):
        again = services.chat_message_post(conversation_id=chat, body="still stuck", client_id="v-1")
    assert (again.created, again.message) == (False, first.message)
    assert _stored(chat, "v-1") == [(4, EntryKind.CUSTOMER_MESSAGE)]


def test_the_message_holds_the_ticket_row_lock_it_no_longer_reads_again(chat):
    with CaptureQueriesContext(connection) as captured:
        services.chat_message_post(conversation_id=chat, body="still stuck", client_id="v-1")
    lock = captured.captured_queries[0]["sql"]
    assert "FOR UPDATE OF" in lock and '"livechat_conversation"' in lock and '"tickets_ticket"' in lock
    tickets_read = [
        q["sql"] for q in captured.captured_queries[1:] if q["sql"].startswith('SELECT "tickets_ticket"')
    ]
    assert tickets_read == []

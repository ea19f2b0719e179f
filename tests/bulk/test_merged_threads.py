"""What a customer sends on a merged ticket's thread lands on the ticket it was merged into: an email
reply to its thread, a reply from the portal."""

import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from casework.merging import ticket_merge
from livechat.identity import identity_sign
from mail.models import Outcome
from tests.factories import make_agent, make_customer, make_team, make_ticket
from tests.mail.build import deliver, email, make_mailbox
from tickets.models import EntryKind, Status, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def test_an_email_reply_on_a_merged_tickets_thread_lands_on_the_target():
    mailbox = make_mailbox()
    first = deliver(email(message_id="<first-1@mail.example>"), mailbox)
    source = first.ticket
    target = make_ticket(customer=source.customer, team=source.team)
    ticket_merge(source=source, target=target, actor=make_agent())

    answer = deliver(
        email(subject="Any news?", in_reply_to="<first-1@mail.example>", text="Still waiting."), mailbox
    )

    assert answer.outcome == Outcome.REPLY and answer.ticket == target
    assert target.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE, body__contains="Still waiting.").exists()
    source.refresh_from_db()
    assert source.status == Status.CLOSED


def test_a_portal_reply_on_a_merged_ticket_lands_on_the_target_and_shows_it():
    customer = make_customer(external_id="EX-PORTAL-9", name="Ana Souza", language="en")
    source = make_ticket(customer=customer, body="My USDT withdrawal is still pending.")
    target = make_ticket(customer=customer, team=source.team, body="USDT withdrawal missing.")
    ticket_merge(source=source, target=target, actor=make_agent())
    client = Client()
    identity = identity_sign({"sub": customer.external_id, "exp": int(time.time()) + 600})
    assert client.get("/portal/enter/", {"identity": identity}).status_code == 302

    response = client.post(reverse("portal:ticket-reply", args=[source.pk]), {"body": "Hello again"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:ticket-detail", args=[target.pk]))
    assert target.entries.filter(body="Hello again").exists()


def _chat_with_messages(agent, *lines: str) -> int:
    """A chat an agent accepted, with the visitor's first message and then `lines` in turn (visitor,
    agent, visitor, ...), every one numbered by its conversation."""
    from livechat.services import chat_accept, chat_message_post
    from tests.livechat.conftest import start_chat

    conversation = int(start_chat(topic="withdrawal", message="My withdrawal is stuck")["conversation"])
    chat_accept(conversation_id=conversation, agent=agent)
    for n, line in enumerate(lines):
        by_visitor = n % 2 == 0
        chat_message_post(
            conversation_id=conversation,
            body=line,
            client_id=f"{'v' if by_visitor else 'a'}-{n}",
            agent=None if by_visitor else agent,
        )
    return conversation


def _replayed(conversation: int, *, for_customer: bool) -> list[tuple[int, str]]:
    from livechat.state import messages_after

    return [(m["seq"], m["body"]) for m in messages_after(conversation, 0, for_customer=for_customer)]


def test_a_chat_merged_into_another_chat_keeps_numbering_both_conversations():
    """Two chats with overlapping numbers; the source's visitor writes on after the merge: the message
    gets its own chat's next number, the widget and the agents replay it once, nothing of either chat
    is lost, and the target reopens where the agents work."""
    from livechat.models import Conversation
    from livechat.services import chat_message_post
    from tests.livechat.conftest import member

    chat_team = make_team(name="Chat", slug="chat", tier=1, languages=["en"], chat_capacity=3)
    ana = member(chat_team, "ana")
    source_chat = _chat_with_messages(ana, "hello?", "Looking at it")
    target_chat = _chat_with_messages(ana, "same problem", "On it", "thanks")
    source = Conversation.objects.get(pk=source_chat).ticket
    target = Conversation.objects.get(pk=target_chat).ticket
    source_before = _replayed(source_chat, for_customer=False)
    target_before = _replayed(target_chat, for_customer=False)
    assert [seq for seq, _ in source_before] == [1, 2, 3]
    assert [seq for seq, _ in target_before] == [1, 2, 3, 4]
    ticket_merge(
        source=source, target=target, actor=make_agent(role="supervisor"), confirm_other_customer=True
    )

    posted = chat_message_post(conversation_id=source_chat, body="still stuck", client_id="v-late")
    again = chat_message_post(conversation_id=source_chat, body="still stuck", client_id="v-late")

    assert posted.created and not again.created
    assert posted.message["seq"] == again.message["seq"] == 4
    assert posted.message["conversation"] == source_chat
    for for_customer in (True, False):
        assert _replayed(source_chat, for_customer=for_customer)[-1] == (4, "still stuck")
    assert _replayed(source_chat, for_customer=False) == [*source_before, (4, "still stuck")]
    assert _replayed(target_chat, for_customer=False) == target_before
    assert Conversation.objects.get(pk=source_chat).last_seq == 4
    # The agents read it on the target, where the work is, once.
    from tickets.merging import timeline_with_merged

    assert [e.body for e in timeline_with_merged(target)].count("still stuck") == 1
    # The target's own chat numbers on, unaffected.
    reply = chat_message_post(conversation_id=target_chat, body="more", client_id="v-more")
    assert reply.message["seq"] == 5
    assert _replayed(target_chat, for_customer=True)[-1] == (5, "more")


def test_a_chat_message_on_a_merged_ticket_reopens_the_target():
    from livechat.models import Conversation
    from livechat.services import chat_message_post
    from tests.livechat.conftest import member

    chat_team = make_team(name="Chat", slug="chat", tier=1, languages=["en"], chat_capacity=3)
    ana = member(chat_team, "ana")
    conversation = _chat_with_messages(ana)
    source = Conversation.objects.get(pk=conversation).ticket
    target = make_ticket(customer=source.customer, team=chat_team)
    # Waiting on the customer.
    Ticket.objects.filter(pk=target.pk).update(status=Status.PENDING)
    ticket_merge(source=source, target=target, actor=ana)

    posted = chat_message_post(conversation_id=conversation, body="still stuck", client_id="v-1")

    assert posted.message["seq"] == 2
    target.refresh_from_db()
    source.refresh_from_db()
    assert target.status == Status.OPEN and source.status == Status.CLOSED

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
from tickets.models import EntryKind, Status

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


def test_a_chat_message_on_a_merged_ticket_lands_on_the_target_with_its_number():
    from livechat.models import Conversation
    from livechat.services import chat_accept, chat_message_post
    from tests.livechat.conftest import member, start_chat

    chat_team = make_team(name="Chat", slug="chat", tier=1, languages=["en"], chat_capacity=3)
    ana = member(chat_team, "ana")
    conversation = int(start_chat(topic="withdrawal", message="My withdrawal is stuck")["conversation"])
    chat_accept(conversation_id=conversation, agent=ana)
    source = Conversation.objects.get(pk=conversation).ticket
    target = make_ticket(customer=source.customer, team=chat_team)
    ticket_merge(source=source, target=target, actor=ana)

    posted = chat_message_post(conversation_id=conversation, body="still stuck", client_id="v-1")

    entry = target.entries.get(body="still stuck")
    assert posted.message["seq"] == entry.seq and entry.data["arrived_on"] == source.pk

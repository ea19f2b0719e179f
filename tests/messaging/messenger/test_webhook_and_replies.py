"""Messenger through the webhook view and the outbox: a page message opens a ticket, a forged or
replayed delivery writes nothing, an agent's reply goes out as a RESPONSE, a delivery receipt moves it
to delivered, and a reply past the window is refused with the reason on the ticket."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.services import ticket_reply
from messaging.fakes.meta import MetaGraphFake
from messaging.models import ChannelAccount, ChannelMessage, Contact, MessageStatus, WebhookEvent
from tests.factories import make_agent
from tests.messaging.messenger.conftest import PSID, deliver
from tickets.models import Attachment, EntryKind, Ticket

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# The same as Telegram's, SMS's and X's through the real view: a new ticket 26, a threaded message 14.
NEW_TICKET_STATEMENTS = 26
THREADED_STATEMENTS = 14


def test_a_page_message_with_a_file_opens_a_ticket_and_a_replay_writes_nothing(
    messenger_account: ChannelAccount, graph: MetaGraphFake
) -> None:
    event = graph.messenger_message(
        PSID, "Deposit missing", files=[("proof.png", "image/png", b"\x89PNG\r\n\x1a\n")]
    )
    payload = graph.messenger_webhook([event])
    answer = deliver(Client(), messenger_account, graph, payload)
    assert answer.status_code == 200 and answer.content == b"EVENT_RECEIVED"
    ticket = Ticket.objects.get()
    assert ticket.channel == "messenger" and ticket.subject == "Deposit missing"
    assert Contact.objects.get().external_id == PSID
    assert Attachment.objects.get(entry__ticket=ticket).filename.endswith("proof.png")
    counts = (ChannelMessage.objects.count(), WebhookEvent.objects.count())
    deliver(Client(), messenger_account, graph, payload)
    assert (ChannelMessage.objects.count(), WebhookEvent.objects.count()) == counts
    assert deliver(Client(), messenger_account, graph, payload, secret="forged").status_code == 403


def test_intake_statements_are_bounded(
    messenger_account: ChannelAccount, graph: MetaGraphFake, config_tokens: None
) -> None:
    # Another person's first message warms what is read once per process.
    warm = graph.messenger_webhook([graph.messenger_message("9990001112223334", "Warm")])
    assert deliver(Client(), messenger_account, graph, warm).status_code == 200
    with CaptureQueriesContext(connection) as new:
        deliver(
            Client(), messenger_account, graph, graph.messenger_webhook([graph.messenger_message(PSID, "Hi")])
        )
    with CaptureQueriesContext(connection) as threaded:
        deliver(
            Client(),
            messenger_account,
            graph,
            graph.messenger_webhook([graph.messenger_message(PSID, "Again")]),
        )
    print("new:", len(new), "threaded:", len(threaded))
    assert len(new) <= NEW_TICKET_STATEMENTS and len(threaded) <= THREADED_STATEMENTS


def test_a_reply_goes_out_as_a_response_and_its_delivery_receipt_shows(
    messenger_account: ChannelAccount, graph: MetaGraphFake
) -> None:
    deliver(
        Client(), messenger_account, graph, graph.messenger_webhook([graph.messenger_message(PSID, "Hello")])
    )
    ticket = Ticket.objects.get()
    ticket_reply(ticket=ticket, author=make_agent(), body="Hello, how can we help?")
    (sent,) = graph.sends("messenger")
    assert sent.body["messaging_type"] == "RESPONSE" and sent.body["message"] == {
        "text": "Hello, how can we help?"
    }
    message = ChannelMessage.objects.get(direction="out")
    assert message.status == MessageStatus.SENT and message.provider_message_id.startswith("m_")
    delivery = graph.messenger_delivery(PSID, timezone.now(), mids=[message.provider_message_id])
    deliver(Client(), messenger_account, graph, graph.messenger_webhook([delivery]))
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED


def test_a_reply_past_the_window_is_refused_with_the_reason_on_the_ticket(
    messenger_account: ChannelAccount, graph: MetaGraphFake
) -> None:
    at = timezone.now() - dt.timedelta(days=2)
    deliver(
        Client(),
        messenger_account,
        graph,
        graph.messenger_webhook([graph.messenger_message(PSID, "Hello", at=at)]),
    )
    Contact.objects.update(last_inbound_at=at)
    ticket = Ticket.objects.get()
    ticket_reply(ticket=ticket, author=make_agent(), body="Sorry for the wait.")
    message = ChannelMessage.objects.get(direction="out")
    assert message.status == MessageStatus.FAILED and "window" in message.error
    event = ticket.entries.get(kind=EntryKind.SYSTEM_EVENT, data__event="channel_message_failed")
    assert "window" in event.data["error"]

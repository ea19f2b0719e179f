"""WhatsApp through the one webhook view: Meta's handshake, a signed batch opens or threads the
customer's ticket with its files, a bad signature or a replay writes nothing, and the statements of
intake are bounded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from messaging.fakes.meta import MetaGraphFake
from messaging.models import ChannelAccount, ChannelMessage, Contact, WebhookEvent
from tests.messaging.whatsapp.conftest import CUSTOMER, deliver
from tickets.models import Attachment, Ticket

pytestmark = pytest.mark.django_db

# Intake through the view, measured: threaded 14 (the account, the contact, the event's key, the
# ticket's lock, the entry, the ticket's update, the audit row, the intake steps, the message row, the
# contact's update); a new ticket 37 (the placeholder customer and the contact, routing, the first SLA
# clock); a batch of statuses 5 (the account, then per receipt its key in a savepoint and the update).
# None grows with the history.
NEW_TICKET_STATEMENTS = 37
THREADED_STATEMENTS = 14
RECEIPT_STATEMENTS = 5


def test_the_handshake_answers_metas_challenge_through_the_view(
    whatsapp_account: ChannelAccount, graph: MetaGraphFake
) -> None:
    url = reverse("messaging:webhook", args=["whatsapp", whatsapp_account.webhook_key])
    ok = {"hub.mode": "subscribe", "hub.verify_token": graph.verify_token, "hub.challenge": "1158201444"}
    answer = Client().get(url, ok)
    assert answer.status_code == 200 and answer.content == b"1158201444"
    assert Client().get(url, {**ok, "hub.verify_token": "guess"}).status_code == 403
    assert (
        Client()
        .get(reverse("messaging:webhook", args=["messenger", whatsapp_account.webhook_key]), ok)
        .status_code
        == 404
    )


def test_a_message_opens_a_ticket_and_the_next_threads_on_it(
    whatsapp_account: ChannelAccount, graph: MetaGraphFake
) -> None:
    client = Client()
    first = graph.whatsapp_webhook(
        [graph.whatsapp_message(CUSTOMER, text="My USDT withdrawal is stuck")], names={CUSTOMER: "Kerry"}
    )
    assert deliver(client, whatsapp_account, graph, first).status_code == 200
    ticket = Ticket.objects.get()
    assert ticket.channel == "whatsapp" and ticket.subject == "My USDT withdrawal is stuck"
    contact = Contact.objects.get()
    assert (contact.external_id, contact.name, contact.phone) == (CUSTOMER, "Kerry", f"+{CUSTOMER}")
    assert contact.last_inbound_at is not None
    assert (
        deliver(
            client,
            whatsapp_account,
            graph,
            graph.whatsapp_webhook([graph.whatsapp_message(CUSTOMER, text="Any news?")]),
        ).status_code
        == 200
    )
    assert Ticket.objects.count() == 1
    assert list(ticket.entries.filter(kind="customer_message").values_list("body", flat=True)) == [
        "My USDT withdrawal is stuck",
        "Any news?",
    ]


def test_files_arrive_as_attachments_within_the_limits(
    whatsapp_account: ChannelAccount, graph: MetaGraphFake, settings: Any
) -> None:
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 2000
    payload = graph.whatsapp_webhook(
        [
            graph.whatsapp_message(
                CUSTOMER,
                "image",
                text="the error",
                data=b"\x89PNG\r\n\x1a\n" + b"\0" * 100,
                mime_type="image/png",
            ),
        ]
    )
    assert deliver(Client(), whatsapp_account, graph, payload).status_code == 200
    big = graph.whatsapp_webhook(
        [
            graph.whatsapp_message(
                CUSTOMER,
                "document",
                data=b"%PDF-1.7" + b"x" * 5000,
                mime_type="application/pdf",
                filename="statement.pdf",
            )
        ]
    )
    assert deliver(Client(), whatsapp_account, graph, big).status_code == 200
    ticket = Ticket.objects.get()
    (attachment,) = Attachment.objects.filter(entry__ticket=ticket)
    assert attachment.content_type == "image/png" and attachment.entry.body == "the error"
    refused = ticket.entries.filter(kind="customer_message").order_by("id").last()
    assert refused is not None
    assert "larger than 2000 bytes" in str(refused.data["attachments_refused"])


def test_a_bad_signature_is_refused_with_nothing_written(
    whatsapp_account: ChannelAccount, graph: MetaGraphFake
) -> None:
    payload = graph.whatsapp_webhook([graph.whatsapp_message(CUSTOMER, text="hi")])
    assert deliver(Client(), whatsapp_account, graph, payload, secret="guessed").status_code == 403
    url = reverse("messaging:webhook", args=["whatsapp", whatsapp_account.webhook_key])
    body, _headers = graph.signed(payload)
    assert Client().generic("POST", url, body, content_type="application/json").status_code == 403
    assert not WebhookEvent.objects.exists() and not Ticket.objects.exists() and not Contact.objects.exists()


def test_a_replayed_or_stale_delivery_writes_nothing(
    whatsapp_account: ChannelAccount, graph: MetaGraphFake
) -> None:
    payload = graph.whatsapp_webhook([graph.whatsapp_message(CUSTOMER, text="once")])
    assert deliver(Client(), whatsapp_account, graph, payload).status_code == 200
    counts = (Ticket.objects.count(), ChannelMessage.objects.count(), WebhookEvent.objects.count())
    assert deliver(Client(), whatsapp_account, graph, payload).status_code == 200
    assert (Ticket.objects.count(), ChannelMessage.objects.count(), WebhookEvent.objects.count()) == counts
    old = graph.whatsapp_webhook(
        [
            graph.whatsapp_message(
                CUSTOMER, text="captured", at=dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
            )
        ]
    )
    assert deliver(Client(), whatsapp_account, graph, old).status_code == 403
    assert ChannelMessage.objects.count() == counts[1]


def test_intake_statements_are_bounded(
    whatsapp_account: ChannelAccount, graph: MetaGraphFake, config_tokens: None
) -> None:
    client = Client()
    with CaptureQueriesContext(connection) as new:
        deliver(
            client,
            whatsapp_account,
            graph,
            graph.whatsapp_webhook([graph.whatsapp_message(CUSTOMER, text="Hello")]),
        )
    with CaptureQueriesContext(connection) as threaded:
        deliver(
            client,
            whatsapp_account,
            graph,
            graph.whatsapp_webhook([graph.whatsapp_message(CUSTOMER, text="Again")]),
        )
    with CaptureQueriesContext(connection) as receipt:
        deliver(
            client,
            whatsapp_account,
            graph,
            graph.whatsapp_webhook(statuses=[graph.whatsapp_status("wamid.X", "read", CUSTOMER)]),
        )
    print("new:", len(new), "threaded:", len(threaded), "receipt:", len(receipt))
    assert len(new) <= NEW_TICKET_STATEMENTS
    assert len(threaded) <= THREADED_STATEMENTS
    assert len(receipt) <= RECEIPT_STATEMENTS

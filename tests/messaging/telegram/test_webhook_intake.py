"""A Telegram message through the webhook opens a ticket, the next one threads on it; bad secrets,
unknown accounts and replays write nothing."""

import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from messaging.fakes.telegram import FakeTelegram
from messaging.models import ChannelMessage, Contact, WebhookEvent
from tests.messaging.telegram.conftest import deliver
from tickets.models import Attachment, Ticket

pytestmark = pytest.mark.django_db

# Webhook intake, threaded (14): the account, the contact with its customer and ticket, the event's key,
# the ticket's lock, the entry, the ticket's update, the audit row, the intake steps' reads and writes,
# the message row and the contact's update. A new ticket (26) adds the placeholder customer and the
# contact (each in a savepoint), routing and the first SLA clock. Neither grows with the history.
THREADED_STATEMENTS = 14
NEW_TICKET_STATEMENTS = 26


def test_a_message_opens_a_ticket_and_the_next_one_threads_on_it(bot: Any):
    client = Client()
    assert deliver(client, bot, FakeTelegram.update(1, text="My withdrawal is stuck")).status_code == 200
    ticket = Ticket.objects.get()
    assert ticket.channel == "telegram"
    assert ticket.subject == "My withdrawal is stuck"
    contact = Contact.objects.get()
    assert contact.external_id == "42" and contact.name == "Ana" and not contact.verified
    assert ticket.customer_id == contact.customer_id
    assert contact.customer.external_id.startswith("contact-")

    assert deliver(client, bot, FakeTelegram.update(2, text="Any news?")).status_code == 200
    assert Ticket.objects.count() == 1
    bodies = list(ticket.entries.filter(kind="customer_message").values_list("body", flat=True))
    assert bodies == ["My withdrawal is stuck", "Any news?"]
    assert ChannelMessage.objects.filter(direction="in", ticket=ticket).count() == 2


def test_intake_statements_are_bounded(bot: Any, config_tokens: None):
    client = Client()
    # Another person's first message warms what is read once per process, so the counts below are the
    # webhook's own.
    assert deliver(client, bot, FakeTelegram.update(100, user_id=4242, text="Warm")).status_code == 200
    with CaptureQueriesContext(connection) as new:
        assert deliver(client, bot, FakeTelegram.update(1, text="Hello")).status_code == 200
    with CaptureQueriesContext(connection) as threaded:
        assert deliver(client, bot, FakeTelegram.update(2, text="Again")).status_code == 200
    print("new ticket:", len(new.captured_queries), "threaded:", len(threaded.captured_queries))
    assert len(new.captured_queries) <= NEW_TICKET_STATEMENTS
    assert len(threaded.captured_queries) <= THREADED_STATEMENTS


def test_a_replayed_update_writes_nothing(bot: Any):
    client = Client()
    update = FakeTelegram.update(7, text="once")
    assert deliver(client, bot, update).status_code == 200
    counts = (Ticket.objects.count(), ChannelMessage.objects.count(), WebhookEvent.objects.count())
    assert deliver(client, bot, update).status_code == 200
    assert (Ticket.objects.count(), ChannelMessage.objects.count(), WebhookEvent.objects.count()) == counts
    assert ChannelMessage.objects.count() == 1


def test_a_bad_secret_is_refused_with_nothing_written(bot: Any):
    response = deliver(Client(), bot, FakeTelegram.update(1, text="hi"), secret="guess")
    assert response.status_code == 403
    assert not WebhookEvent.objects.exists() and not Ticket.objects.exists() and not Contact.objects.exists()
    response = Client().post(
        f"/hooks/telegram/{bot.webhook_key}/", data="{}", content_type="application/json"
    )
    assert response.status_code == 403


def test_an_unknown_or_disabled_account_is_not_found(bot: Any):
    update = FakeTelegram.update(1, text="hi")
    bot.webhook_key = "wrong"
    assert deliver(Client(), bot, update).status_code == 404
    bot.refresh_from_db()
    bot.enabled = False
    bot.save()
    assert deliver(Client(), bot, update).status_code == 404
    assert not WebhookEvent.objects.exists()


def test_a_stale_update_is_acknowledged_and_dropped(bot: Any):
    old = FakeTelegram.update(3, text="from last week", date=int(time.time()) - 7 * 86400)
    assert deliver(Client(), bot, old).status_code == 200
    assert not Ticket.objects.exists()


def test_group_chats_and_other_updates_are_ignored(bot: Any):
    update = FakeTelegram.update(4, text="in a group")
    update["message"]["chat"]["type"] = "group"
    assert deliver(Client(), bot, update).status_code == 200
    assert deliver(Client(), bot, {"update_id": 5, "edited_message": {}}).status_code == 200
    assert not Ticket.objects.exists()


def test_a_body_that_is_not_json_is_a_bad_request(bot: Any):
    response = Client().post(
        f"/hooks/telegram/{bot.webhook_key}/",
        data="not json",
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": bot.credentials["secret_token"]},
    )
    assert response.status_code == 400


def test_a_photo_and_a_document_come_as_attachments_within_the_limits(
    bot: Any, telegram: FakeTelegram, settings: Any
):
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    telegram.add_file("photo-1", png, "photos/file_1.jpg")
    telegram.add_file("doc-1", b"%PDF-1.4 statement", "documents/file_2.pdf")
    document = {
        "file_id": "doc-1",
        "file_unique_id": "d1",
        "file_name": "statement.pdf",
        "mime_type": "application/pdf",
    }
    update = FakeTelegram.update(9, text="see attached", document=document)
    assert deliver(Client(), bot, update).status_code == 200
    attachment = Attachment.objects.get()
    assert attachment.filename == "statement.pdf" and attachment.size == len(b"%PDF-1.4 statement")

    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 50
    big = {"file_id": "photo-1", "file_unique_id": "p1", "file_name": "big.png", "mime_type": "image/png"}
    assert deliver(Client(), bot, FakeTelegram.update(10, text="and this", document=big)).status_code == 200
    entry = Ticket.objects.get().entries.filter(kind="customer_message").last()
    assert entry is not None and entry.body == "and this"
    assert entry.data["attachments_refused"] and Attachment.objects.count() == 1


def test_a_telegram_user_never_reaches_another_customers_ticket(bot: Any, ticket: Any):
    deliver(Client(), bot, FakeTelegram.update(11, user_id=1001, text="first user"))
    deliver(Client(), bot, FakeTelegram.update(12, user_id=1002, text="second user"))
    first, second = Contact.objects.order_by("external_id")
    assert first.customer_id != second.customer_id
    assert first.ticket_id != second.ticket_id
    assert ticket.customer_id not in (first.customer_id, second.customer_id)
    assert first.ticket_id is not None
    assert Ticket.objects.get(pk=first.ticket_id).entries.filter(body="second user").count() == 0


def test_a_photo_without_a_caption_opens_a_ticket_with_the_photo(bot: Any, telegram: FakeTelegram):
    telegram.add_file("photo-9", b"\xff\xd8\xff" + b"0" * 64, "photos/file_9.jpg")
    assert deliver(Client(), bot, FakeTelegram.update(20, photo_id="photo-9")).status_code == 200
    ticket = Ticket.objects.get()
    assert ticket.subject.startswith("Telegram message from")
    assert Attachment.objects.get().filename == "photo-photo-9.jpg"

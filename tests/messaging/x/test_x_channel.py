"""X direct messages: the CRC handshake, signed Account Activity deliveries that open and thread
tickets (the account's own echoes ignored, media fetched), replays and forgeries refused, replies sent
through API v2 with OAuth 1.0a (checked by the fake), read receipts, and the outbox's retries."""

import time
from typing import Any

import httpx
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from messaging.fakes.x import FakeX
from messaging.models import ChannelMessage, Contact, WebhookEvent
from messaging.providers.base import Outgoing, PermanentSendError, TransientSendError
from messaging.providers.x import XProvider, parse_payload
from messaging.services import outbound_queue, outbound_send
from tests.messaging.x.conftest import credentials, deliver, hook_path
from tickets.models import Attachment, Ticket

pytestmark = pytest.mark.django_db

CUSTOMER = "1600000000000000042"
THREADED_STATEMENTS = 14
NEW_TICKET_STATEMENTS = 26


def dm(fake: FakeX, text: str, **kw: Any) -> bytes:
    return fake.body([fake.message_event(sender_id=CUSTOMER, text=text, **kw)], users={CUSTOMER: "Ana Silva"})


def test_the_crc_challenge_is_answered_with_the_consumer_secret(x_account: Any, x: FakeX):
    response = Client().get(hook_path(x_account), {"crc_token": "challenge-123"})
    assert response.status_code == 200
    assert response.json() == x.crc_response("challenge-123")
    assert Client().get(hook_path(x_account)).status_code == 405


def test_a_direct_message_opens_a_ticket_and_the_next_one_threads_on_it(x_account: Any, x: FakeX):
    client = Client()
    assert deliver(client, x_account, x, dm(x, "My deposit is missing")).status_code == 200
    ticket = Ticket.objects.get()
    assert ticket.channel == "x"
    contact = Contact.objects.get()
    assert contact.external_id == CUSTOMER and contact.name == "Ana Silva" and not contact.verified
    assert deliver(client, x_account, x, dm(x, "tx 0xabc")).status_code == 200
    assert Ticket.objects.count() == 1
    bodies = list(ticket.entries.filter(kind="customer_message").values_list("body", flat=True))
    assert bodies == ["My deposit is missing", "tx 0xabc"]


def test_the_accounts_own_messages_echoed_back_and_other_users_payloads_are_ignored(x_account: Any, x: FakeX):
    client = Client()
    own = x.body([x.message_event(sender_id=x.user_id, text="our reply", recipient_id=CUSTOMER)])
    assert deliver(client, x_account, x, own).status_code == 200
    other_user = x.body([x.message_event(sender_id=CUSTOMER, text="hi")], for_user_id="999")
    assert deliver(client, x_account, x, other_user).status_code == 200
    stale = dm(x, "old", created=time.time() - 2 * 86400)
    assert deliver(client, x_account, x, stale).status_code == 200
    assert not Ticket.objects.exists() and not ChannelMessage.objects.exists()


def test_intake_statements_are_bounded(x_account: Any, x: FakeX, config_tokens: None):
    client = Client()
    # Another person's first message and its follow-up warm what each path reads once per process.
    for body in ("first", "second"):
        warm = x.body([x.message_event(sender_id="1600000000000000001", text=body)])
        assert deliver(client, x_account, x, warm).status_code == 200
    with CaptureQueriesContext(connection) as new:
        assert deliver(client, x_account, x, dm(x, "Hello")).status_code == 200
    with CaptureQueriesContext(connection) as threaded:
        assert deliver(client, x_account, x, dm(x, "Again")).status_code == 200
    print("x new ticket:", len(new.captured_queries), "threaded:", len(threaded.captured_queries))
    assert len(new.captured_queries) <= NEW_TICKET_STATEMENTS, [q["sql"][:200] for q in new.captured_queries]
    assert len(threaded.captured_queries) <= THREADED_STATEMENTS, [
        q["sql"][:200] for q in threaded.captured_queries
    ]


def test_replays_and_forgeries_write_nothing(x_account: Any, x: FakeX):
    client = Client()
    body = dm(x, "once", event_id="1700000000000000001")
    assert deliver(client, x_account, x, body).status_code == 200
    counts = (Ticket.objects.count(), ChannelMessage.objects.count(), WebhookEvent.objects.count())
    assert deliver(client, x_account, x, body).status_code == 200
    assert (Ticket.objects.count(), ChannelMessage.objects.count(), WebhookEvent.objects.count()) == counts

    forged = dm(x, "send funds to me")
    assert deliver(client, x_account, x, forged, signature=x.signature_header(body)).status_code == 403
    assert deliver(client, x_account, x, forged, signature="sha256=AAAA").status_code == 403
    unsigned = client.post(hook_path(x_account), data=forged, content_type="application/json")
    assert unsigned.status_code == 403
    assert (Ticket.objects.count(), ChannelMessage.objects.count(), WebhookEvent.objects.count()) == counts
    garbage = b"not json"
    assert deliver(client, x_account, x, garbage).status_code == 400


def test_an_attached_picture_is_fetched_with_a_signed_request(x_account: Any, fake_x: Any):
    fake, _base = fake_x
    path = fake.media_add(b"\xff\xd8\xff" + b"1" * 200, "image/jpeg")
    body = fake.body(
        [fake.message_event(sender_id=CUSTOMER, text="see", media_url="https://ton.x.com" + path)]
    )
    assert deliver(Client(), x_account, fake, body).status_code == 200
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/jpeg"
    (download,) = [r for r in fake.requests if r.path == path]
    assert download.oauth_ok


def test_a_reply_goes_out_signed_and_its_read_receipt_follows(x_account: Any, x: FakeX):
    client = Client()
    deliver(client, x_account, x, dm(x, "hello"))
    queued = outbound_queue(
        account=x_account, contact=Contact.objects.get(), ticket=Ticket.objects.get(), text="We are on it."
    )
    with httpx.Client() as http:
        sent = outbound_send(message_id=queued.pk, client=http)
    assert sent is not None and sent.status == "sent"
    (out,) = x.sent()
    assert out.path == f"/2/dm_conversations/with/{CUSTOMER}/messages" and out.body["text"] == "We are on it."
    assert sent.provider_message_id == out.body["dm_event_id"]

    read = x.body(reads=[x.read_event(reader_id=CUSTOMER, last_read_event_id=sent.provider_message_id)])
    assert deliver(client, x_account, x, read).status_code == 200
    sent.refresh_from_db()
    assert sent.status == "read" and sent.read_at is not None


def test_the_fake_refuses_bad_oauth_and_sending_errors_are_classified(fake_x: Any):
    fake, url = fake_x
    good = credentials(fake, url)
    provider = XProvider()
    out = Outgoing(recipient_id=CUSTOMER, text="hi")
    with httpx.Client() as http:
        with pytest.raises(PermanentSendError, match="401"):
            provider.send(http, {**good, "access_token_secret": "wrong"}, out)
        assert fake.requests[-1].problem == "bad signature"
        fake.fail_next(429)
        with pytest.raises(TransientSendError) as limited:
            provider.send(http, good, out)
        assert limited.value.retry_after is not None
        fake.fail_next(503)
        with pytest.raises(TransientSendError):
            provider.send(http, good, out)
        fake.closed_dms.add(CUSTOMER)
        with pytest.raises(PermanentSendError, match="403"):
            provider.send(http, good, out)
        fake.closed_dms.clear()
        with pytest.raises(TransientSendError):
            provider.send(http, {**good, "api_base": "http://127.0.0.1:9"}, out)
        with pytest.raises(PermanentSendError, match="sends no files"):
            provider.send(
                http, good, Outgoing(recipient_id=CUSTOMER, files=(("a.pdf", "application/pdf", b"%PDF"),))
            )
        assert provider.send(http, good, out).message_id
    assert len(fake.sent()) == 1


def test_an_outage_is_retried_by_the_outbox(x_account: Any, x: FakeX):
    deliver(Client(), x_account, x, dm(x, "hello"))
    queued = outbound_queue(
        account=x_account, contact=Contact.objects.get(), ticket=Ticket.objects.get(), text="R"
    )
    x.fail_next(503)
    with httpx.Client() as http:
        waiting = outbound_send(message_id=queued.pk, client=http)
    assert waiting is not None and waiting.status == "queued" and waiting.attempts == 1
    ChannelMessage.objects.filter(pk=queued.pk).update(next_attempt_at=waiting.created_at)
    with httpx.Client() as http:
        again = outbound_send(message_id=queued.pk, client=http)
    assert again is not None and again.status == "sent"
    assert len(x.sent()) == 1


def test_typing_and_unknown_events_are_ignored():
    payload = {
        "for_user_id": "1",
        "direct_message_indicate_typing_events": [{"sender_id": "2"}],
        "direct_message_events": [{"type": "message_create", "id": "5", "message_create": {}}, "junk"],
        "direct_message_mark_read_events": [{"sender_id": "1", "last_read_event_id": "9"}],
    }
    assert parse_payload(payload, own_user_id="1") == parse_payload({}, own_user_id="1")

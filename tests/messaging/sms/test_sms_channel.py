"""SMS through Twilio: inbound texts open and thread tickets through the core's webhook, signatures and
replays are refused, STOP is honoured, replies go out through the real twilio client against the fake
over HTTP, and status callbacks become receipts."""

from typing import Any

import httpx
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from messaging.fakes.twilio import FakeTwilio, webhook_headers
from messaging.models import ChannelMessage, Contact, WebhookEvent
from messaging.providers.base import Outgoing, PermanentSendError, TransientSendError
from messaging.providers.sms import SmsProvider, keyword, parse_form
from messaging.services import outbound_queue, outbound_send
from tests.messaging.sms.conftest import OUR_NUMBER, deliver, hook_path
from tickets.models import Attachment, Ticket

pytestmark = pytest.mark.django_db

CUSTOMER = "+14155550142"
# Intake of one SMS through the real view: as the Telegram channel's (see its test), the adapter adds no
# statement of its own (the signature and the form are checked in memory).
THREADED_STATEMENTS = 14
NEW_TICKET_STATEMENTS = 26


def text(fake: FakeTwilio, body: str, **kw: Any) -> dict[str, str]:
    return fake.inbound_form(from_number=CUSTOMER, to_number=OUR_NUMBER, body=body, **kw)


def test_a_text_opens_a_ticket_and_the_next_one_threads_on_it(sms_account: Any, twilio: FakeTwilio):
    client = Client()
    response = deliver(client, sms_account, text(twilio, "My USDT withdrawal has not arrived"))
    assert response.status_code == 200 and b"<Response>" in response.content
    ticket = Ticket.objects.get()
    assert ticket.channel == "sms"
    contact = Contact.objects.get()
    assert contact.external_id == CUSTOMER and contact.phone == CUSTOMER and not contact.verified
    assert deliver(client, sms_account, text(twilio, "Any news?")).status_code == 200
    assert Ticket.objects.count() == 1
    bodies = list(ticket.entries.filter(kind="customer_message").values_list("body", flat=True))
    assert bodies == ["My USDT withdrawal has not arrived", "Any news?"]


def test_intake_statements_are_bounded(sms_account: Any, twilio: FakeTwilio, config_tokens: None):
    client = Client()
    # Another number's first message and its follow-up warm what each path reads once per process
    # (configuration, content types), whatever tests this process ran before.
    for body in ("first", "second"):
        warm = twilio.inbound_form(from_number="+14155550100", to_number=OUR_NUMBER, body=body)
        assert deliver(client, sms_account, warm).status_code == 200
    with CaptureQueriesContext(connection) as new:
        assert deliver(client, sms_account, text(twilio, "Hello")).status_code == 200
    with CaptureQueriesContext(connection) as threaded:
        assert deliver(client, sms_account, text(twilio, "Again")).status_code == 200
    print("sms new ticket:", len(new.captured_queries), "threaded:", len(threaded.captured_queries))
    assert len(new.captured_queries) <= NEW_TICKET_STATEMENTS, [q["sql"][:200] for q in new.captured_queries]
    assert len(threaded.captured_queries) <= THREADED_STATEMENTS, [
        q["sql"][:200] for q in threaded.captured_queries
    ]


def test_a_replayed_message_writes_nothing(sms_account: Any, twilio: FakeTwilio):
    client = Client()
    form = text(twilio, "once")
    assert deliver(client, sms_account, form).status_code == 200
    counts = (Ticket.objects.count(), ChannelMessage.objects.count(), WebhookEvent.objects.count())
    assert deliver(client, sms_account, form).status_code == 200
    assert (Ticket.objects.count(), ChannelMessage.objects.count(), WebhookEvent.objects.count()) == counts


def test_bad_or_misplaced_signatures_are_refused_with_nothing_written(sms_account: Any, twilio: FakeTwilio):
    client = Client()
    form = text(twilio, "hi")
    assert deliver(client, sms_account, form, token="0" * 32).status_code == 403
    # Signed over the host Django sees instead of the public URL Twilio requested.
    assert (
        deliver(client, sms_account, form, url="http://testserver" + hook_path(sms_account)).status_code
        == 403
    )
    # A field changed after signing.
    signed = webhook_headers(twilio.auth_token, sms_account.credentials["webhook_url"], form)
    tampered = {**form, "Body": "send my coins to bc1q..."}
    assert client.post(hook_path(sms_account), data=tampered, headers=signed).status_code == 403
    assert client.post(hook_path(sms_account), data=form).status_code == 403
    # Another Twilio account's request, signed with our token (a leaked token's replay across accounts).
    other = {**form, "AccountSid": "AC" + "1" * 32}
    assert deliver(client, sms_account, other).status_code == 403
    assert not WebhookEvent.objects.exists() and not Ticket.objects.exists() and not Contact.objects.exists()


def test_an_mms_brings_its_picture_onto_the_ticket(sms_account: Any, fake_twilio: Any):
    fake, base = fake_twilio
    sid = "MM" + "ab" * 16
    media = fake.media_add(sid, b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png")
    form = fake.inbound_form(
        from_number=CUSTOMER, to_number=OUR_NUMBER, body="screenshot", media=(media,),
        media_types=("image/png",), sid=sid, base_url=base,
    )  # fmt: skip
    assert deliver(Client(), sms_account, form).status_code == 200
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png" and attachment.filename.endswith(".png")
    assert any(r.path.endswith(media.rsplit("/", 1)[-1]) and r.auth_ok for r in fake.requests)


def test_a_reply_goes_out_with_the_status_callback_and_receipts_follow(sms_account: Any, twilio: FakeTwilio):
    client = Client()
    deliver(client, sms_account, text(twilio, "hello"))
    contact = Contact.objects.get()
    ticket = Ticket.objects.get()
    queued = outbound_queue(account=sms_account, contact=contact, ticket=ticket, text="We are on it.")
    with httpx.Client() as http:
        sent = outbound_send(message_id=queued.pk, client=http)
    assert sent is not None and sent.status == "sent"
    (out,) = twilio.sent_messages()
    assert (out["to"], out["from"], out["body"]) == (CUSTOMER, OUR_NUMBER, "We are on it.")
    assert out["status_callback"] == sms_account.credentials["webhook_url"]
    assert sent.provider_message_id == out["sid"]

    assert deliver(client, sms_account, twilio.status_form(out["sid"], "sent")).status_code == 200
    assert deliver(client, sms_account, twilio.status_form(out["sid"], "delivered")).status_code == 200
    sent.refresh_from_db()
    assert sent.status == "delivered" and sent.delivered_at is not None
    # A replayed "sent" after "delivered" changes nothing.
    assert deliver(client, sms_account, twilio.status_form(out["sid"], "sent")).status_code == 200
    sent.refresh_from_db()
    assert sent.status == "delivered"


def test_an_undelivered_reply_is_failed_with_the_carriers_reason(sms_account: Any, twilio: FakeTwilio):
    client = Client()
    deliver(client, sms_account, text(twilio, "hello"))
    queued = outbound_queue(
        account=sms_account, contact=Contact.objects.get(), ticket=Ticket.objects.get(), text="Reply"
    )
    with httpx.Client() as http:
        sent = outbound_send(message_id=queued.pk, client=http)
    assert sent is not None
    form = twilio.status_form(sent.provider_message_id, "undelivered", error_code="30006")
    assert deliver(client, sms_account, form).status_code == 200
    sent.refresh_from_db()
    assert sent.status == "failed" and "landline" in sent.error and "30006" in sent.error


def test_stop_is_honoured_until_start(sms_account: Any, twilio: FakeTwilio):
    client = Client()
    deliver(client, sms_account, text(twilio, "I need help"))
    ticket = Ticket.objects.get()
    assert deliver(client, sms_account, text(twilio, "Stop")).status_code == 200
    contact = Contact.objects.get()
    assert contact.opted_out
    refused = outbound_queue(account=sms_account, contact=contact, ticket=ticket, text="Are you there?")
    assert refused.status == "failed" and "STOP" in refused.error
    assert ticket.entries.filter(data__event="channel_message_failed").exists()
    with httpx.Client() as http:
        assert outbound_send(message_id=refused.pk, client=http) is None
    assert twilio.sent_messages() == []

    assert deliver(client, sms_account, text(twilio, "START")).status_code == 200
    contact.refresh_from_db()
    assert not contact.opted_out
    queued = outbound_queue(account=sms_account, contact=contact, ticket=ticket, text="Welcome back")
    with httpx.Client() as http:
        welcome = outbound_send(message_id=queued.pk, client=http)
    assert welcome is not None and welcome.status == "sent"
    assert [m["body"] for m in twilio.sent_messages()] == ["Welcome back"]


def test_twilio_refusing_an_unsubscribed_number_is_permanent(sms_account: Any, twilio: FakeTwilio):
    client = Client()
    deliver(client, sms_account, text(twilio, "hello"))
    twilio.unsubscribe(CUSTOMER)
    queued = outbound_queue(
        account=sms_account, contact=Contact.objects.get(), ticket=Ticket.objects.get(), text="Reply"
    )
    with httpx.Client() as http:
        failed = outbound_send(message_id=queued.pk, client=http)
    assert (
        failed is not None
        and failed.status == "failed"
        and "21610" in failed.error
        and "STOP" in failed.error
    )


def test_an_outage_is_retried_and_the_message_goes_out_later(sms_account: Any, twilio: FakeTwilio):
    client = Client()
    deliver(client, sms_account, text(twilio, "hello"))
    queued = outbound_queue(
        account=sms_account, contact=Contact.objects.get(), ticket=Ticket.objects.get(), text="Reply"
    )
    twilio.fail_next(503)
    with httpx.Client() as http:
        waiting = outbound_send(message_id=queued.pk, client=http)
    assert (
        waiting is not None
        and waiting.status == "queued"
        and waiting.next_attempt_at is not None
        and waiting.attempts == 1
    )
    ChannelMessage.objects.filter(pk=queued.pk).update(next_attempt_at=waiting.created_at)
    with httpx.Client() as http:
        again = outbound_send(message_id=queued.pk, client=http)
    assert again is not None and again.status == "sent"
    assert len(twilio.sent_messages()) == 1


def test_send_errors_are_classified(fake_twilio: Any):
    fake, url = fake_twilio
    credentials = {
        "account_sid": fake.account_sid, "auth_token": fake.auth_token, "from_number": OUR_NUMBER,
        "api_base": url,
    }  # fmt: skip
    provider = SmsProvider()
    with httpx.Client() as http:
        fake.fail_next(429)
        with pytest.raises(TransientSendError):
            provider.send(http, credentials, Outgoing(recipient_id=CUSTOMER, text="x"))
        with pytest.raises(PermanentSendError, match="valid phone number"):
            provider.send(http, credentials, Outgoing(recipient_id="12", text="x"))
        with pytest.raises(PermanentSendError):
            provider.send(
                http, {**credentials, "auth_token": "wrong"}, Outgoing(recipient_id=CUSTOMER, text="x")
            )
        with pytest.raises(TransientSendError):
            provider.send(
                http,
                {**credentials, "api_base": "http://127.0.0.1:9"},
                Outgoing(recipient_id=CUSTOMER, text="x"),
            )
        with pytest.raises(PermanentSendError, match="sends no files"):
            provider.send(
                http,
                credentials,
                Outgoing(recipient_id=CUSTOMER, files=(("a.pdf", "application/pdf", b"%PDF"),)),
            )
        long = provider.send(http, credentials, Outgoing(recipient_id=CUSTOMER, text="word " * 500))
    bodies = [m["body"] for m in fake.sent_messages()]
    assert (
        len(bodies) == 2
        and all(len(b) <= 1600 for b in bodies)
        and long.message_id == fake.sent_messages()[0]["sid"]
    )


@pytest.mark.parametrize(
    ("body", "opt_out_type", "expected"),
    [
        ("STOP", "", "stop"), (" stop ", "", "stop"), ("Unsubscribe", "", "stop"), ("quit.", "", "stop"),
        ("stopall", "", "stop"), ("cancel", "", "stop"), ("end", "", "stop"), ("start", "", "start"),
        ("Unstop", "", "start"), ("YES", "", "start"), ("please stop calling me", "", ""),
        ("arrêt", "STOP", "stop"), ("hello", "", ""),
    ],
)  # fmt: skip
def test_carrier_keywords(body: str, opt_out_type: str, expected: str):
    assert keyword(body, opt_out_type) == expected


def test_status_steps_before_sent_are_not_receipts_and_a_form_without_a_sid_is_refused():
    assert parse_form({"MessageSid": "SM1", "MessageStatus": "queued"}).receipts == ()
    assert parse_form({"MessageSid": "SM1", "MessageStatus": "sending"}).receipts == ()
    (receipt,) = parse_form({"MessageSid": "SM1", "MessageStatus": "read"}).receipts
    assert receipt.status == "read" and receipt.event_key == "SM1:read"
    from messaging.providers.base import WebhookRejected

    with pytest.raises(WebhookRejected):
        parse_form({"Body": "hi", "From": CUSTOMER})
    # WhatsApp through the same Twilio number is not an SMS.
    assert parse_form({"MessageSid": "SM2", "From": "whatsapp:+14155550142", "Body": "hi"}).inbound == ()

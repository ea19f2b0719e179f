"""Bounces reach the agent; automatic mail is never answered; the helpdesk never talks to itself."""

import io
import sys

import pytest
from django.core import mail as outbox
from django.core.management import call_command

from casework.services import ticket_reply
from mail.models import InboundMessage, InboundStatus, OutboundMessage, OutboundStatus, Outcome
from tests.factories import make_agent
from tests.mail import corpus
from tests.mail.build import deliver, email, make_mailbox, post_inbound
from tickets.models import EntryKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox():
    return make_mailbox()


def _sent_reply(mailbox, capture):
    """A reply the helpdesk really sent through the outbox, and the envelope sender it went with."""
    ticket = deliver(email(), mailbox).ticket
    with capture(execute=True):
        ticket_reply(ticket=ticket, author=make_agent(), body="Here is your answer")
    sent = OutboundMessage.objects.get(ticket=ticket, kind="reply")
    [envelope_sender] = [
        m.from_email for m in outbox.outbox if m.extra_headers["Message-ID"] == f"<{sent.message_id}>"
    ]
    return ticket, sent, envelope_sender


def _dsn(message_id: str, to: str) -> bytes:
    """The corpus DSN (as Postfix writes it) reporting on `message_id`, addressed to `to`."""
    return (
        corpus.load("18a_bounce_dsn.eml")
        .replace(b"hd.42.7.abcdef@cryptox.example", message_id.encode())
        .replace(b"\nTo: support@cryptox.example\r\n", f"\nTo: {to}\r\n".encode())
    )


def _pipe(raw: bytes, monkeypatch, capture) -> InboundMessage:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    with capture(execute=True):
        call_command("mail_import", "-", "--mailbox", "support@cryptox.example", stdout=io.StringIO())
    return InboundMessage.objects.latest("pk")


def test_a_bounce_marks_the_reply_undeliverable_on_its_ticket(mailbox, django_capture_on_commit_callbacks):
    ticket, sent, envelope_sender = _sent_reply(mailbox, django_capture_on_commit_callbacks)
    assert envelope_sender.startswith(f"support+bounce-{sent.pk}-")
    message = deliver(_dsn(sent.message_id, envelope_sender), mailbox)
    assert message.outcome == Outcome.BOUNCE
    assert message.error == ""
    sent.refresh_from_db()
    assert sent.status == OutboundStatus.BOUNCED
    event = ticket.entries.get(kind=EntryKind.SYSTEM_EVENT, data__event="email_bounced")
    assert event.data["status"].startswith("5.")


@pytest.mark.parametrize("way", ["pipe", "http"])
def test_a_real_bounce_of_a_sent_reply_marks_it_bounced(
    way, mailbox, monkeypatch, django_capture_on_commit_callbacks
):
    ticket, sent, envelope_sender = _sent_reply(mailbox, django_capture_on_commit_callbacks)
    raw = _dsn(sent.message_id, envelope_sender)
    if way == "pipe":
        message = _pipe(raw, monkeypatch, django_capture_on_commit_callbacks)
    else:
        message = post_inbound(raw, mailbox, django_capture_on_commit_callbacks)
    assert (message.status, message.outcome, message.error) == (InboundStatus.IGNORED, Outcome.BOUNCE, "")
    sent.refresh_from_db()
    assert sent.status == OutboundStatus.BOUNCED
    assert ticket.entries.filter(data__event="email_bounced").count() == 1


@pytest.mark.parametrize("way", ["pipe", "http"])
@pytest.mark.parametrize(
    "to", ["support@cryptox.example", "support+bounce-{pk}-0123456789abcdef0123@cryptox.example"]
)
def test_a_forged_bounce_quoting_a_sent_replys_message_id_changes_nothing(
    way, to, mailbox, monkeypatch, django_capture_on_commit_callbacks
):
    ticket, sent, _envelope_sender = _sent_reply(mailbox, django_capture_on_commit_callbacks)
    raw = _dsn(sent.message_id, to.format(pk=sent.pk))
    if way == "pipe":
        message = _pipe(raw, monkeypatch, django_capture_on_commit_callbacks)
    else:
        message = post_inbound(raw, mailbox, django_capture_on_commit_callbacks)
    # Kept and listed for admins with the reason, but the reply is still sent.
    assert (message.status, message.outcome) == (InboundStatus.IGNORED, Outcome.BOUNCE)
    assert message.error.startswith("unverified bounce")
    sent.refresh_from_db()
    assert sent.status == OutboundStatus.SENT
    assert not ticket.entries.filter(data__event="email_bounced").exists()


def test_a_bounce_for_mail_the_helpdesk_never_sent_changes_nothing(mailbox):
    message = deliver(corpus.load("18b_bounce_mailer_daemon.eml"), mailbox)
    assert message.status == InboundStatus.IGNORED
    assert message.outcome == Outcome.BOUNCE
    assert not OutboundMessage.objects.exists()


def test_an_autoresponder_answering_the_acknowledgement_gets_nothing_back(
    mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = deliver(email(), mailbox).ticket
    [ack] = outbox.outbox
    out_of_office = email(
        subject=f"Automatic reply: {ack.subject}",
        text="I am out of the office until Monday.",
        in_reply_to=ack.extra_headers["Message-ID"],
        headers={"Auto-Submitted": "auto-replied"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = deliver(out_of_office, mailbox)
    assert message.outcome == Outcome.AUTO_REPLY
    assert len(outbox.outbox) == 1
    assert ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE).count() == 1


def test_acknowledgements_to_one_address_are_capped_per_hour(mailbox, django_capture_on_commit_callbacks):
    # An autoresponder that hides what it is writes a "new" message every time it hears from us.
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(6):
            deliver(email(subject=f"Question {n}"), mailbox)
    assert len(outbox.outbox) == 3
    skipped = OutboundMessage.objects.count()
    assert skipped == 3


def test_mail_from_the_helpdesks_own_address_is_a_loop(mailbox):
    message = deliver(email(sender="CryptoX Support <support@cryptox.example>"), mailbox)
    assert message.outcome == Outcome.LOOP
    assert message.ticket is None


def test_a_message_asking_for_no_auto_response_gets_a_ticket_but_no_acknowledgement(
    mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = deliver(email(headers={"X-Auto-Response-Suppress": "OOF, AutoReply"}), mailbox)
    assert message.outcome == Outcome.NEW_TICKET
    assert outbox.outbox == []

"""Bounces reach the agent; automatic mail is never answered; the helpdesk never talks to itself."""

import pytest
from django.core import mail as outbox

from mail.models import InboundStatus, OutboundMessage, OutboundStatus, Outcome
from tests.factories import make_agent
from tests.mail import corpus
from tests.mail.build import deliver, email, make_mailbox
from tickets.models import EntryKind
from tickets.services import ticket_reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox():
    return make_mailbox()


def test_a_bounce_marks_the_reply_undeliverable_on_its_ticket(mailbox, django_capture_on_commit_callbacks):
    ticket = deliver(email(), mailbox).ticket
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, author=make_agent(), body="Here is your answer")
    sent = OutboundMessage.objects.get(ticket=ticket, kind="reply")
    dsn = corpus.load("18a_bounce_dsn.eml").replace(
        b"hd.42.7.abcdef@cryptox.example", sent.message_id.encode()
    )
    message = deliver(dsn, mailbox)
    assert message.outcome == Outcome.BOUNCE
    sent.refresh_from_db()
    assert sent.status == OutboundStatus.BOUNCED
    event = ticket.entries.get(kind=EntryKind.SYSTEM_EVENT, data__event="email_bounced")
    assert event.data["status"].startswith("5.")


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

"""Every message of the fixture corpus becomes the right ticket, reply, nothing, or quarantine entry.

The corpus and the outcome each file must have are in tests/mail/corpus (MANIFEST.md explains them).
"""

import pytest
from django.utils.text import get_valid_filename

from casework.services import ticket_reply
from mail.models import InboundStatus, MailThread, Outcome
from tests.factories import make_agent
from tests.mail import corpus
from tests.mail.build import deliver, make_mailbox
from tickets.models import EntryKind, Ticket
from tickets.templatetags.timeline import render_body

pytestmark = pytest.mark.django_db

CHAIN = [e for e in corpus.manifest() if e["file"].startswith("20")]
SINGLE = [e for e in corpus.manifest() if e["expect"] in ("new_ticket", "quarantine") and e not in CHAIN]
IGNORED = [e for e in corpus.manifest() if e["expect"] in ("ignored_auto_reply", "ignored_bounce")]


@pytest.fixture
def mailbox():
    return make_mailbox()


def _readable(entry):
    return (entry.data.get("email", {}).get("text") or entry.body) if entry else ""


def _check_entry(expected, message):
    entry = message.entry
    text = _readable(entry)
    for phrase in expected["text_contains"]:
        assert phrase in text, f"{expected['file']}: {phrase!r} not in the text"
    for phrase in expected.get("text_not_contains", []):
        assert phrase not in text, f"{expected['file']}: {phrase!r} should not be in the text"
    shown = str(render_body(entry))
    for bad in expected.get("html_not_contains", []):
        assert bad not in shown, f"{expected['file']}: {bad!r} survived into the shown HTML"
    kept = {a.filename for a in entry.attachments.all()}
    for name in expected["attachments"]:
        assert get_valid_filename(name) in kept, f"{expected['file']}: {name} not kept ({kept})"
    refused = {r["filename"] for r in entry.data.get("email", {}).get("refused", [])}
    for name in expected["refused_attachments"]:
        assert name in refused, f"{expected['file']}: {name} was not refused ({refused})"
    if expected["refused_attachments"]:
        assert message.ticket.entries.filter(data__event="attachments_refused").exists()


@pytest.mark.parametrize("expected", SINGLE, ids=lambda e: e["file"])
def test_corpus_message_becomes_the_right_ticket_or_quarantine_entry(expected, mailbox):
    raw = corpus.load(expected["file"])
    message = deliver(raw, mailbox)
    assert bytes(message.raw) == raw  # kept byte for byte, whatever happened next
    if expected["expect"] == "quarantine":
        assert message.status == InboundStatus.QUARANTINED
        assert message.error
        assert message.ticket is None
        assert not Ticket.objects.exists()
        return
    assert message.status == InboundStatus.PROCESSED, message.error
    assert message.outcome == Outcome.NEW_TICKET
    ticket = message.ticket
    assert ticket.customer.email.lower() == expected["from"].lower()
    if expected.get("from_name"):
        assert ticket.customer.name == expected["from_name"]
    subject = expected["subject"] or "(no subject)"
    assert ticket.subject == subject if len(subject) <= 250 else ticket.subject == subject[:249] + "…"
    thread = MailThread.objects.get(ticket=ticket)
    for address in expected["cc"]:
        assert address in thread.cc
    _check_entry(expected, message)


@pytest.mark.parametrize("expected", IGNORED, ids=lambda e: e["file"])
def test_automatic_mail_never_makes_a_ticket_or_an_answer(expected, mailbox):
    from mail.models import OutboundMessage

    message = deliver(corpus.load(expected["file"]), mailbox)
    assert message.status == InboundStatus.IGNORED
    if expected["expect"] == "ignored_bounce":
        assert message.outcome == Outcome.BOUNCE
    else:
        assert message.outcome in (Outcome.AUTO_REPLY, Outcome.MAILING_LIST, Outcome.LOOP)
    assert not Ticket.objects.exists()
    assert not OutboundMessage.objects.exists()


def test_the_duplicate_is_stored_once(mailbox):
    first = deliver(corpus.load("01_plain_text_utf8.eml"), mailbox)
    again = deliver(corpus.load("22_duplicate_of_01.eml"), mailbox)
    again.refresh_from_db()
    assert again.pk == first.pk and again.duplicates == 1
    assert Ticket.objects.count() == 1
    assert first.ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE).count() == 1


def test_the_reply_chain_stays_on_one_ticket(mailbox, django_capture_on_commit_callbacks):
    first = deliver(corpus.load("20a_chain_first_message.eml"), mailbox)
    ticket = first.ticket
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, author=make_agent(), body="Could you send the TxID?")
    sent = ticket.outbound_mail.get(kind="reply")
    for expected in [e for e in CHAIN if e["expect"] in ("reply", "held")]:
        raw = corpus.load(
            expected["file"], TICKET_MESSAGE_ID=f"<{sent.message_id}>", TICKET_REF=ticket.reference
        )
        message = deliver(raw, mailbox)
        # A sender not on the ticket (a colleague's shared mailbox) is held on it for an agent.
        outcome = Outcome.HELD if expected["expect"] == "held" else Outcome.REPLY
        assert message.outcome == outcome, (expected["file"], message.error)
        assert message.ticket == ticket, expected["file"]
        assert message.entry.data["email"]["from"].endswith(f"<{expected['from']}>") or (
            message.entry.data["email"]["from"] == expected["from"]
        )
        _check_entry(expected, message)
    assert Ticket.objects.count() == 1

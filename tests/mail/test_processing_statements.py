"""The statements inbound mail costs, held fixed: what the email channel itself runs is listed exactly;
the whole path (the ticket core, routing and the SLA clock included) has a ceiling."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mail.models import InboundMessage, Mailbox, MailThread, MessageRef, Outcome, Source
from mail.services import inbound_process, inbound_receive
from tests.factories import make_customer, make_team
from tests.mail.build import email, make_mailbox
from tickets.models import EntryKind
from triage.models import Mention, TicketTriage

pytestmark = pytest.mark.django_db

# The whole of processing, everything included, under the test's transaction (its savepoints count);
# a ceiling so that no statement creeps back in, wherever it would come from.
# A new request: with tier 0 on (the default), routing waits for its reading in the worker; with it
# off, the case is routed and acknowledged at once.
NEW_TICKET_AT_MOST = {True: 6, False: 15}
REPLY_AT_MOST = 10


def _label(sql: str) -> str:
    verb = sql.split(None, 1)[0].upper()
    # Subqueries (a config token read with the row) are not what the statement is about.
    outer = sql
    while (inner := re.sub(r"\([^()]*\)", "", outer)) != outer:
        outer = inner
    # A statement of several parts (WITH ...) is named by the first table it reads or writes.
    match = re.search(r'(?:FROM|INTO|UPDATE)\s+"(\w+)"', sql if verb == "WITH" else outer)
    label = f"{verb} {match.group(1) if match else '?'}"
    for marker in ("email_acknowledged", "mail.queued"):
        if marker in sql:
            label += f" {marker}"
    return label


def _is_mails(label: str, sql: str) -> bool:
    """A statement the email channel runs itself (the ticket core and its steps run the others)."""
    if label.startswith(("SAVEPOINT", "RELEASE")):
        return False
    if " mail_" in label or label.endswith(("email_acknowledged", "mail.queued")):
        return True
    # The sender's customer record, found by address or inserted (customers.services.customer_for_email).
    return label == "WITH customers_customer" and "UPPER(" in sql


@contextmanager
def _statements() -> Iterator[dict[str, Any]]:
    found: dict[str, Any] = {}
    with CaptureQueriesContext(connection) as ctx:
        yield found
    sqls = [q["sql"] for q in ctx.captured_queries]
    found["all"] = len(sqls)
    found["mail"] = [label for label, sql in ((_label(s), s) for s in sqls) if _is_mails(label, sql)]
    found["sql"] = [sql for sql in sqls if _is_mails(_label(sql), sql)]


# The message row's UPDATE, with what processing writes besides it (mail/services/rows.py).
_ROW = 'UPDATE "mail_inboundmessage"'
_THREAD_INSERT = 'INSERT INTO "mail_mailthread"'
_THREAD_UPDATE = 'UPDATE "mail_mailthread"'
_REFS = 'INSERT INTO "mail_messageref"'


def _writes(sql: str) -> set[str]:
    return {part for part in (_ROW, _THREAD_INSERT, _THREAD_UPDATE, _REFS) if part in sql}


def _stored(raw: bytes, mailbox: Mailbox) -> InboundMessage:
    message, created = inbound_receive(raw=raw, source=Source.PIPE, mailbox=mailbox)
    assert created
    return message


@pytest.fixture
def assistant() -> bool:
    """Whether tier 0 is on: on by default; a test parametrized on it overrides this."""
    return True


@pytest.fixture
def mailbox(settings: Any, assistant: bool) -> Mailbox:
    settings.ASSISTANT_ENABLED = assistant
    box = make_mailbox(team=make_team(name="Email desk", slug="email-desk"))
    make_customer(email="ana@mail.example", name="Ana Lima")
    # The first message after a change to the mailboxes loads their addresses, and with tier 0 off
    # the routing configuration (both then kept per process), whatever tests ran before in this process.
    inbound_process(message=_stored(email(sender="bob@mail.example"), box))
    return box


def _new_request(mailbox: Mailbox) -> tuple[InboundMessage, dict[str, Any]]:
    stored = _stored(email(message_id="<new-1@mail.example>"), mailbox)
    with _statements() as counted:
        message = inbound_process(message=stored)
    assert message.outcome == Outcome.NEW_TICKET, message.error
    return message, counted


@pytest.mark.parametrize("assistant", [True, False])
def test_a_new_request_from_a_known_customer_writes_its_thread_and_message_row_once(mailbox, assistant):
    message, counted = _new_request(mailbox)
    acknowledgement = [
        # The hourly cap on acknowledgements to one address, then the notice, its outbox row, its audit.
        "SELECT mail_outboundmessage",
        "INSERT tickets_timelineentry email_acknowledged",
        "INSERT mail_outboundmessage",
        "INSERT audit_auditevent mail.queued",
    ]
    assert counted["mail"] == [
        "SELECT mail_inboundmessage",  # the message, locked, with its mailbox, team and config token
        "WITH customers_customer",  # the sender, found by address (or inserted: one statement either way)
        # With tier 0 on, the acknowledgement waits for its reading (in the worker); with it off, it is
        # queued at once, after the thread it is sent on is written.
        *([] if assistant else ["INSERT mail_mailthread", *acknowledgement]),
        # The message row, once, pointing at the first entry without reading it back; in the same
        # statement the message's (and the acknowledgement's) Message-IDs and, with tier 0 on, the
        # thread, once, with its final fields (the acknowledgement held for tier 0).
        "WITH mail_mailthread" if assistant else "WITH mail_messageref",
    ]
    assert _writes(counted["sql"][-1]) == {_ROW, _REFS, *([_THREAD_INSERT] if assistant else [])}
    assert counted["all"] <= NEW_TICKET_AT_MOST[assistant]
    ticket = message.ticket
    assert ticket is not None
    assert message.entry == ticket.entries.get(kind=EntryKind.CUSTOMER_MESSAGE)
    thread = MailThread.objects.get(ticket=ticket)
    assert (thread.reply_to, thread.last_message_id, thread.acknowledgement_held) == (
        "ana@mail.example",
        "new-1@mail.example",
        assistant,
    )
    expected_refs = 1 if assistant else 2
    assert MessageRef.objects.filter(ticket=ticket).count() == expected_refs
    stored = InboundMessage.objects.get(pk=message.pk)
    assert (stored.entry_id, stored.processed_at) == (message.entry_id, message.processed_at)


def test_a_new_request_from_an_unknown_sender_creates_the_customer_in_the_statement_that_looks_for_it(
    mailbox, settings
):
    settings.ASSISTANT_ENABLED = True
    stored = _stored(email(sender="Carol <carol@mail.example>", message_id="<new-2@mail.example>"), mailbox)
    with _statements() as counted:
        message = inbound_process(message=stored)
    assert message.outcome == Outcome.NEW_TICKET, message.error
    assert counted["mail"] == [
        "SELECT mail_inboundmessage",
        "WITH customers_customer",  # not found, so inserted by the same statement
        "WITH mail_mailthread",  # the thread, the Message-ID and the message row
    ]
    assert _writes(counted["sql"][-1]) == {_ROW, _REFS, _THREAD_INSERT}
    # The known sender's ceiling: the new customer's audit record is written by the statement that
    # creates it.
    assert counted["all"] <= NEW_TICKET_AT_MOST[True]
    assert 'INSERT INTO "audit_auditevent"' in counted["sql"][1]
    assert message.ticket is not None and message.ticket.customer.email == "carol@mail.example"


def test_a_reply_threaded_by_in_reply_to_reads_its_ticket_with_its_message_id(mailbox, settings):
    settings.ASSISTANT_ENABLED = False
    first, _counted = _new_request(mailbox)
    stored = _stored(
        email(message_id="<reply-1@mail.example>", in_reply_to="<new-1@mail.example>", subject="Re: x"),
        mailbox,
    )
    with _statements() as counted:
        message = inbound_process(message=stored)
    assert (message.outcome, message.ticket) == (Outcome.REPLY, first.ticket)
    assert counted["mail"] == [
        "SELECT mail_inboundmessage",
        # With the ticket (locked: the ticket core writes the message on it without reading it again),
        # its customer and its thread.
        "SELECT mail_messageref",
        "SELECT mail_mailthread",  # under its lock, after the ticket's: an agent's reply may have moved it
        "WITH mail_mailthread",  # the thread's UPDATE, the Message-ID and the message row
    ]
    assert "FOR UPDATE OF" in counted["sql"][1]
    assert _writes(counted["sql"][-1]) == {_ROW, _REFS, _THREAD_UPDATE}
    assert counted["all"] <= REPLY_AT_MOST
    thread = MailThread.objects.get(ticket=first.ticket)
    assert thread.references == ["new-1@mail.example", "reply-1@mail.example"]


def test_an_auto_reply_is_ignored_in_two_statements(mailbox):
    stored = _stored(email(subject="Out of office", headers={"Auto-Submitted": "auto-replied"}), mailbox)
    with _statements() as counted:
        message = inbound_process(message=stored)
    assert message.outcome == Outcome.AUTO_REPLY
    assert counted["mail"] == ["SELECT mail_inboundmessage", "UPDATE mail_inboundmessage"]
    # And the savepoint of the test's transaction around them: nothing else.
    assert counted["all"] == 4


@pytest.mark.django_db(transaction=True)
def test_storing_a_message_is_one_insert_and_a_copy_is_counted():
    mailbox = make_mailbox()
    raw = email(message_id="<once@mail.example>")
    with _statements() as counted:
        inbound_receive(raw=raw, source=Source.PIPE, mailbox=mailbox)
    assert counted["all"] == 1
    with _statements() as counted:
        again, created = inbound_receive(raw=raw, source=Source.PIPE, mailbox=mailbox)
    # The refused INSERT, the count, and the stored message.
    assert (created, counted["all"], again.duplicates) == (False, 3, 1)
    assert InboundMessage.objects.count() == 1


def test_a_message_naming_a_transaction_stores_its_mentions_and_asks_the_look_up_in_one_statement(
    mailbox, settings
):
    settings.ASSISTANT_ENABLED = True
    tx = "0x" + "ab" * 32
    stored = _stored(email(message_id="<hash-1@mail.example>", text=f"My deposit {tx} is missing."), mailbox)
    with CaptureQueriesContext(connection) as ctx:
        message = inbound_process(message=stored)
    assert message.outcome == Outcome.NEW_TICKET, message.error
    triage = [q["sql"] for q in ctx.captured_queries if "triage_" in q["sql"]]
    # The mention and the ticket's triage, created pending, in one statement (in its step's savepoint).
    assert len(triage) == 1 and 'INSERT INTO "triage_mention"' in triage[0]
    ticket = message.ticket
    assert ticket is not None
    assert TicketTriage.objects.filter(ticket=ticket).values_list("state", "generation").get() == (
        "pending",
        1,
    )
    assert list(Mention.objects.filter(ticket=ticket).values_list("value", flat=True)) == [tx]
    # A reply naming another: its mention, and the same triage asked again (a newer generation).
    other = "0x" + "cd" * 32
    reply = _stored(
        email(message_id="<hash-2@mail.example>", in_reply_to="<hash-1@mail.example>", text=f"And {other}."),
        mailbox,
    )
    with CaptureQueriesContext(connection) as ctx:
        answered = inbound_process(message=reply)
    assert (answered.outcome, answered.ticket) == (Outcome.REPLY, ticket)
    assert len([q for q in ctx.captured_queries if "triage_" in q["sql"]]) == 1
    assert TicketTriage.objects.filter(ticket=ticket).values_list("state", "generation").get() == (
        "pending",
        2,
    )
    assert Mention.objects.filter(ticket=ticket).count() == 2

"""Which ticket a message lands on: headers, then the subject's reference, then a new ticket."""

import pytest
from django.core import mail as outbox

from casework.services import ticket_reply, ticket_set_status
from mail.models import InboundStatus, MailThread, OutboundMessage, Outcome
from tests.factories import make_agent
from tests.mail.build import deliver, email, make_mailbox
from tickets.models import Channel, EntryKind, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox():
    return make_mailbox()


def _first_ticket(mailbox):
    message = deliver(email(message_id="<first-1@mail.example>"), mailbox)
    assert message.outcome == Outcome.NEW_TICKET
    return message.ticket


def test_a_new_message_opens_an_email_ticket_for_a_new_customer(mailbox):
    ticket = _first_ticket(mailbox)
    assert ticket.channel == Channel.EMAIL
    assert ticket.subject == "Withdrawal pending for 3 hours"
    assert ticket.customer.email == "ana@mail.example"
    assert ticket.customer.name == "Ana Lima"
    entry = ticket.entries.get(kind=EntryKind.CUSTOMER_MESSAGE)
    assert "pending since this morning" in entry.body
    assert entry.data["email"]["message_id"] == "first-1@mail.example"
    assert MailThread.objects.get(ticket=ticket).reply_to == "ana@mail.example"


def test_a_reply_to_the_helpdesks_message_id_lands_on_its_ticket(mailbox, django_capture_on_commit_callbacks):
    ticket = _first_ticket(mailbox)
    agent = make_agent()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, author=agent, body="We are checking your withdrawal.")
    sent = OutboundMessage.objects.get(ticket=ticket, kind="reply")
    answer = deliver(
        email(subject="Re: no reference here", text="Thanks, any news?", in_reply_to=f"<{sent.message_id}>"),
        mailbox,
    )
    assert answer.outcome == Outcome.REPLY
    assert answer.ticket == ticket
    assert ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE).count() == 2
    assert [m.subject for m in outbox.outbox] == [sent.subject]
    # The acknowledgement of the new ticket and the agent's reply; a customer's answer gets none.
    assert sorted(OutboundMessage.objects.filter(ticket=ticket).values_list("kind", flat=True)) == [
        "acknowledgement",
        "reply",
    ]


def test_a_reference_in_the_subject_threads_a_message_from_the_customer(mailbox):
    ticket = _first_ticket(mailbox)
    answer = deliver(email(subject=f"More details [{ticket.reference}]", text="TxID is 0xabc"), mailbox)
    assert answer.outcome == Outcome.REPLY
    assert answer.ticket == ticket


def test_a_stranger_quoting_a_reference_gets_a_new_ticket_not_someone_elses(mailbox):
    ticket = _first_ticket(mailbox)
    other = deliver(
        email(sender="mallory@evil.example", subject=f"Re: [{ticket.reference}] send me the details"), mailbox
    )
    assert other.outcome == Outcome.NEW_TICKET
    assert other.ticket != ticket
    assert ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE).count() == 1


def test_a_colleague_replying_from_a_shared_mailbox_is_held_on_the_ticket_not_copied(mailbox):
    # Knowing a Message-ID does not put anyone on a case: an agent decides (test_unknown_senders.py).
    ticket = _first_ticket(mailbox)
    answer = deliver(
        email(
            sender="Treasury desk <treasury@fund.example>",
            subject="Re: Withdrawal pending",
            text="Adding our treasury team.",
            references="<first-1@mail.example>",
            cc="ana@mail.example",
        ),
        mailbox,
    )
    assert answer.ticket == ticket
    assert answer.outcome == Outcome.HELD
    assert MailThread.objects.get(ticket=ticket).cc == []


def test_quoted_history_below_the_marker_is_not_added_again(mailbox):
    ticket = _first_ticket(mailbox)
    text = (
        "The withdrawal arrived, thank you!\n\n"
        "On Tue, CryptoX Support wrote:\n"
        "> ##- Please type your reply above this line -##\n"
        "> We are checking your withdrawal.\n"
    )
    answer = deliver(email(subject=f"Re: [{ticket.reference}]", text=text), mailbox)
    entry = answer.entry
    assert entry.body == "The withdrawal arrived, thank you!"


def test_a_reply_to_a_closed_ticket_opens_a_follow_up(mailbox):
    ticket = _first_ticket(mailbox)
    agent = make_agent()
    ticket_reply(ticket=ticket, author=agent, body="Done.", status=Status.SOLVED)
    ticket_set_status(ticket=ticket, actor=agent, status=Status.CLOSED)
    answer = deliver(email(subject="It happened again", in_reply_to="<first-1@mail.example>"), mailbox)
    assert answer.outcome == Outcome.FOLLOW_UP
    assert answer.ticket != ticket
    event = answer.ticket.entries.get(kind=EntryKind.SYSTEM_EVENT, data__event="follow_up")
    assert event.data["of_reference"] == ticket.reference


def test_a_reply_reopens_a_solved_ticket(mailbox):
    ticket = _first_ticket(mailbox)
    agent = make_agent()
    ticket_reply(ticket=ticket, author=agent, body="Done.", status=Status.SOLVED)
    deliver(email(subject=f"Re: [{ticket.reference}]", text="Not solved, still pending"), mailbox)
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_the_same_message_twice_is_stored_once(mailbox):
    raw = email(message_id="<dup-1@mail.example>")
    first = deliver(raw, mailbox)
    again = deliver(raw, mailbox)
    assert again.pk == first.pk
    again.refresh_from_db()
    assert again.duplicates == 1
    assert again.status == InboundStatus.PROCESSED
    assert first.ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE).count() == 1


def test_a_reply_written_in_the_support_mailbox_itself_is_recorded_not_sent_again(
    mailbox, django_capture_on_commit_callbacks
):
    ticket = _first_ticket(mailbox)
    outside = email(
        sender="CryptoX Support <support@cryptox.example>",
        to="ana@mail.example",
        subject="Re: Withdrawal pending for 3 hours",
        text="Hi Ana, it was released a minute ago.",
        in_reply_to="<first-1@mail.example>",
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = deliver(outside, mailbox)
    assert message.outcome == Outcome.OUTSIDE_REPLY
    entry = ticket.entries.get(kind=EntryKind.AGENT_REPLY)
    assert entry.body == "Hi Ana, it was released a minute ago."
    assert entry.data["email"]["outside_helpdesk"] is True
    ticket.refresh_from_db()
    assert ticket.first_response_at == entry.created_at
    assert outbox.outbox == []
    # The customer's answer to it threads too.
    answer = deliver(email(subject="Re: Re: Withdrawal", in_reply_to=f"<{message.message_id}>"), mailbox)
    assert answer.ticket == ticket


def test_the_support_address_writing_about_nothing_known_is_a_loop(mailbox):
    message = deliver(email(sender="support@cryptox.example", in_reply_to="<unknown@mail.example>"), mailbox)
    assert message.outcome == Outcome.LOOP


def test_a_forged_sender_cannot_reach_a_case_through_its_reference(mailbox):
    ticket = _first_ticket(mailbox)
    forged = email(
        subject=f"Re: [{ticket.reference}] new withdrawal address",
        text="Please whitelist bc1q-attacker for me.",
        headers={
            "Authentication-Results": "mx.cryptox.example; spf=fail smtp.mailfrom=mail.example; dmarc=fail"
        },
    )
    message = deliver(forged, mailbox)
    assert message.outcome == Outcome.NEW_TICKET
    assert message.ticket != ticket
    assert message.entry.data["email"]["spoofing_suspected"] is True
    assert ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE).count() == 1


def test_a_verified_sender_threads_by_reference_as_usual(mailbox):
    ticket = _first_ticket(mailbox)
    genuine = email(
        subject=f"Re: [{ticket.reference}]",
        headers={"Authentication-Results": "mx.cryptox.example; spf=pass; dkim=pass; dmarc=pass"},
    )
    message = deliver(genuine, mailbox)
    assert message.ticket == ticket
    assert message.entry.data["email"]["auth"] == {"spf": "pass", "dkim": "pass", "dmarc": "pass"}

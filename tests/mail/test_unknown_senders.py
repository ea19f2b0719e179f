"""Mail on a ticket's thread from someone who is not on the ticket is held for an agent: it does not
speak for the customer, reopens nothing, and adds nobody to the conversation. Only an agent widens
a conversation, and the audit log says who."""

import io
import sys
from typing import Any

import pytest
from django.test import Client

from audit.models import AuditEvent
from casework.services import ticket_reply, ticket_set_status
from mail.models import InboundMessage, InboundStatus, MailThread, OutboundMessage, Outcome
from tests.factories import TeamMembershipFactory, make_agent, make_team
from tests.mail.build import email, make_mailbox, post_inbound
from tickets.models import EntryKind, Status, Ticket

pytestmark = pytest.mark.django_db

STRANGER = "Mallory <mallory@evil.example>"


@pytest.fixture
def mailbox():
    return make_mailbox()


def _send(raw: bytes, way: str, mailbox: Any, monkeypatch: Any, capture: Any) -> InboundMessage:
    """Through the pipe the mail server runs, or the HTTP endpoint a relay posts to."""
    if way == "pipe":
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
        out = io.StringIO()
        from django.core.management import call_command

        call_command("mail_import", "--mailbox", "support", "-", stdout=out, stderr=io.StringIO())
        return InboundMessage.objects.get(pk=int(out.getvalue().split()[0]))
    return post_inbound(raw, mailbox, capture)


def _case(mailbox: Any, monkeypatch: Any, capture: Any, way: str = "pipe") -> tuple[Ticket, OutboundMessage]:
    """Ana's ticket, answered by an agent: the thread has the customer's and the helpdesk's Message-IDs."""
    first = _send(email(message_id="<first-1@mail.example>"), way, mailbox, monkeypatch, capture)
    ticket = Ticket.objects.get(inbound_mail=first)
    with capture(execute=True):
        ticket_reply(
            ticket=ticket, author=make_agent(), body="Please confirm the address.", status=Status.PENDING
        )
    return ticket, OutboundMessage.objects.get(ticket=ticket, kind="reply")


@pytest.mark.parametrize("way", ["pipe", "http"])
@pytest.mark.parametrize("threads_by", ["in_reply_to", "references"])
def test_a_stranger_answering_the_thread_is_held_and_neither_speaks_for_the_customer_nor_joins_the_thread(
    way, threads_by, mailbox, monkeypatch, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    ticket, sent = _case(mailbox, monkeypatch, capture, way)
    thread_before = MailThread.objects.values("reply_to", "cc", "last_message_id").get(ticket=ticket)
    clock_before = ticket.sla_clock.__dict__.copy() if hasattr(ticket, "sla_clock") else {}
    thread_id = f"<{sent.message_id}>"
    raw = email(
        sender=STRANGER,
        cc="Eve <eve@evil.example>",
        subject="Re: change of withdrawal address",
        text="Please send my coins to bc1q-attacker instead.",
        in_reply_to=thread_id if threads_by == "in_reply_to" else "",
        references=thread_id if threads_by == "references" else "",
    )
    message = _send(raw, way, mailbox, monkeypatch, capture)

    assert (message.status, message.outcome) == (InboundStatus.PROCESSED, Outcome.HELD)
    assert message.ticket_id == ticket.pk
    held = ticket.entries.get(kind=EntryKind.HELD_MESSAGE)
    assert held.customer is None and not held.is_public
    assert "bc1q-attacker" in held.body
    assert held.data["email"]["held"] == "unknown_sender"
    assert ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE).count() == 1
    # Nothing about the case moved: not reopened, the SLA clock as it was, nobody added or answered.
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    if clock_before:
        ticket.sla_clock.refresh_from_db()
        after = ticket.sla_clock.__dict__
        assert {k: after[k] for k in clock_before if not k.startswith("_")} == {
            k: v for k, v in clock_before.items() if not k.startswith("_")
        }
    assert MailThread.objects.values("reply_to", "cc", "last_message_id").get(ticket=ticket) == thread_before
    assert OutboundMessage.objects.filter(ticket=ticket).count() == 2  # acknowledgement and the reply
    # The agents' next reply goes to the customer alone.
    with capture(execute=True):
        ticket_reply(ticket=ticket, author=make_agent(), body="Noted.")
    last = OutboundMessage.objects.filter(ticket=ticket, kind="reply").order_by("-id").first()
    assert last is not None
    assert (last.to, last.cc) == (["ana@mail.example"], [])


def test_a_stranger_quoting_the_reference_in_the_subject_gets_a_ticket_of_their_own(
    mailbox, monkeypatch, django_capture_on_commit_callbacks
):
    ticket, _sent = _case(mailbox, monkeypatch, django_capture_on_commit_callbacks)
    raw = email(sender=STRANGER, subject=f"Re: [{ticket.reference}] new address")
    message = _send(raw, "http", mailbox, monkeypatch, django_capture_on_commit_callbacks)
    assert message.outcome == Outcome.NEW_TICKET
    assert message.ticket_id != ticket.pk
    assert not ticket.entries.filter(kind=EntryKind.HELD_MESSAGE).exists()


def test_a_colleague_replying_from_a_shared_mailbox_is_held_until_an_agent_adds_them(
    mailbox, monkeypatch, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    ticket, _sent = _case(mailbox, monkeypatch, capture)
    raw = email(
        sender="Treasury desk <treasury@fund.example>",
        subject="Re: Withdrawal pending",
        text="Adding our treasury team.",
        references="<first-1@mail.example>",
        cc="ana@mail.example",
    )
    message = _send(raw, "pipe", mailbox, monkeypatch, capture)
    assert message.outcome == Outcome.HELD
    assert MailThread.objects.get(ticket=ticket).cc == []
    held = ticket.entries.get(kind=EntryKind.HELD_MESSAGE)
    assert held.data["email"]["offer"] == [0]

    agent = make_agent(username="ines")
    client = Client()
    client.force_login(agent)
    page = client.get(f"/tickets/{ticket.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Unknown sender" in html and "Held: the sender is not on this ticket" in html
    assert f'action="/mail/entries/{held.pk}/copy/"' in html
    assert "treasury@fund.example" not in html  # masked, as every address agents see

    response = client.post(f"/mail/entries/{held.pk}/copy/", {"person": "0"})
    assert response.status_code == 302
    assert MailThread.objects.get(ticket=ticket).cc == ["treasury@fund.example"]
    event = AuditEvent.objects.get(action="mail.copy_added")
    assert event.actor_id == agent.pk
    assert ticket.entries.filter(kind=EntryKind.SYSTEM_EVENT, data__event="email_copy_added").count() == 1
    # Once: the offer is used up, and a second post adds nothing.
    client.post(f"/mail/entries/{held.pk}/copy/", {"person": "0"})
    assert MailThread.objects.get(ticket=ticket).cc == ["treasury@fund.example"]
    assert AuditEvent.objects.filter(action="mail.copy_added").count() == 1
    # From now on the colleague is on the thread: their mail speaks on the ticket and they get copies.
    again = _send(
        email(sender="treasury@fund.example", subject="Re: x", references="<first-1@mail.example>"),
        "pipe",
        mailbox,
        monkeypatch,
        capture,
    )
    assert again.outcome == Outcome.REPLY


def test_a_customer_copying_someone_new_does_not_add_them_by_itself(
    mailbox, monkeypatch, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    ticket, sent = _case(mailbox, monkeypatch, capture)
    raw = email(subject="Re: pending", cc="Lawyer <counsel@law.example>", in_reply_to=f"<{sent.message_id}>")
    message = _send(raw, "http", mailbox, monkeypatch, capture)
    assert message.outcome == Outcome.REPLY
    assert MailThread.objects.get(ticket=ticket).cc == []
    entry = message.entry
    assert entry is not None
    # [from, to (the support address), cc]: only the lawyer is offered.
    assert entry.data["email"]["offer"] == [2]
    client = Client()
    client.force_login(make_agent())
    client.post(f"/mail/entries/{entry.pk}/copy/", {"person": "1"})  # the support address: not offered
    assert MailThread.objects.get(ticket=ticket).cc == []
    client.post(f"/mail/entries/{entry.pk}/copy/", {"person": "2"})
    assert MailThread.objects.get(ticket=ticket).cc == ["counsel@law.example"]


def test_a_partner_agent_cannot_add_anyone_to_a_conversation(
    mailbox, monkeypatch, django_capture_on_commit_callbacks
):
    ticket, sent = _case(mailbox, monkeypatch, django_capture_on_commit_callbacks)
    _send(email(sender=STRANGER, in_reply_to=f"<{sent.message_id}>"), "pipe", mailbox, monkeypatch, None)
    held = ticket.entries.get(kind=EntryKind.HELD_MESSAGE)
    partner_team = make_team(name="Partner desk", slug="partner-desk", is_outsourced=True)
    partner = make_agent(username="pat")
    TeamMembershipFactory(team=partner_team, user=partner)
    Ticket.objects.filter(pk=ticket.pk).update(team=partner_team)
    client = Client()
    client.force_login(partner)
    page = client.get(f"/tickets/{ticket.pk}/")
    assert page.status_code == 200
    assert "/mail/entries/" not in page.content.decode()
    assert client.post(f"/mail/entries/{held.pk}/copy/", {"person": "0"}).status_code == 403
    assert MailThread.objects.get(ticket=ticket).cc == []


def test_a_forged_customer_reply_on_the_thread_is_held(
    mailbox, monkeypatch, django_capture_on_commit_callbacks
):
    ticket, sent = _case(mailbox, monkeypatch, django_capture_on_commit_callbacks)
    forged = email(
        in_reply_to=f"<{sent.message_id}>",
        cc="mallory@evil.example",
        text="Whitelist bc1q-attacker.",
        headers={"Authentication-Results": "mx.cryptox.example; spf=fail; dmarc=fail"},
    )
    message = _send(forged, "pipe", mailbox, monkeypatch, None)
    assert message.outcome == Outcome.HELD
    held = ticket.entries.get(kind=EntryKind.HELD_MESSAGE)
    assert held.data["email"]["held"] == "spoofing_suspected"
    assert ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE).count() == 1
    assert MailThread.objects.get(ticket=ticket).cc == []


def test_a_new_message_with_a_forged_from_is_answered_at_that_address_alone(mailbox, monkeypatch):
    forged = email(
        cc="mallory@evil.example",
        headers={
            "Authentication-Results": "mx.cryptox.example; dmarc=fail",
            "Reply-To": "mallory@evil.example",
        },
    )
    message = _send(forged, "pipe", mailbox, monkeypatch, None)
    assert message.outcome == Outcome.NEW_TICKET
    thread = MailThread.objects.get(ticket__inbound_mail=message)
    assert (thread.reply_to, thread.cc) == ("ana@mail.example", [])


def test_a_stranger_answering_a_closed_cases_thread_gets_a_case_of_their_own(
    mailbox, monkeypatch, django_capture_on_commit_callbacks
):
    ticket, sent = _case(mailbox, monkeypatch, django_capture_on_commit_callbacks)
    ticket_set_status(ticket=ticket, actor=make_agent(), status=Status.SOLVED)
    ticket_set_status(ticket=ticket, actor=make_agent(), status=Status.CLOSED)
    message = _send(
        email(sender=STRANGER, in_reply_to=f"<{sent.message_id}>"), "pipe", mailbox, monkeypatch, None
    )
    assert message.outcome == Outcome.NEW_TICKET
    new = Ticket.objects.get(inbound_mail=message)
    assert new.customer.email == "mallory@evil.example"
    assert not new.entries.filter(data__event="follow_up").exists()


def test_mail_forged_as_the_support_address_is_not_recorded_as_an_agents_reply(
    mailbox, monkeypatch, django_capture_on_commit_callbacks
):
    ticket, _sent = _case(mailbox, monkeypatch, django_capture_on_commit_callbacks)
    forged = email(
        sender="CryptoX Support <support@cryptox.example>",
        to="ana@mail.example",
        in_reply_to="<first-1@mail.example>",
        text="Send your seed phrase to verify.",
        headers={"Authentication-Results": "mx.cryptox.example; dmarc=fail"},
    )
    message = _send(forged, "pipe", mailbox, monkeypatch, None)
    assert message.outcome == Outcome.LOOP
    assert not ticket.entries.filter(body__contains="seed phrase").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_mail_servers_pipe_holds_a_strangers_reply_on_the_thread():
    from tests.mail.test_poison_mail import _run_pipe

    make_mailbox()
    first = _run_pipe(email(message_id="<first-1@mail.example>"), "--mailbox", "support")
    assert first.returncode == 0, first.stderr.decode()
    stranger = email(sender=STRANGER, cc="eve@evil.example", references="<first-1@mail.example>")
    held = _run_pipe(stranger, "--mailbox", "support")
    assert held.returncode == 0, held.stderr.decode()
    assert held.stdout.decode().split()[1:] == [InboundStatus.PROCESSED, Outcome.HELD]
    ticket = Ticket.objects.get()
    assert ticket.entries.filter(kind=EntryKind.HELD_MESSAGE).count() == 1
    assert ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE).count() == 1
    assert MailThread.objects.get(ticket=ticket).cc == []

"""Replies through a real SMTP server (aiosmtpd on localhost), read back as a mail client would."""

import smtplib

import pytest
from django.core import mail as outbox

from casework.services import ticket_reply
from mail.models import OutboundMessage, OutboundStatus
from mail.parsing import parse
from tests.factories import make_agent
from tests.mail.build import deliver, email, make_mailbox
from tickets.models import EntryKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _eager_retries(monkeypatch):
    # Run retries at once, in line, as a worker would run them later: an eager task that propagates
    # its exceptions would stop at the first Retry instead.
    from helpdesk.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)


@pytest.fixture
def smtp_settings(settings, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = smtp_server.host
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    return smtp_server


@pytest.fixture
def email_ticket(smtp_settings):
    mailbox = make_mailbox(send_acknowledgement=False)
    return deliver(email(message_id="<start-1@mail.example>", subject="Deposit missing"), mailbox).ticket


def test_a_reply_arrives_at_the_smtp_server_intact(
    smtp_settings, email_ticket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=email_ticket, author=make_agent(), body="Your deposit is credited — 0.25 ETH.")
    [received] = smtp_settings.messages
    assert received.rcpt_tos == ["ana@mail.example"]
    message = received.message
    assert message["Subject"] == f"Re: Deposit missing [{email_ticket.reference}]"
    assert message["In-Reply-To"] == "<start-1@mail.example>"
    assert message.get_body(("plain",)).get_content().count("0.25 ETH") == 1
    assert "0.25 ETH" in message.get_body(("html",)).get_content()
    # What a customer's client would send back threads onto the same ticket.
    parsed = parse(received.raw)
    out = OutboundMessage.objects.get(ticket=email_ticket)
    assert parsed.message_id == out.message_id
    assert out.status == OutboundStatus.SENT


def test_a_temporary_refusal_is_retried_until_it_is_taken(
    smtp_settings, email_ticket, django_capture_on_commit_callbacks
):
    smtp_settings.fail_next(2)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=email_ticket, author=make_agent(), body="Retry me")
    out = OutboundMessage.objects.get(ticket=email_ticket)
    assert out.status == OutboundStatus.SENT
    assert out.attempts == 3
    assert len(smtp_settings.messages) == 1


def test_a_reply_the_server_keeps_refusing_is_shown_as_failed_on_the_ticket(
    smtp_settings, email_ticket, django_capture_on_commit_callbacks
):
    smtp_settings.fail_next(100)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=email_ticket, author=make_agent(), body="This will not go out")
    out = OutboundMessage.objects.get(ticket=email_ticket)
    assert out.status == OutboundStatus.FAILED
    assert "451" in out.last_error
    event = email_ticket.entries.get(kind=EntryKind.SYSTEM_EVENT, data__event="email_failed")
    assert event.data["to"] == ["ana@mail.example"]
    assert smtp_settings.messages == []


def test_a_permanent_refusal_fails_at_once(email_ticket, monkeypatch, django_capture_on_commit_callbacks):
    calls = []

    def refuse(self, messages):
        calls.append(messages)
        raise smtplib.SMTPDataError(554, b"5.7.1 rejected by policy")

    monkeypatch.setattr("django.core.mail.backends.smtp.EmailBackend.send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=email_ticket, author=make_agent(), body="Policy")
    out = OutboundMessage.objects.get(ticket=email_ticket)
    assert out.status == OutboundStatus.FAILED
    assert out.attempts == 1 and len(calls) == 1
    assert outbox.outbox == []

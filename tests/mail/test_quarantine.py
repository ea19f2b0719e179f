"""Nothing is dropped: a message that cannot be processed is kept, shown to admins, reprocessed."""

import pytest
from django.test import Client

from audit.models import AuditEvent
from mail.models import InboundMessage, InboundStatus, MailThread, MessageRef, Outcome
from tests.factories import make_agent
from tests.mail.build import deliver, email, make_mailbox
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

NO_SENDER = b"From: undisclosed\r\nSubject: help\r\nMessage-ID: <q-1@mail.example>\r\n\r\nmy account\r\n"


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(make_agent(role="admin"))
    return client


def test_a_message_the_code_fails_on_is_quarantined_and_reprocessed_after_the_fix(monkeypatch):
    mailbox = make_mailbox()

    def broken(*args, **kwargs):
        raise RuntimeError("routing table is being migrated")

    monkeypatch.setattr("mail.services.inbound.ticket_open", broken)
    raw = email(message_id="<bug-1@mail.example>")
    message = deliver(raw, mailbox)
    assert message.status == InboundStatus.QUARANTINED
    assert "RuntimeError: routing table is being migrated" in message.error
    assert bytes(message.raw) == raw
    assert AuditEvent.objects.filter(action="mail.quarantined", object_id=str(message.pk)).exists()

    monkeypatch.undo()
    admin = make_agent(role="admin")
    from mail.services import inbound_reprocess

    again = inbound_reprocess(message=message, actor=admin)
    assert again.status == InboundStatus.PROCESSED
    assert again.outcome == Outcome.NEW_TICKET
    assert again.attempts == 2 and again.error == ""
    assert AuditEvent.objects.filter(action="mail.reprocessed", actor=admin).exists()


def test_one_bad_message_does_not_stop_the_next():
    bad = deliver(NO_SENDER)
    good = deliver(email())
    assert bad.status == InboundStatus.QUARANTINED
    assert "no sender address" in bad.error
    assert good.status == InboundStatus.PROCESSED


def test_admins_see_quarantined_mail_and_can_download_the_exact_bytes(admin_client):
    bad = deliver(NO_SENDER)
    listing = admin_client.get("/mail/inbound/")
    assert listing.status_code == 200
    assert b"no sender address" in listing.content
    detail = admin_client.get(f"/mail/inbound/{bad.pk}/")
    assert b"Reprocess" in detail.content
    raw = admin_client.get(f"/mail/inbound/{bad.pk}/raw/")
    assert raw["Content-Type"] == "message/rfc822"
    assert raw.content == NO_SENDER


def test_reprocessing_from_the_page_keeps_a_still_broken_message(admin_client):
    bad = deliver(NO_SENDER)
    response = admin_client.post(f"/mail/inbound/{bad.pk}/reprocess/", follow=True)
    assert b"Still quarantined" in response.content
    bad.refresh_from_db()
    assert bad.status == InboundStatus.QUARANTINED and bad.attempts == 2


@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_raw_mail_is_for_admins_only(role):
    bad = deliver(NO_SENDER)
    client = Client()
    client.force_login(make_agent(role=role))
    assert client.get("/mail/inbound/").status_code == 403
    assert client.get(f"/mail/inbound/{bad.pk}/raw/").status_code == 403
    assert client.post(f"/mail/inbound/{bad.pk}/reprocess/").status_code == 403
    bad.refresh_from_db()
    assert bad.attempts == 1


def test_the_listing_runs_a_fixed_number_of_queries(admin_client, django_assert_max_num_queries):
    for n in range(5):
        deliver(NO_SENDER.replace(b"q-1", f"q-{n}".encode()))
    with django_assert_max_num_queries(6):
        response = admin_client.get("/mail/inbound/")
    assert response.content.count(b"no sender address") == 5
    assert InboundMessage.objects.count() == 5


def test_a_failure_after_the_ticket_is_written_leaves_nothing_of_it_and_keeps_the_original_redacted(
    monkeypatch, settings
):
    settings.ASSISTANT_ENABLED = False
    mailbox = make_mailbox()
    seed = "pistol bachelor awake wrong ensure hammer comic power coral inherit inhale swing"

    def broken(**kwargs):
        raise RuntimeError("the outbox is being migrated")

    # After the ticket, its entry, its steps and the mail thread are written, before the message row.
    monkeypatch.setattr("mail.services.inbound.acknowledgement_queue", broken)
    message = deliver(email(message_id="<late-1@mail.example>", text=f"my words: {seed}"), mailbox)
    assert message.status == InboundStatus.QUARANTINED
    assert "RuntimeError: the outbox is being migrated" in message.error
    assert (message.ticket_id, message.entry_id, message.attempts) == (None, None, 1)
    assert not Ticket.objects.exists() and not MailThread.objects.exists() and not MessageRef.objects.exists()
    stored = InboundMessage.objects.get(pk=message.pk)
    assert seed not in bytes(stored.raw).decode() and "my words:" in bytes(stored.raw).decode()
    assert stored.sender == "Ana Lima <ana@mail.example>"
    assert AuditEvent.objects.filter(action="mail.quarantined", object_id=str(message.pk)).count() == 1

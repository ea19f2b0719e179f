"""Polling a real IMAP server (Debian's dovecot, over TLS) for new mail."""

import pytest

from mail.models import InboundMessage, InboundStatus, Mailbox, Outcome
from mail.services import mailbox_poll, mailboxes_poll_due
from tests.mail.build import email, make_mailbox
from tests.mail.corpus import load
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox(imap_server, settings):
    settings.MAIL_IMAP_CA_FILE = imap_server.ca_file
    return make_mailbox(
        imap_host=imap_server.host,
        imap_port=imap_server.port,
        imap_username=imap_server.username,
        imap_password=imap_server.password,
    )


def test_new_mail_becomes_tickets_and_is_marked_read(imap_server, mailbox):
    first = imap_server.append(email(subject="Deposit on the wrong network"))
    second = imap_server.append(email(sender="li@mail.example", subject="API key disabled"))
    result = mailbox_poll(mailbox=mailbox)
    assert result.error == ""
    assert (result.fetched, result.processed) == (2, 2)
    assert set(Ticket.objects.values_list("subject", flat=True)) == {
        "Deposit on the wrong network",
        "API key disabled",
    }
    flags = imap_server.fetch_flags()
    assert "\\Seen" in flags[first] and "\\Seen" in flags[second]
    mailbox.refresh_from_db()
    assert mailbox.imap_last_uid == second
    assert mailbox.last_error == "" and mailbox.polling_until is None


def test_a_message_that_fails_does_not_block_the_ones_after_it(imap_server, mailbox):
    imap_server.append(email(subject="Before"))
    imap_server.append(load("15b_random_bytes.eml"))
    imap_server.append(email(subject="After"))
    result = mailbox_poll(mailbox=mailbox)
    assert (result.fetched, result.processed, result.quarantined) == (3, 2, 1)
    assert set(Ticket.objects.values_list("subject", flat=True)) == {"Before", "After"}
    quarantined = InboundMessage.objects.get(status=InboundStatus.QUARANTINED)
    # Kept exactly as the server handed it over (IMAP itself cannot carry NUL bytes).
    assert bytes(quarantined.raw) == imap_server.list_folder("INBOX")[1]
    assert len(imap_server.fetch_flags()) == 3


def test_the_next_poll_fetches_only_what_is_new(imap_server, mailbox):
    imap_server.append(email(subject="One"))
    mailbox_poll(mailbox=mailbox)
    assert mailbox_poll(mailbox=Mailbox.objects.get(pk=mailbox.pk)).fetched == 0
    imap_server.append(email(subject="Two"))
    assert mailbox_poll(mailbox=Mailbox.objects.get(pk=mailbox.pk)).fetched == 1
    assert Ticket.objects.count() == 2


def test_a_message_seen_again_after_the_server_renumbers_is_stored_once(imap_server, mailbox):
    raw = email(message_id="<renumbered-1@mail.example>")
    imap_server.append(raw)
    mailbox_poll(mailbox=mailbox)
    # The server lost its UIDs (UIDVALIDITY changed): everything is fetched again.
    Mailbox.objects.filter(pk=mailbox.pk).update(imap_uidvalidity=1, imap_last_uid=0)
    result = mailbox_poll(mailbox=Mailbox.objects.get(pk=mailbox.pk))
    assert (result.fetched, result.duplicates) == (1, 1)
    assert InboundMessage.objects.get().duplicates == 1
    assert Ticket.objects.count() == 1


def test_processed_mail_can_be_moved_to_another_folder(imap_server, mailbox):
    imap_server.create_folder("Helpdesk")
    mailbox.imap_processed_folder = "Helpdesk"
    mailbox.save()
    imap_server.append(email(subject="Move me"))
    assert mailbox_poll(mailbox=mailbox).processed == 1
    assert imap_server.list_folder("INBOX") == []
    assert len(imap_server.list_folder("Helpdesk")) == 1
    assert InboundMessage.objects.get().outcome == Outcome.NEW_TICKET


def test_a_wrong_password_is_recorded_on_the_mailbox_and_nothing_is_lost(imap_server, mailbox):
    imap_server.append(email())
    mailbox.imap_password = "wrong"
    mailbox.save()
    result = mailbox_poll(mailbox=mailbox)
    assert result.error and result.fetched == 0
    mailbox.refresh_from_db()
    assert "AUTHENTICATIONFAILED" in mailbox.last_error or "failed" in mailbox.last_error.lower()
    assert mailbox.polling_until is None
    assert len(imap_server.list_folder("INBOX")) == 1


def test_an_untrusted_certificate_is_refused(imap_server, mailbox, settings):
    settings.MAIL_IMAP_CA_FILE = ""
    imap_server.append(email())
    result = mailbox_poll(mailbox=mailbox)
    assert "SSL" in result.error or "certificate" in result.error.lower()
    assert not InboundMessage.objects.exists()


def test_a_mailbox_being_polled_is_not_polled_twice(mailbox):
    import datetime as dt

    from django.utils import timezone

    Mailbox.objects.filter(pk=mailbox.pk).update(polling_until=timezone.now() + dt.timedelta(minutes=5))
    assert mailboxes_poll_due() == []
    assert mailbox_poll(mailbox=mailbox).skipped == 1


def test_beat_polls_the_mailboxes_that_are_due(imap_server, mailbox):
    from mail.tasks import mail_poll_due_task

    imap_server.append(email(subject="Through beat"))
    assert mail_poll_due_task.delay().get() == 1
    assert Ticket.objects.get().subject == "Through beat"
    # Just polled: not due again until its interval has passed.
    assert mail_poll_due_task.delay().get() == 0

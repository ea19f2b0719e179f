"""manage.py mail_import: an MTA pipe on stdin, .eml files, an mbox or a Maildir."""

import io
import mailbox as mailbox_lib
import sys

import pytest
from django.core.management import CommandError, call_command

from mail.models import InboundMessage, InboundStatus, Source
from tests.mail.build import email, make_mailbox
from tests.mail.corpus import load
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_one_message_from_a_pipe(monkeypatch):
    mailbox = make_mailbox()
    raw = email(subject="From the MTA")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("mail_import", "-", "--mailbox", "support@cryptox.example", stdout=out)
    message = InboundMessage.objects.get()
    assert message.source == Source.PIPE and message.mailbox == mailbox
    assert bytes(message.raw) == raw
    assert out.getvalue().split() == [str(message.pk), "processed", "new_ticket"]
    assert Ticket.objects.get().subject == "From the MTA"


def test_a_piped_message_that_cannot_be_processed_is_still_kept(monkeypatch):
    raw = load("15b_random_bytes.eml")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    call_command("mail_import", "-", stdout=io.StringIO())
    assert InboundMessage.objects.get().status == InboundStatus.QUARANTINED


def test_eml_files(tmp_path):
    paths = []
    for name in ("01_plain_text_utf8.eml", "22_duplicate_of_01.eml", "14_no_sender_address.eml"):
        path = tmp_path / name
        path.write_bytes(load(name))
        paths.append(str(path))
    out = io.StringIO()
    call_command("mail_import", *paths, stdout=out, stderr=io.StringIO())
    assert "1 processed, 1 quarantined, 1 duplicate" in out.getvalue()
    assert InboundMessage.objects.count() == 2


def test_an_mbox_and_a_maildir(tmp_path):
    box = mailbox_lib.mbox(tmp_path / "archive.mbox")
    for n in range(3):
        box.add(email(subject=f"mbox {n}"))
    box.flush()
    maildir = mailbox_lib.Maildir(tmp_path / "Maildir")
    maildir.add(email(subject="maildir 0"))
    call_command(
        "mail_import", "--mbox", str(tmp_path / "archive.mbox"), stdout=io.StringIO(), stderr=io.StringIO()
    )
    call_command(
        "mail_import", "--maildir", str(tmp_path / "Maildir"), stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert sorted(Ticket.objects.values_list("subject", flat=True)) == [
        "maildir 0",
        "mbox 0",
        "mbox 1",
        "mbox 2",
    ]


def test_wrong_arguments_are_refused(tmp_path):
    with pytest.raises(CommandError, match="one of them"):
        call_command("mail_import")
    with pytest.raises(CommandError, match="does not exist"):
        call_command("mail_import", "--mbox", str(tmp_path / "missing.mbox"))
    with pytest.raises(CommandError, match="no mailbox"):
        call_command("mail_import", "--mailbox", "nobody", str(tmp_path))
    assert not InboundMessage.objects.exists()

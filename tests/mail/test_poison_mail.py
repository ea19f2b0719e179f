"""Poison mail: bytes the database refuses, empty input, a failing message among good ones. Every
stored message ends processed, ignored or quarantined, whichever way it came in."""

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.test import Client
from django.utils import timezone

from mail.models import InboundMessage, InboundStatus, Outcome, Source
from mail.services import inbound_receive
from mail.services.config import mailbox_token_issue
from mail.tasks import mail_process_stalled_task
from tests.mail.build import email, make_mailbox, post_inbound
from tickets.models import Ticket

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

# Raw UTF-8 in the headers with no RFC 2047 encoding and no charset anywhere: common from old
# scripts and misconfigured servers.
POISON = (
    b"From: J\xc3\xbcrgen <j@example.com>\r\n"
    b"To: support@cryptox.example\r\n"
    b"Subject: R\xc3\xbcck\r\n"
    b"Message-ID: <poison-1@example.com>\r\n"
    b"Date: Sun, 06 Dec 2026 04:00:00 +0000\r\n"
    b"\r\n"
    b"Hallo, wo bleibt meine Auszahlung?\r\n"
)


def _pipe(monkeypatch, raw: bytes, *args: str) -> str:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("mail_import", *args, "-", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_raw_8bit_headers_without_a_charset_become_a_ticket_through_the_pipe(monkeypatch):
    make_mailbox()
    _pipe(monkeypatch, POISON, "--mailbox", "support")
    message = InboundMessage.objects.get()
    assert (message.status, message.outcome) == (InboundStatus.PROCESSED, Outcome.NEW_TICKET)
    assert message.sender == "Jürgen <j@example.com>"
    assert message.subject == "Rück"
    ticket = Ticket.objects.get()
    assert ticket.subject == "Rück"
    assert ticket.customer.name == "Jürgen"


def test_raw_8bit_headers_posted_over_http_become_a_ticket(django_capture_on_commit_callbacks):
    latin1 = POISON.replace(b"J\xc3\xbcrgen", b"J\xfcrgen").replace(b"poison-1", b"poison-2")
    message = post_inbound(latin1, make_mailbox(), django_capture_on_commit_callbacks)
    assert message.status == InboundStatus.PROCESSED
    assert Ticket.objects.get(inbound_mail=message).customer.name == "Jürgen"


def test_nul_and_8bit_bytes_in_every_part_of_a_message_are_stored(monkeypatch):
    raw = (
        b"From: =?utf-8?q?Ana=00?= <ana@mail.example>\r\n"
        b"To: support@cryptox.example\r\n"
        b"Subject: caf\xe9 \xff\r\n"
        b"Message-ID: <n\xc3\xbcl-1@mail.example>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/alternative; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nbody\x00 text\r\n"
        b"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>body\x00 html</p>\r\n--b--\r\n"
    )
    _pipe(monkeypatch, raw)
    message = InboundMessage.objects.get()
    assert message.status == InboundStatus.PROCESSED, message.error
    assert message.message_id == "nül-1@mail.example"
    assert Ticket.objects.get(inbound_mail=message).subject == "café ÿ"
    assert message.entry is not None
    assert message.entry.data["email"]["text"] == "body text"


def test_a_quarantine_error_the_database_refuses_still_quarantines_the_message(monkeypatch):
    stored, _created = inbound_receive(raw=email(), source=Source.PIPE)

    def broken(message):
        message.sender = "J\udcc3\udcbcrgen"  # what str() of an 8-bit header used to give
        raise ValueError("cannot read R\udcc3\udcbcck\x00")

    monkeypatch.setattr("mail.services.inbound._process", broken)
    from mail.services import inbound_process

    result = inbound_process(message=stored)
    stored.refresh_from_db()
    assert result.status == stored.status == InboundStatus.QUARANTINED
    assert stored.error.startswith("UnicodeEncodeError")


def test_the_pipe_exits_0_once_stored_even_when_processing_fails(monkeypatch):
    def down(*, message):
        raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr("mail.management.commands.mail_import.inbound_process", down)
    out = _pipe(monkeypatch, email())
    message = InboundMessage.objects.get()
    assert out.split() == [str(message.pk), InboundStatus.RECEIVED]


def test_the_pipe_exits_75_when_the_message_cannot_be_stored(monkeypatch):
    def down(**kwargs):
        raise DatabaseError("could not connect to server")

    monkeypatch.setattr("mail.management.commands.mail_import.inbound_receive", down)
    with pytest.raises(SystemExit) as exit_:
        _pipe(monkeypatch, email())
    assert exit_.value.code == 75


def test_the_pipe_keeps_mail_for_an_unknown_mailbox_and_refuses_empty_input(monkeypatch):
    with pytest.raises(CommandError, match="no mailbox named nowhere") as unknown:
        _pipe(monkeypatch, email(), "--mailbox", "nowhere")
    assert unknown.value.returncode == 75
    make_mailbox()
    with pytest.raises(CommandError, match="empty message cannot be stored") as empty:
        _pipe(monkeypatch, b"\r\n", "--mailbox", "SUPPORT")
    assert empty.value.returncode == 65
    assert not InboundMessage.objects.exists()


def _run_pipe(raw: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "helpdesk.test_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "mail_import", *args, "-"],
        input=raw,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_documented_pipe_command_stores_poison_mail_and_exits_0_and_refuses_empty_input_with_65():
    make_mailbox()
    done = _run_pipe(POISON, "--mailbox", "support")
    assert done.returncode == 0, done.stderr.decode()
    message = InboundMessage.objects.get()
    assert (message.status, message.subject) == (InboundStatus.PROCESSED, "Rück")
    empty = _run_pipe(b"", "--mailbox", "support")
    assert empty.returncode == 65
    assert b"empty message cannot be stored" in empty.stderr
    assert b"Traceback" not in empty.stderr


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_stalled_sweep_gets_past_a_bad_message_to_the_good_ones(monkeypatch):
    make_mailbox()
    long_ago = timezone.now() - dt.timedelta(hours=1)
    raws = [POISON, email(subject="first good one"), email(subject="second good one")]
    stored = [inbound_receive(raw=raw, source=Source.IMAP)[0] for raw in raws]
    # A message whose processing raises something no handler expects, before the good ones.
    crash = email(subject="crashes the parser")
    stored.insert(0, inbound_receive(raw=crash, source=Source.IMAP)[0])
    InboundMessage.objects.update(received_at=long_ago)
    from mail.services import inbound as inbound_module

    real_parse = inbound_module.parse

    def parse(raw: bytes, *tree: Any):
        if b"crashes the parser" in raw:
            raise UnicodeEncodeError("utf-8", "\udcc3", 0, 1, "surrogates not allowed")
        return real_parse(raw, *tree)

    monkeypatch.setattr(inbound_module, "parse", parse)

    assert mail_process_stalled_task.apply().get() == 4
    statuses = dict(InboundMessage.objects.values_list("subject", "status"))
    assert statuses == {
        "crashes the parser": InboundStatus.QUARANTINED,
        "Rück": InboundStatus.PROCESSED,
        "first good one": InboundStatus.PROCESSED,
        "second good one": InboundStatus.PROCESSED,
    }
    assert not InboundMessage.objects.filter(status=InboundStatus.RECEIVED).exists()


def test_a_reply_that_cannot_be_written_as_mail_fails_on_the_timeline_instead_of_retrying_forever(
    django_capture_on_commit_callbacks,
):
    from casework.services import ticket_reply
    from mail.models import MailThread, OutboundMessage, OutboundStatus
    from tests.factories import make_agent
    from tickets.models import EntryKind

    first = inbound_receive(raw=email(), source=Source.PIPE)[0]
    from mail.services import inbound_process

    ticket = Ticket.objects.get(inbound_mail=inbound_process(message=first))
    # An address no message can carry (imported from elsewhere, never through a form).
    MailThread.objects.filter(ticket=ticket).update(reply_to="ana@mail.example\r\nBcc: x@evil.example")
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, author=make_agent(), body="Your withdrawal is on its way.")
    out = OutboundMessage.objects.get(ticket=ticket, kind="reply")
    assert out.status == OutboundStatus.FAILED
    assert "could not be built" in out.last_error
    assert ticket.entries.filter(kind=EntryKind.SYSTEM_EVENT, data__event="email_failed").exists()


def test_an_imap_poll_ends_every_message_in_a_final_state(imap_server, settings, monkeypatch):
    from mail.services import mailbox_poll

    settings.MAIL_IMAP_CA_FILE = imap_server.ca_file
    mailbox = make_mailbox(
        imap_host=imap_server.host,
        imap_port=imap_server.port,
        imap_username=imap_server.username,
        imap_password=imap_server.password,
    )
    imap_server.append(email(subject="Before"))
    imap_server.append(POISON)
    imap_server.append(email(subject="Outcome cannot be saved"))
    imap_server.append(email(subject="After"))
    _make_saving_fail_for("Outcome cannot be saved", monkeypatch)

    result = mailbox_poll(mailbox=mailbox)

    assert result.error == ""
    assert (result.fetched, result.processed, result.quarantined) == (4, 3, 1)
    assert dict(InboundMessage.objects.values_list("subject", "status")) == {
        "Before": InboundStatus.PROCESSED,
        "Rück": InboundStatus.PROCESSED,
        "Outcome cannot be saved": InboundStatus.QUARANTINED,
        "After": InboundStatus.PROCESSED,
    }


def test_reprocessing_a_message_whose_outcome_cannot_be_saved_leaves_it_quarantined(monkeypatch):
    from mail.services import inbound_process, inbound_reprocess

    stored = inbound_receive(raw=email(subject="Outcome cannot be saved"), source=Source.PIPE)[0]
    _make_saving_fail_for("Outcome cannot be saved", monkeypatch)
    assert inbound_process(message=stored).status == InboundStatus.QUARANTINED
    out = io.StringIO()
    call_command("mail_reprocess", str(stored.pk), stdout=out)
    assert "1 still quarantined" in out.getvalue()
    again = inbound_reprocess(message=InboundMessage.objects.get(pk=stored.pk), actor=None)
    assert again.status == InboundStatus.QUARANTINED
    assert again.attempts == 3


def _make_saving_fail_for(subject: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Processing of that message leaves a value psycopg refuses on the row, as 8-bit headers did."""
    from mail.services import inbound as inbound_module

    real = inbound_module._process

    def process(message: InboundMessage) -> None:
        real(message)
        if message.subject == subject:
            message.sender = "J\udcc3\udcbcrgen"

    monkeypatch.setattr(inbound_module, "_process", process)


def _broker_down(*args: object, **kwargs: object) -> None:
    from kombu.exceptions import OperationalError

    raise OperationalError("[Errno 111] Connection refused")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_mail_posted_while_the_broker_is_down_is_accepted_and_processed_by_the_sweep(monkeypatch):
    token = mailbox_token_issue(actor=None, mailbox=make_mailbox())
    monkeypatch.setattr("mail.tasks.mail_process_task.delay", _broker_down)
    response = Client(raise_request_exception=False).post(
        "/api/mail/inbound/",
        data=email(),
        content_type="message/rfc822",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 202, response.content
    assert InboundMessage.objects.get().status == InboundStatus.RECEIVED
    InboundMessage.objects.update(received_at=timezone.now() - dt.timedelta(hours=1))
    assert mail_process_stalled_task.apply().get() == 1
    assert InboundMessage.objects.get().status == InboundStatus.PROCESSED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_agents_email_reply_while_the_broker_is_down_is_saved_without_an_error(monkeypatch):
    from mail.models import OutboundMessage, OutboundStatus
    from mail.services import inbound_process
    from tests.factories import make_agent

    make_mailbox()
    ticket = Ticket.objects.get(
        inbound_mail=inbound_process(message=inbound_receive(raw=email(), source=Source.PIPE)[0])
    )
    monkeypatch.setattr("mail.tasks.mail_send_task.delay", _broker_down)
    client = Client(raise_request_exception=False)
    client.force_login(make_agent())
    response = client.post(
        f"/tickets/{ticket.pk}/entries/", {"kind": "agent_reply", "body": "It is on its way."}
    )
    assert response.status_code == 302
    out = OutboundMessage.objects.get(ticket=ticket, kind="reply")
    assert out.status == OutboundStatus.QUEUED  # the outbox sweep sends it once the broker is back

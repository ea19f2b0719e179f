"""Feed mail to the helpdesk from a mail server's pipe, an .eml file, an mbox or a Maildir.

    manage.py mail_import --mailbox support -            # one message on stdin (an MTA pipe)
    manage.py mail_import message.eml other.eml
    manage.py mail_import --mbox archive.mbox
    manage.py mail_import --maildir ~/Maildir

Exit status for a pipe: 0 once the message is stored, even if it ends in quarantine (it is kept and
an admin sees it) or its processing fails (the stalled-message sweep takes it up); 75 (EX_TEMPFAIL)
when it could not be stored, or the mailbox named is unknown, so the mail server keeps it and tries
again later; 65 (EX_DATAERR) for empty input, which is no message at all (the server bounces it).
"""

import mailbox as mailbox_lib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from tqdm import tqdm

from mail.models import InboundStatus, Mailbox, Source
from mail.services import inbound_process, inbound_receive

EX_DATAERR = 65
EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Import email from stdin, .eml files, an mbox or a Maildir."
    # A mail server runs this for every message: a failing system check elsewhere in the project
    # must not bounce mail that could be stored.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", help="'-' for one message on stdin, or .eml files")
        parser.add_argument("--mbox", help="an mbox file")
        parser.add_argument("--maildir", help="a Maildir folder")
        parser.add_argument("--mailbox", help="the mailbox (name or address) the mail arrived at")

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[str] = options["files"]
        if files == ["-"]:
            self._pipe(options.get("mailbox"))
            return
        mailbox = self._mailbox(options.get("mailbox"))
        sources = [bool(files), bool(options.get("mbox")), bool(options.get("maildir"))]
        if sum(sources) != 1:
            raise CommandError("give '-', .eml files, --mbox or --maildir (one of them)")
        if files:
            messages, total = self._files(files), len(files)
        elif options.get("mbox"):
            messages, total = self._folder(mailbox_lib.mbox(self._path(options["mbox"]), create=False))
        else:
            messages, total = self._folder(mailbox_lib.Maildir(self._path(options["maildir"]), create=False))
        self._import(messages, total, Source.FILE, mailbox)

    def _mailbox(self, value: str | None) -> Mailbox | None:
        if not value:
            return None
        found = (
            Mailbox.objects.filter(name__iexact=value).first()
            or Mailbox.objects.filter(address__iexact=value).first()
        )
        if found is None:
            raise CommandError(f"no mailbox named {value}")
        return found

    def _path(self, value: str) -> str:
        path = Path(value).expanduser()
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        return str(path)

    def _pipe(self, mailbox_name: str | None) -> None:
        try:
            mailbox = self._mailbox(mailbox_name)
        except (CommandError, DatabaseError) as exc:
            # A configuration mistake or a database outage must not bounce the customer's mail.
            raise CommandError(f"{exc}; the mail server keeps the message", returncode=EX_TEMPFAIL) from None
        raw = sys.stdin.buffer.read()
        if not raw.strip():
            raise CommandError("nothing on stdin: an empty message cannot be stored", returncode=EX_DATAERR)
        try:
            message, created = inbound_receive(raw=raw, source=Source.PIPE, mailbox=mailbox)
        except Exception as exc:
            self.stderr.write(f"could not store the message, try again later: {type(exc).__name__}: {exc}")
            sys.exit(EX_TEMPFAIL)
        if created:
            try:
                message = inbound_process(message=message)
            except Exception as exc:
                # Stored is what the mail server needs to know; the sweep processes it later.
                self.stderr.write(f"stored as {message.pk}; processing failed and will be retried: {exc}")
        self.stdout.write(f"{message.pk} {message.status} {message.outcome}".strip())

    def _files(self, files: list[str]) -> Iterator[bytes]:
        for name in files:
            yield Path(self._path(name)).read_bytes()

    def _folder(self, folder: mailbox_lib.Mailbox) -> tuple[Iterator[bytes], int]:
        keys = list(folder.iterkeys())

        def read() -> Iterator[bytes]:
            for key in keys:
                yield folder.get_bytes(key)

        return read(), len(keys)

    def _import(self, messages: Iterator[bytes], total: int, source: str, mailbox: Mailbox | None) -> None:
        counts: dict[str, int] = {s: 0 for s in InboundStatus.values} | {"duplicate": 0}
        with tqdm(total=total, unit="msg", file=self.stderr, mininterval=1.0) as bar:
            for raw in messages:
                message, created = inbound_receive(raw=raw, source=source, mailbox=mailbox)
                if created:
                    message = inbound_process(message=message)
                    counts[message.status] += 1
                else:
                    counts["duplicate"] += 1
                bar.update()
                bar.set_postfix(quarantined=counts[InboundStatus.QUARANTINED], refresh=False)
        summary = ", ".join(f"{n} {label}" for label, n in counts.items() if n)
        self.stdout.write(f"imported {total} message(s): {summary or 'nothing'}")

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from audit.export import ExportScope, export_build
from tickets.models import Ticket, parse_reference


def _moment(text: str, *, end: bool) -> dt.datetime:
    """A day (YYYY-MM-DD, UTC; the end day is included) or an ISO 8601 moment (exact, UTC if no zone)."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        pass
    else:
        start = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
        return start + dt.timedelta(days=1) if end else start
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is neither a day (YYYY-MM-DD) nor an ISO 8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class Command(BaseCommand):
    help = (
        "Write a signed export of the audit log for one ticket or one period, checked offline with "
        "`python -m audit.verify_export FILE --public-key KEY.pem` (docs/audit.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--ticket", help="a ticket reference, HD-000123")
        scope.add_argument("--from", dest="start", help="the period's first day or moment (UTC)")
        parser.add_argument("--to", dest="end", help="the period's last day (included) or end moment (UTC)")
        parser.add_argument(
            "--user", required=True, help="the username taking the export: the audit log records who did"
        )
        parser.add_argument("-o", "--output", required=True, help="the file to write, - for standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {options['user']!r}")
        if options["ticket"]:
            if options["end"]:
                raise CommandError("--to goes with --from, not with --ticket")
            pk = parse_reference(options["ticket"])
            ticket = Ticket.objects.filter(pk=pk).first() if pk else None
            if ticket is None:
                raise CommandError(f"no ticket {options['ticket']}")
            scope = ExportScope(ticket=ticket)
        else:
            if not options["end"]:
                raise CommandError("--from needs --to")
            start, end = _moment(options["start"], end=False), _moment(options["end"], end=True)
            if end <= start:
                raise CommandError("the period ends before it starts")
            scope = ExportScope(start=start, end=end)

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"\r{done}/{total} events", ending="")

        document = export_build(scope=scope, actor=user, progress=progress)
        self.stderr.write("")
        text = json.dumps(document, ensure_ascii=False, indent=1)
        if options["output"] == "-":
            sys.stdout.write(text + "\n")
        else:
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
        self.stderr.write(
            f"{document['event_count']} events, {len(document['seals'])} seals, "
            f"signed with key {document['signature']['key_id']}"
        )

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mail.models import Mailbox
from mail.services import mailbox_poll


class Command(BaseCommand):
    help = "Poll IMAP mailboxes now (beat does this every minute)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("names", nargs="*", help="mailbox names; none: every active IMAP mailbox")

    def handle(self, *args: Any, **options: Any) -> None:
        mailboxes = Mailbox.objects.filter(is_active=True).exclude(imap_host="")
        if options["names"]:
            mailboxes = mailboxes.filter(name__in=options["names"])
            if mailboxes.count() != len(set(options["names"])):
                raise CommandError("unknown or inactive mailbox name")
        for mailbox in mailboxes:
            result = mailbox_poll(mailbox=mailbox)
            line = ", ".join(f"{k} {v}" for k, v in result.as_dict().items() if v)
            self.stdout.write(
                f"{mailbox.name}: {line or 'nothing new'}" + (f" ({result.error})" if result.error else "")
            )

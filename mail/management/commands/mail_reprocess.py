from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mail.models import InboundMessage, InboundStatus
from mail.services import inbound_reprocess


class Command(BaseCommand):
    help = "Process quarantined messages again, after the cause was fixed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="message ids; none with --all")
        parser.add_argument("--all", action="store_true", help="every quarantined message")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = InboundMessage.objects.filter(status=InboundStatus.QUARANTINED).defer("raw")
        if options["ids"]:
            rows = rows.filter(pk__in=options["ids"])
        elif not options["all"]:
            raise CommandError("give message ids or --all")
        still = done = 0
        for message in rows.order_by("id"):
            result = inbound_reprocess(message=message, actor=None)
            if result.status == InboundStatus.QUARANTINED:
                still += 1
                self.stdout.write(f"{message.pk}: still quarantined: {result.error}")
            else:
                done += 1
        self.stdout.write(f"{done} processed, {still} still quarantined")

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_verify


class Command(BaseCommand):
    help = "Recompute the audit log's seals and report any event that was altered or removed."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = audit_verify()
        for line in problems:
            self.stderr.write(line)
        if problems:
            raise CommandError(f"audit log damaged: {len(problems)} problem(s)")
        self.stdout.write(self.style.SUCCESS("audit log intact"))

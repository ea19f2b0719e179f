"""Is Celery beat alive? The container healthcheck of the `beat` service asks this.

Beat records in the database when it last sent each periodic task, writing its bookkeeping every
few minutes; the audit seal runs every minute, so a live beat never looks older than that.
"""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Max
from django.utils import timezone
from django_celery_beat.models import PeriodicTask


class Command(BaseCommand):
    help = "Exit non-zero unless Celery beat has sent a periodic task within --max-age seconds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--max-age", type=int, default=600, help="seconds (default 600)")

    def handle(self, *args: Any, **options: Any) -> None:
        latest = PeriodicTask.objects.filter(enabled=True).aggregate(latest=Max("last_run_at"))["latest"]
        if latest is None:
            raise CommandError("beat has not sent any periodic task yet")
        age = timezone.now() - latest
        if age > dt.timedelta(seconds=options["max_age"]):
            raise CommandError(f"beat last sent a periodic task {int(age.total_seconds())}s ago")
        self.stdout.write(f"beat last sent a periodic task {int(age.total_seconds())}s ago")

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from audit.partitions import MONTHS_AHEAD, PARENT, is_partitioned, partitions_ensure, partitions_list


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1024:
            return f"{value:.0f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"


class Command(BaseCommand):
    help = (
        "List the audit log's monthly partitions with their row counts and sizes; with --ensure, first "
        "prepare the coming months and move rows out of the default partition (what the daily task does)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ensure", action="store_true", help="create the coming months' partitions")
        parser.add_argument(
            "--months", type=int, default=MONTHS_AHEAD, help=f"months after this one (default {MONTHS_AHEAD})"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not is_partitioned():
            self.stdout.write(f"{PARENT} is not partitioned on this database (PostgreSQL only).")
            return
        if options["ensure"]:
            done = partitions_ensure(months_ahead=options["months"], progress=self.stdout.write)
            self.stdout.write(
                self.style.SUCCESS(f"{len(done.created)} partition(s) created, {done.moved} row(s) moved")
            )
        rows = partitions_list(progress=lambda msg: self.stderr.write(msg))
        self.stdout.write(f"{'partition':<32} {'month':<8} {'rows':>12} {'size':>10}")
        for p in rows:
            month = f"{p.month:%Y-%m}" if p.month else "default"
            self.stdout.write(f"{p.name:<32} {month:<8} {p.rows:>12} {_size(p.bytes):>10}")
        total = sum(p.rows for p in rows)
        self.stdout.write(f"{len(rows)} partitions, {total} rows, {_size(sum(p.bytes for p in rows))}")

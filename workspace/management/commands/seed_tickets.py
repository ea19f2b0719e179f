"""Loads N synthetic tickets (up to a million) for benchmarks; see workspace/management/synthetic.py."""

import datetime as dt
import random
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from audit.services import audit_record
from tickets.models import Ticket
from workspace.management.synthetic import (
    analyze_tables,
    copy_writer,
    customer_pool,
    orm_writer,
    raw_writer,
    team_pool,
    ticket_rows,
)

MAX_TICKETS = 1_000_000


class Command(BaseCommand):
    help = "Bulk-load N synthetic tickets, each with its customer's first message, for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("count", type=int, help=f"how many tickets (1 to {MAX_TICKETS:,})")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--days", type=int, default=365, help="spread creation times over this many days")
        parser.add_argument(
            "--customers", type=int, default=None, help="size of the customer pool (default: count / 10)"
        )
        parser.add_argument(
            "--method",
            choices=["auto", "copy", "raw", "orm"],
            default="auto",
            help="copy (PostgreSQL COPY), raw (SQLite INSERTs), orm (bulk_create, any database) or auto",
        )
        parser.add_argument("--seed", type=int, default=None, help="random seed, for repeatable data")

    def handle(self, *args: Any, **options: Any) -> None:
        count: int = options["count"]
        if not 1 <= count <= MAX_TICKETS:
            raise CommandError(f"count must be between 1 and {MAX_TICKETS:,}")
        if options["batch_size"] < 1 or options["days"] < 1:
            raise CommandError("--batch-size and --days must be positive")
        method = options["method"]
        fast = {"postgresql": "copy", "sqlite": "raw"}
        if method == "auto":
            method = fast.get(connection.vendor, "orm")
        if method != "orm" and fast.get(connection.vendor) != method:
            raise CommandError(f"--method {method} does not work on {connection.vendor}")
        rng = random.Random(options["seed"])
        batch_size: int = options["batch_size"]
        pool_size = options["customers"] or max(1, min(count // 10, 100_000))
        write = {"copy": copy_writer, "raw": raw_writer}.get(method, lambda: orm_writer(batch_size))()
        now = timezone.now()
        span = dt.timedelta(days=options["days"])

        # One transaction: the run lands whole, with its audit record, or not at all.
        with transaction.atomic():
            customers = customer_pool(pool_size, rng)
            teams = team_pool()
            first_id = last_id = 0
            with tqdm(total=count, unit="ticket", unit_scale=True, disable=options["verbosity"] == 0) as bar:
                for start in range(0, count, batch_size):
                    size = min(batch_size, count - start)
                    batch = list(
                        ticket_rows(
                            count=size,
                            start=start,
                            total=count,
                            customers=customers,
                            teams=teams,
                            now=now,
                            span=span,
                            rng=rng,
                        )
                    )
                    ids = write(batch)
                    first_id = first_id or ids[0]
                    last_id = ids[-1]
                    bar.update(size)
            audit_record(
                action="tickets.seeded",
                obj=Ticket.objects.get(pk=first_id),
                actor_label="system:seed_tickets",
                after={
                    "count": count,
                    "first_id": first_id,
                    "last_id": last_id,
                    "customers": len(customers),
                    "method": method,
                },
            )
        analyze_tables()
        self.stdout.write(
            f"Seeded {count:,} tickets (ids {first_id}..{last_id}) for {len(customers):,} customers."
        )

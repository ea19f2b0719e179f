"""Synthetic tickets for benchmarks, written in bulk.

This is a data loader, not something a person does, so it deliberately bypasses the per-ticket
services: no routing, no per-ticket audit records, one customer message per ticket. `seed_tickets`
writes a single audit record for the whole run.
"""

import datetime as dt
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from psycopg.copy import QueuedLibpqWriter

from customers.models import Customer, KycStatus, VipLevel
from routing.models import Team, TeamMembership, Tier
from routing.services import CATEGORY_SKILL, vip_policy
from tickets.models import BodyFormat, Category, Channel, EntryKind, Priority, Status, Ticket, TimelineEntry

SYNTHETIC_PREFIX = "SYN-"

CASES: tuple[tuple[str, str, str], ...] = (
    (Category.WITHDRAWAL, "Withdrawal pending", "My withdrawal has been processing for hours. Where is it?"),
    (
        Category.WITHDRAWAL,
        "Withdrawal to wrong address",
        "I sent my coins to a wrong address. Can you stop it?",
    ),
    (
        Category.DEPOSIT,
        "Deposit not credited",
        "The explorer shows my deposit confirmed but my balance is 0.",
    ),
    (Category.DEPOSIT, "Deposit on the wrong network", "I used BEP-20 instead of ERC-20 for my deposit."),
    (Category.DEPOSIT, "Token sent to unsupported address", "I sent an ERC-20 token to my BTC address."),
    (Category.ACCOUNT_ACCESS, "2FA reset", "I lost my phone and cannot pass two-factor authentication."),
    (Category.ACCOUNT_ACCESS, "Cannot log in", "The login page says my password is wrong after the reset."),
    (Category.SECURITY, "Phishing report", "I received an email pretending to be you with a strange link."),
    (Category.SECURITY, "Unrecognised login", "I got a login alert from a country I have never been to."),
    (Category.KYC, "KYC keeps asking for documents", "I uploaded my passport three times; it asks again."),
    (Category.KYC, "Proof of address rejected", "My bank statement was rejected as proof of address."),
    (Category.PAYMENTS, "P2P payment dispute", "I paid the seller but they did not release the crypto."),
    (Category.PAYMENTS, "Card charged twice", "My card was charged twice for one purchase."),
    (Category.API, "API key error", "My API key returns 'invalid signature' since this morning."),
    (Category.FEES, "Fee question", "Why was I charged this withdrawal fee?"),
    (Category.TRADING, "Order not filled", "My limit order at the market price did not fill."),
    (Category.OTHER, "Account statement", "I need a statement of my account for my taxes."),
)
LANGUAGES = ("en", "en", "en", "es", "pt-br", "tr", "ja", "de", "fr", "ru", "ko", "vi", "id", "it", "pl")
VIP_WEIGHTS = {
    VipLevel.STANDARD: 90,
    VipLevel.VIP1: 5,
    VipLevel.VIP2: 3,
    VipLevel.VIP3: 1,
    VipLevel.INSTITUTIONAL: 1,
}
KYC_WEIGHTS = {KycStatus.VERIFIED: 80, KycStatus.PENDING: 10, KycStatus.NONE: 7, KycStatus.REJECTED: 3}
CHANNEL_WEIGHTS = {
    Channel.CHAT: 35,
    Channel.EMAIL: 30,
    Channel.WEB: 12,
    Channel.PHONE: 7,
    Channel.API: 5,
    Channel.TELEGRAM: 3,
    Channel.WHATSAPP: 2,
    Channel.SOCIAL: 2,
    Channel.SMS: 2,
    Channel.MESSENGER: 1,
    Channel.X: 1,
}
PRIORITY_WEIGHTS = {Priority.LOW: 15, Priority.NORMAL: 60, Priority.HIGH: 20, Priority.URGENT: 5}
# Recent tickets are spread over the whole workflow; older ones are mostly closed, as in a real
# helpdesk. Nothing older than the autoclose window stays solved, or the first sweep would close it.
RECENT = dt.timedelta(days=3)
RECENT_STATUS_WEIGHTS = {
    Status.NEW: 20,
    Status.OPEN: 25,
    Status.PENDING: 15,
    Status.ON_HOLD: 5,
    Status.SOLVED: 25,
    Status.CLOSED: 10,
}
OLD_STATUS_WEIGHTS = {
    Status.NEW: 1,
    Status.OPEN: 4,
    Status.PENDING: 3,
    Status.ON_HOLD: 2,
    Status.CLOSED: 90,
}


@dataclass(frozen=True)
class TeamPool:
    team_id: int
    tier: int
    member_ids: tuple[int, ...]


def customer_pool(size: int, rng: random.Random) -> list[tuple[int, str, int]]:
    """(id, language, VIP rank) of `size` synthetic customers, creating whichever are missing."""
    wanted = [f"{SYNTHETIC_PREFIX}{i:07d}" for i in range(1, size + 1)]
    existing = set(
        Customer.objects.filter(external_id__startswith=SYNTHETIC_PREFIX).values_list(
            "external_id", flat=True
        )
    )
    missing = [external_id for external_id in wanted if external_id not in existing]
    vip_levels, vip_weights = zip(*VIP_WEIGHTS.items(), strict=True)
    kyc_levels, kyc_weights = zip(*KYC_WEIGHTS.items(), strict=True)
    Customer.objects.bulk_create(
        (
            Customer(
                external_id=external_id,
                name=f"Synthetic customer {external_id[len(SYNTHETIC_PREFIX) :]}",
                email=f"{external_id.lower()}@example.invalid",
                language=rng.choice(LANGUAGES),
                vip_level=rng.choices(vip_levels, vip_weights)[0],
                kyc_status=rng.choices(kyc_levels, kyc_weights)[0],
            )
            for external_id in missing
        ),
        batch_size=5000,
        ignore_conflicts=True,
    )
    # The rank routing would give each level, as admins have tuned it.
    ranks = {level: vip_policy(level)[0] for level in VipLevel.values}
    pool = (
        Customer.objects.filter(external_id__startswith=SYNTHETIC_PREFIX)
        .order_by("id")
        .values_list("id", "language", "vip_level")[:size]
    )
    return [(pk, language, ranks.get(level, 0)) for pk, language, level in pool]


def team_pool() -> list[TeamPool]:
    members: dict[int, list[int]] = {}
    for team_id, user_id in TeamMembership.objects.filter(user__is_active=True).values_list(
        "team_id", "user_id"
    ):
        members.setdefault(team_id, []).append(user_id)
    return [
        TeamPool(team_id=pk, tier=tier, member_ids=tuple(members.get(pk, ())))
        for pk, tier in Team.objects.values_list("id", "tier")
    ]


def _weighted(rng: random.Random, weights: dict[Any, int], k: int) -> list[Any]:
    return rng.choices(list(weights), list(weights.values()), k=k)


def ticket_rows(
    *,
    count: int,
    start: int,
    total: int,
    customers: Sequence[tuple[int, str, int]],
    teams: Sequence[TeamPool],
    now: dt.datetime,
    span: dt.timedelta,
    rng: random.Random,
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(ticket fields, first message fields) for tickets number `start` to `start + count` of `total`.

    Creation times grow with the ticket number, so ids and times agree as they do in real life.
    """
    channels = _weighted(rng, CHANNEL_WEIGHTS, count)
    priorities = _weighted(rng, PRIORITY_WEIGHTS, count)
    seconds = span.total_seconds()
    for i in range(count):
        created = now - span + dt.timedelta(seconds=seconds * (start + i + rng.random()) / total)
        age = now - created
        status = _weighted(rng, RECENT_STATUS_WEIGHTS if age < RECENT else OLD_STATUS_WEIGHTS, 1)[0]
        category, subject, body = rng.choice(CASES)
        customer_id, language, vip_rank = rng.choice(customers)
        team = rng.choice(teams) if teams and (status != Status.NEW or rng.random() < 0.5) else None
        assignee = None
        if status != Status.NEW and team is not None and team.member_ids:
            assignee = rng.choice(team.member_ids)
        first_response = solved = closed = None
        if status != Status.NEW:
            first_response = min(now, created + dt.timedelta(seconds=rng.uniform(60, 6 * 3600)))
        if status in (Status.SOLVED, Status.CLOSED) and first_response is not None:
            solved = min(now, first_response + dt.timedelta(seconds=rng.uniform(600, 2 * 86400)))
        if status == Status.CLOSED and solved is not None:
            closed = min(now, solved + dt.timedelta(seconds=rng.uniform(3600, 4 * 86400 + 3600)))
        ticket = {
            "subject": subject,
            "status": status,
            "priority": priorities[i],
            "category": category,
            "channel": channels[i],
            "tier": team.tier if team else Tier.GENERAL,
            "team_id": team.team_id if team else None,
            "assignee_id": assignee,
            "customer_id": customer_id,
            "language": language,
            "reopen_count": 1 if status != Status.NEW and rng.random() < 0.03 else 0,
            "skill": CATEGORY_SKILL.get(category, ""),
            "vip_rank": vip_rank,
            "created_at": created,
            "updated_at": max(t for t in (created, first_response, solved, closed) if t is not None),
            "first_response_at": first_response,
            "solved_at": solved,
            "closed_at": closed,
        }
        entry = {
            "kind": EntryKind.CUSTOMER_MESSAGE,
            "channel": channels[i],
            "customer_id": customer_id,
            "body": body,
            "body_format": BodyFormat.TEXT,
            "created_at": created,
        }
        yield ticket, entry


class Table:
    """Writes rows straight into a model's table, every column we do not set filled with its default.

    Django applies defaults in Python, not in the database, so a column added later would otherwise
    arrive as NULL.
    """

    def __init__(self, model: type[models.Model], given: Sequence[str]) -> None:
        fields = {f.attname: f for f in model._meta.concrete_fields}
        self.given = list(given)
        rest = [f for name, f in fields.items() if name not in given and not f.primary_key]
        self.defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
        ops = connection.ops
        self.adapters = [
            ops.adapt_datetimefield_value if isinstance(fields[name], models.DateTimeField) else None
            for name in given
        ]
        columns = ", ".join(ops.quote_name(str(f.column)) for f in [*(fields[n] for n in given), *rest])
        table = ops.quote_name(model._meta.db_table)
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        placeholders = ", ".join(["%s"] * (len(given) + len(rest)))
        self.insert_sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608

    def copy(self, cursor: Any, rows: Sequence[dict[str, Any]]) -> None:
        """PostgreSQL COPY; psycopg adapts the values itself."""
        # A writer thread sends to the server while this one builds the next rows.
        with cursor.copy(self.copy_sql, writer=QueuedLibpqWriter(cursor)) as copy:
            for row in rows:
                copy.write_row(tuple(row[name] for name in self.given) + self.defaults)

    def insert(self, cursor: Any, rows: Sequence[dict[str, Any]]) -> None:
        """One prepared INSERT run for every row (SQLite)."""
        cursor.executemany(self.insert_sql, [self._adapted(row) for row in rows])

    def _adapted(self, row: dict[str, Any]) -> tuple[Any, ...]:
        values = [row[name] for name in self.given]
        for i, adapt in enumerate(self.adapters):
            if adapt is not None and values[i] is not None:
                values[i] = adapt(values[i])
        return (*values, *self.defaults)


TICKET_FIELDS = (
    "id",
    "subject",
    "status",
    "priority",
    "category",
    "channel",
    "tier",
    "team_id",
    "assignee_id",
    "customer_id",
    "language",
    "reopen_count",
    "skill",
    "vip_rank",
    "created_at",
    "updated_at",
    "first_response_at",
    "solved_at",
    "closed_at",
)
ENTRY_FIELDS = ("ticket_id", "kind", "channel", "customer_id", "body", "body_format", "created_at")

Batch = list[tuple[dict[str, Any], dict[str, Any]]]
Writer = Callable[[Batch], list[int]]


def copy_writer() -> Writer:
    """PostgreSQL: reserve the ids from the sequence, then COPY tickets and their messages."""
    tickets = Table(Ticket, TICKET_FIELDS)
    entries = Table(TimelineEntry, ENTRY_FIELDS)
    sequence = f"pg_get_serial_sequence('{Ticket._meta.db_table}', 'id')"

    def write(batch: Batch) -> list[int]:
        with connection.cursor() as cursor:
            # Synthetic data need not wait for the disk at commit; a crash loses the run, nothing else.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            # Django's foreign keys are deferred; checked at commit, a million rows queue millions of
            # checks in memory. Checked row by row, the cost is the same and the memory constant.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"SELECT nextval({sequence}) FROM generate_series(1, %s)", [len(batch)])  # noqa: S608
            ids = [row[0] for row in cursor.fetchall()]
            _number(batch, ids)
            tickets.copy(cursor.cursor, [ticket for ticket, _ in batch])
            entries.copy(cursor.cursor, [entry for _, entry in batch])
        return ids

    return write


def raw_writer() -> Writer:
    """SQLite: plain INSERTs run many at a time, about five times faster than bulk_create."""
    tickets = Table(Ticket, TICKET_FIELDS)
    entries = Table(TimelineEntry, ENTRY_FIELDS)
    next_id = 0

    def write(batch: Batch) -> list[int]:
        nonlocal next_id
        with connection.cursor() as cursor:
            todo = batch
            ids: list[int] = []
            if not next_id:
                # The first insert takes SQLite's write lock and keeps it until commit, so nobody
                # else inserts before this run ends and the ids after this one are ours to number.
                first = batch[0][0]
                first["id"] = None
                tickets.insert(cursor, [first])
                cursor.execute("SELECT last_insert_rowid()")
                ids.append(cursor.fetchone()[0])
                batch[0][1]["ticket_id"] = ids[0]
                next_id = ids[0] + 1
                todo = batch[1:]
            numbered = list(range(next_id, next_id + len(todo)))
            next_id += len(todo)
            _number(todo, numbered)
            tickets.insert(cursor, [ticket for ticket, _ in todo])
            entries.insert(cursor, [entry for _, entry in batch])
        return ids + numbered

    return write


def _number(batch: Batch, ids: Sequence[int]) -> None:
    for pk, (ticket, entry) in zip(ids, batch, strict=True):
        ticket["id"] = pk
        entry["ticket_id"] = pk


def orm_writer(batch_size: int) -> Writer:
    """Any database Django supports: bulk_create, slower but with nothing database-specific."""

    def write(batch: Batch) -> list[int]:
        created = Ticket.objects.bulk_create([Ticket(**ticket) for ticket, _ in batch], batch_size=batch_size)
        TimelineEntry.objects.bulk_create(
            [TimelineEntry(ticket_id=t.pk, **entry) for t, (_, entry) in zip(created, batch, strict=True)],
            batch_size=batch_size,
        )
        return [t.pk for t in created]

    return write


def analyze_tables() -> None:
    """Fresh statistics, so the planner does not treat a million-row table as empty."""
    if connection.vendor != "postgresql":
        return
    tables = [m._meta.db_table for m in (Ticket, TimelineEntry, Customer)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))

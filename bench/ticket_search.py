"""Ticket search latency over a million timeline entries, on PostgreSQL (docs/views-and-search.md).

A throwaway database gets tickets with 5 timeline entries each (customer messages, replies and notes,
15 to 40 words drawn Zipf-like from a 3,000-word vocabulary with the helpdesk's own words among
them), inserted with INSERT ... SELECT so the search triggers index every row as a real write would.

In one run, for each query (a common pair, a rare word, a misspelling, a phrase-like pair), it
measures:

- the queue's search: `queue_listing()` as the queue page calls it for an agent: the query's
  correction and analysis (one statement), the ranked page of 50 tickets with their rows, tags and
  SLA clocks, and the passages (`ts_headline`) of the page;
- the bare full-text SELECT on the same data: `SELECT ticket_id, max(ts_rank(...)) FROM
  tickets_timelineentry WHERE search_body @@ websearch_to_tsquery('english', q) GROUP BY ticket_id
  ORDER BY 2 DESC LIMIT 50`;

and prints EXPLAIN (ANALYZE) of the queue's statement for one query, to show the GIN indexes at work.

    .venv/bin/python bench/ticket_search.py                     # 200,000 tickets, 1,000,000 entries
    .venv/bin/python bench/ticket_search.py --tickets 20000     # quicker
"""

import argparse
import datetime as dt
import itertools
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DB = os.environ.get("BENCH_DB", "helpdesk_bench_ticket_search")
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
os.environ["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings"
os.environ.pop("REDIS_URL", None)
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT))
from bench.common import log, reset_database  # noqa: E402

RESULTS = ROOT / "bench" / "results"
ENTRIES_PER_TICKET = 5
BATCH = 10_000
# (label, query as typed): the helpdesk's words have fixed weights in the vocabulary below.
QUERIES = [
    ("common pair", "withdrawal pending"),
    ("rare word", "chargeback"),
    ("misspelt", "withdrawl"),
    ("two rarer words", "liquidated position"),
]
DOMAIN = {
    # word: draws per 1,000 words of text
    "withdrawal": 12, "pending": 8, "deposit": 10, "account": 14, "network": 6, "wallet": 7,
    "verification": 4, "address": 6, "transfer": 5, "please": 15, "help": 9, "position": 2,
    "liquidated": 0.4, "chargeback": 0.15, "memo": 1, "bounced": 0.3, "staking": 1, "rewards": 1,
}  # fmt: skip


def _vocabulary(rng: random.Random, size: int = 3000) -> tuple[list[str], list[float]]:
    syllables = [
        "ka",
        "lo",
        "mi",
        "ne",
        "ru",
        "sa",
        "to",
        "vi",
        "be",
        "do",
        "fa",
        "gu",
        "ha",
        "ji",
        "pe",
        "zo",
    ]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    filler = sorted(words)
    rng.shuffle(filler)
    # Zipf over the filler, then the domain words at their fixed rates.
    zipf = [1 / (rank + 1) for rank in range(len(filler))]
    scale = (1000 - sum(DOMAIN.values())) / sum(zipf)
    return [*filler, *DOMAIN], [w * scale for w in zipf] + list(DOMAIN.values())


def _columns(model: Any, given: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The columns COPY writes (all but the id and, for entries, the ticket) and the defaults of those
    the bench does not set, as the database stores them."""
    import json as _json

    columns, defaults = [], {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.column == "ticket_id":
            continue
        columns.append(f.column)
        if f.column not in given:
            value = None if f.null else f.get_default()
            defaults[f.column] = _json.dumps(value) if isinstance(value, dict | list) else value
    return columns, defaults


def _value(given: dict[str, Any], defaults: dict[str, Any], column: str, *args: int) -> Any:
    return given[column](*args) if column in given else defaults[column]


def seed(tickets: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from tqdm import tqdm

    from customers.models import Customer
    from tests.factories import make_customer, make_team
    from tickets.models import Ticket, TimelineEntry

    call_command("migrate", verbosity=0)
    rng = random.Random(2026)
    words, weights = _vocabulary(rng)
    team = make_team(name="General", slug="general")
    customers = [make_customer(external_id=f"u{n}", name=f"Customer {n}").pk for n in range(200)]
    assert Customer.objects.count() == len(customers)
    now = timezone.now()

    def text(n: int) -> str:
        return " ".join(rng.choices(words, cum_weights=cumulative, k=n))

    cumulative = list(itertools.accumulate(weights))
    ticket_fields = {
        "subject": lambda g: text(3 + g % 5),
        "team_id": lambda g: team.pk,
        "customer_id": lambda g: customers[g % len(customers)],
        "priority": lambda g: 1 + g % 4,
        "status": lambda g: ("new", "open", "pending", "solved")[g % 4],
        "created_at": lambda g: now - dt.timedelta(minutes=g),
        "updated_at": lambda g: now - dt.timedelta(minutes=g),
    }
    kinds = ("customer_message", "agent_reply", "internal_note", "customer_message", "agent_reply")
    entry_fields = {
        "kind": lambda t, g: kinds[g],
        "body": lambda t, g: text(15 + (g * 7 + t) % 26),
        "channel": lambda t, g: "email",
        "created_at": lambda t, g: now - dt.timedelta(minutes=t) + dt.timedelta(minutes=g),
    }
    t_cols, t_defaults = _columns(Ticket, ticket_fields)
    e_cols, e_defaults = _columns(TimelineEntry, entry_fields)
    with connection.cursor() as c:
        c.execute("SELECT coalesce(max(id), 0) FROM tickets_ticket")
        (base,) = c.fetchone()
    log(f"inserting {tickets:,} tickets and {tickets * ENTRIES_PER_TICKET:,} entries (triggers index each)")
    started = time.monotonic()
    per = BATCH // ENTRIES_PER_TICKET
    with tqdm(total=tickets * ENTRIES_PER_TICKET, unit="entry", unit_scale=True) as bar:
        for start in range(0, tickets, per):
            numbers = range(start, min(start + per, tickets))
            with transaction.atomic(), connection.cursor() as c:
                raw = c.cursor
                with raw.copy(f"COPY tickets_ticket (id, {', '.join(t_cols)}) FROM STDIN") as copy:
                    for g in numbers:
                        copy.write_row(
                            [base + 1 + g, *(_value(ticket_fields, t_defaults, col, g) for col in t_cols)]
                        )
                with raw.copy(
                    f"COPY tickets_timelineentry (ticket_id, {', '.join(e_cols)}) FROM STDIN"
                ) as copy:
                    for g in numbers:
                        for k in range(ENTRIES_PER_TICKET):
                            row = [_value(entry_fields, e_defaults, col, g, k) for col in e_cols]
                            copy.write_row([base + 1 + g, *row])
            bar.update(len(numbers) * ENTRIES_PER_TICKET)
    with connection.cursor() as c:
        c.execute(
            "SELECT setval(pg_get_serial_sequence('tickets_ticket', 'id'),"
            " (SELECT max(id) FROM tickets_ticket))"
        )
    # The vocabulary, as beat's sweep keeps it (queueviews.vocabulary).
    from queueviews.vocabulary import vocabulary_sweep

    while vocabulary_sweep():
        pass
    seconds = time.monotonic() - started
    c = connection.cursor()
    c.execute("ANALYZE")
    c.execute("SELECT count(*), count(search_body) FROM tickets_timelineentry")
    entries, indexed = c.fetchone()
    c.execute("SELECT count(*) FROM queueviews_searchword")
    (vocabulary,) = c.fetchone()
    c.execute("SELECT pg_size_pretty(pg_relation_size('queueviews_body_gin'))")
    (gin_size,) = c.fetchone()
    log(
        f"{entries:,} entries ({indexed:,} indexed), {vocabulary:,} words, in {seconds:.0f} s; GIN {gin_size}"
    )
    return {
        "tickets": tickets,
        "entries": entries,
        "vocabulary": vocabulary,
        "seed_seconds": round(seconds, 1),
        "entries_per_second_with_triggers": round(entries / seconds),
        "body_gin_size": gin_size,
    }


BARE = """
SELECT ticket_id, max(ts_rank(search_body, q)) AS rank
FROM tickets_timelineentry, websearch_to_tsquery('english', %s) q
WHERE search_body @@ q GROUP BY ticket_id ORDER BY rank DESC LIMIT 50
"""


def _pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


def measure(runs: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from queueviews.filters import clean_spec
    from queueviews.queue import queue_listing
    from tests.factories import make_agent
    from tickets.models import Ticket

    agent = make_agent(username="bench-agent")
    out: dict[str, Any] = {}

    def service(text: str) -> Any:
        spec = clean_spec(filters={"q": text})
        return queue_listing(
            tickets=Ticket.objects.visible_to(agent), user=agent, spec=spec, size=50, before=None, page=1
        )

    def bare(text: str) -> list[Any]:
        with connection.cursor() as cursor:
            cursor.execute(BARE, [text])
            return cursor.fetchall()

    for label, text in QUERIES:
        service(text), bare(text)  # warm
        with CaptureQueriesContext(connection) as statements:
            listing = service(text)
        samples: dict[str, list[float]] = {"service": [], "bare": []}
        for _ in range(runs):
            for name, fn in (("service", service), ("bare", bare)):
                t0 = time.perf_counter()
                fn(text)
                samples[name].append(time.perf_counter() - t0)
        row = {
            "query": text,
            "found_on_page": len(listing.tickets),
            "with_passage": len(listing.snippets),
            "statements": len(statements),
            "bare_rows": len(bare(text)),
        }
        for name, values in samples.items():
            row[f"{name}_p50_ms"] = round(_pct(values, 50), 1)
            row[f"{name}_p95_ms"] = round(_pct(values, 95), 1)
        out[label] = row
        log(f"{label:16} {json.dumps(row)}")
    with connection.cursor() as cursor:
        spec = clean_spec(filters={"q": "chargeback"})
        from queueviews.search import search_match_q, search_query, search_rank

        search = search_query("chargeback")
        qs = (
            Ticket.objects.visible_to(agent)
            .filter(search_match_q(search))
            .annotate(search_rank=search_rank(search))
            .order_by("-search_rank", "-id")[:51]
        )
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
        assert spec.filters
    out["explain_rare_word"] = plan
    print(plan)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tickets", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    reset_database(DB)
    try:
        summary = {"seed": seed(args.tickets), "queries": measure(args.runs)}
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            import psycopg

            with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ticket_search.json").write_text(json.dumps(summary, indent=2))
    log(f"results in {RESULTS / 'ticket_search.json'}")


if __name__ == "__main__":
    main()

"""Volatility windows at volume, on one throwaway PostgreSQL database.

1,000,000 tickets created over the last 56 days (generate_series, one customer), then each read the
volatility app makes, timed over several runs with its statement count:
- the surge sweep's judgement of one new bucket and its 4 usual weeks (what beat runs every 15 min);
- the sweep catching up a day (its first run, or after an outage);
- the page's chart: the last 7 days of buckets and their 4 usual weeks (cached per bucket; this is
  the miss);
- `windows_between` over 30 days, with 100 surge windows and 20 market events stored.

    .venv/bin/python bench/volatility.py
    .venv/bin/python bench/volatility.py --tickets 200000      # quicker
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "helpdesk_bench_volatility"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB}")
os.environ["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings"
os.environ.pop("REDIS_URL", None)
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT))
from bench.common import log, reset_database  # noqa: E402


def seed(tickets: int, now: dt.datetime) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO customers_customer (external_id, name, email, phone, language, region, time_zone,
                vip_level, kyc_status, account_flags, created_at, updated_at, pending_withdrawal_usd)
            VALUES ('BENCH-1', 'Bench', 'bench@mail.example', '', 'en', '', 'UTC', 'standard', 'verified',
                '{}', %s, %s, 0) RETURNING id
            """,
            [now, now],
        )
        customer = cur.fetchone()[0]
        cur.execute(
            """
            INSERT INTO tickets_ticket (subject, status, priority, category, channel, tier, language,
                reopen_count, created_at, updated_at, customer_id, routing, skill, vip_rank)
            SELECT 'bench', 'new', 2, 'other', 'email', 1, 'en', 0, t, t, %s, '{}', '', 0
            FROM (SELECT %s - (random() * interval '56 days') AS t FROM generate_series(1, %s)) s
            """,
            [customer, now, tickets],
        )
        cur.execute(
            """
            INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email,
                is_staff, is_active, date_joined, role, time_zone, language)
            VALUES ('!', false, 'bench-sup', '', '', '', false, true, %s, 'supervisor', 'UTC', 'en')
            RETURNING id
            """,
            [now],
        )
        user = cur.fetchone()[0]
        cur.execute(
            """
            INSERT INTO volatility_surgewindow (start, "end", arrivals, peak_arrivals, usual, ratio,
                detected_at, updated_at)
            SELECT date_bin('15 minutes', %s - i * interval '7 hours', TIMESTAMPTZ '1970-01-01 00:00+00'),
                date_bin('15 minutes', %s - i * interval '7 hours', TIMESTAMPTZ '1970-01-01 00:00+00')
                    + interval '30 minutes', 80, 50, 12, 4.2, %s, %s
            FROM generate_series(1, 100) i
            """,
            [now, now, now, now],
        )
        cur.execute(
            """
            INSERT INTO volatility_marketevent (title, start, "end", assets, note, created_by_id, created_at,
                updated_at)
            SELECT 'event ' || i, %s - i * interval '1 day', %s - i * interval '1 day' + interval '3 hours',
                '["BTC"]', '', %s, %s, %s
            FROM generate_series(1, 20) i
            """,
            [now, now, user, now, now],
        )
        cur.execute("VACUUM ANALYZE tickets_ticket")


def measure(name: str, fn, runs: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm
    samples = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    p95 = samples[max(0, round(0.95 * len(samples)) - 1)]
    log(f"{name}: {len(queries)} statement(s), median {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    reset_database(DB)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from volatility.detection import BUCKET, bucket_floor, judge
    from volatility.windows import windows_between

    connection.ensure_connection()
    call_command("migrate", verbosity=0)
    now = timezone.now()
    log(f"seeding {args.tickets:,} tickets over 56 days")
    seed(args.tickets, now)
    until = bucket_floor(now)
    log(f"PostgreSQL {connection.cursor().connection.info.server_version}")
    measure("sweep: one new bucket and its 4 usual weeks", lambda: judge(until - BUCKET, until), args.runs)
    measure(
        "sweep: a day caught up", lambda: judge(until - dt.timedelta(days=1), until), max(5, args.runs // 2)
    )
    measure(
        "page chart: 7 days and their 4 usual weeks (cache miss)",
        lambda: judge(until - dt.timedelta(days=7), until),
        max(5, args.runs // 2),
    )
    measure("windows_between, 30 days", lambda: windows_between(now - dt.timedelta(days=30), now), args.runs)


if __name__ == "__main__":
    main()

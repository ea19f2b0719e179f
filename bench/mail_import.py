"""Import rate of a 10,000-message mbox on PostgreSQL, against the bare stack in the same run.

The mbox is a day of support mail at an exchange, generated here with a fixed seed: new requests
(plain text, HTML with a text part, some with a PDF), customers' replies threaded by In-Reply-To,
out-of-office replies, bounces and re-delivered duplicates. In one run, on one throwaway database:

- **helpdesk**: what `manage.py mail_import --mbox` does, timed in its two halves (every message
  stored with its raw bytes; then each parsed,
  classified, threaded, turned into a routed ticket or a timeline entry with its SLA clock, audited,
  and acknowledged through the outbox; the outbox's send tasks go to Redis for workers, as in production);
- **bare stack**: the same messages parsed with the standard library (`policy.default`, text body
  read) and stored as one row each (raw bytes, Message-ID, sender, subject, text) through the
  Django ORM in autocommit: the floor any importer on this stack pays.

    .venv/bin/python bench/mail_import.py
    .venv/bin/python bench/mail_import.py --messages 2000      # quicker
    .venv/bin/python bench/mail_import.py --messages 2000 --profile   # where processing's time goes
"""

import argparse
import cProfile
import datetime as dt
import json
import mailbox as mailbox_lib
import os
import pstats
import random
import sys
import tempfile
import time
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# BENCH_DB names the throwaway database, so two runs on one server never share one.
DB = os.environ.get("BENCH_DB", "helpdesk_bench_mail")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB}")
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
os.environ["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings"
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT))
from bench.common import log, reset_database  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n" + b"0" * 40_000
SUBJECTS = [
    "Withdrawal pending for {h} hours",
    "Deposit not credited: USDT sent on TRC-20",
    "Lost my phone, need a 2FA reset",
    "KYC rejected again",
    "API key stopped working",
    "Card purchase declined",
    "Wrong network deposit (BEP-20)",
    "Account locked after login attempts",
]
BODY = (
    "Hello CryptoX support,\n\nMy {coin} withdrawal of {amount} has been pending since this morning. "
    "The TxID is 0x{tx}. I need these funds today, please check what is happening.\n\nThanks,\n{name}\n"
)


def _message(rng: random.Random, n: int, sender: str, name: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"{name} <{sender}>"
    msg["To"] = "support@cryptox.example"
    msg["Subject"] = rng.choice(SUBJECTS).format(h=rng.randint(2, 30))
    msg["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    msg["Message-ID"] = make_msgid(idstring=str(n), domain="mail.example")
    text = BODY.format(
        coin=rng.choice(["BTC", "ETH", "USDT", "SOL"]),
        amount=f"{rng.uniform(0.01, 50):.4f}",
        tx=f"{rng.getrandbits(256):064x}",
        name=name,
    )
    msg.set_content(text)
    if rng.random() < 0.5:
        paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n\n"))
        msg.add_alternative(f"<html><body>{paragraphs}</body></html>", subtype="html")
    if rng.random() < 0.1:
        msg.add_attachment(PDF, maintype="application", subtype="pdf", filename="statement.pdf")
    return msg


def build_mbox(path: Path, count: int, seed: int = 7) -> dict[str, int]:
    """New requests 70%, threaded replies 18%, out-of-office 5%, bounces 3%, duplicates 4%."""
    from tqdm import tqdm

    rng = random.Random(seed)
    box = mailbox_lib.mbox(str(path))
    sent: list[EmailMessage] = []
    kinds = {"new": 0, "reply": 0, "auto_reply": 0, "bounce": 0, "duplicate": 0}
    customers = [(f"customer{i}@mail.example", f"Customer {i}") for i in range(2500)]
    box.lock()
    for n in tqdm(range(count), unit="msg", desc="building the mbox"):
        roll = rng.random()
        if roll < 0.18 and sent:
            original = rng.choice(sent)
            msg = _message(rng, n, original["From"].addresses[0].addr_spec, "Customer")
            del msg["Subject"]
            msg["Subject"] = f"Re: {original['Subject']}"
            msg["In-Reply-To"] = original["Message-ID"]
            msg["References"] = original["Message-ID"]
            kinds["reply"] += 1
        elif roll < 0.23 and sent:
            original = rng.choice(sent)
            msg = _message(rng, n, original["From"].addresses[0].addr_spec, "Customer")
            del msg["Subject"]
            msg["Subject"] = "Out of office"
            msg["Auto-Submitted"] = "auto-replied"
            kinds["auto_reply"] += 1
        elif roll < 0.26:
            msg = _message(rng, n, "MAILER-DAEMON@mx.mail.example", "Mail Delivery System")
            kinds["bounce"] += 1
        elif roll < 0.30 and sent:
            box.add(rng.choice(sent))
            kinds["duplicate"] += 1
            continue
        else:
            msg = _message(rng, n, *rng.choice(customers))
            kinds["new"] += 1
        sent.append(msg)
        box.add(msg)
    box.flush()
    box.unlock()
    return kinds


class Meter:
    """One phase's wall time, this process's CPU time, and the SQL statements it sent (BEGIN and
    COMMIT are not counted: psycopg sends them, not a cursor). On a machine shared with other runs the
    wall time moves with their load; the CPU time and the statements do not."""

    def __enter__(self) -> "Meter":
        from django.db import connection

        self.statements = 0
        self._counting = connection.execute_wrapper(self._count)
        self._counting.__enter__()
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def _count(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.statements += 1
        return execute(sql, params, many, context)

    def __exit__(self, *exc: Any) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu
        self._counting.__exit__(*exc)


def run_helpdesk(path: Path, profile: Path | None = None) -> tuple[Meter, Meter]:
    """What `mail_import` does per message, timed as its two halves: keeping the bytes (what an
    intake must do before it answers the mail server) and turning them into tickets."""
    from tqdm import tqdm

    from mail.models import InboundMessage, InboundStatus, Mailbox, Source
    from mail.services import inbound_process, inbound_receive
    from routing.models import Team

    team = Team.objects.create(name="Email desk", slug="email-desk", languages=["en"])
    mailbox = Mailbox.objects.create(name="Support", address="support@cryptox.example", team=team)
    box = mailbox_lib.mbox(str(path))
    keys = list(box.iterkeys())
    with Meter() as stored:
        for key in tqdm(keys, unit="msg", desc="helpdesk: store"):
            inbound_receive(raw=box.get_bytes(key), source=Source.FILE, mailbox=mailbox)
    pending = list(InboundMessage.objects.filter(status=InboundStatus.RECEIVED).order_by("id").defer("raw"))
    # CPU time, not wall time: on a shared machine the waits move with other runs' load (the waits on
    # PostgreSQL are the phase's wall time less its CPU time, in the results).
    profiler = cProfile.Profile(time.process_time) if profile is not None else None
    with Meter() as processed:
        if profiler is not None:
            profiler.enable()
        for message in tqdm(pending, unit="msg", desc="helpdesk: process"):
            inbound_process(message=message)
    if profiler is not None and profile is not None:
        profiler.disable()
        profiler.dump_stats(str(profile))
    return stored, processed


def run_bare(path: Path) -> Meter:
    """Parse with the standard library, store one row per message through the ORM: the floor."""
    from django.db import connection
    from tqdm import tqdm

    with connection.cursor() as cur:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS bench_bare_mail (id bigserial PRIMARY KEY, message_id text UNIQUE, "
            "sender text, subject text, body text, raw bytea)"
        )
    box = mailbox_lib.mbox(str(path))
    keys = list(box.iterkeys())
    parser = BytesParser(policy=policy.default)
    with Meter() as bare:
        for key in tqdm(keys, unit="msg", desc="bare stack"):
            _bare_one(box.get_bytes(key), parser)
    return bare


def _bare_one(raw: bytes, parser: Any) -> None:
    from django.db import connection

    msg = parser.parsebytes(raw)
    body = msg.get_body(("plain", "html"))
    text = body.get_content() if body is not None else ""
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO bench_bare_mail (message_id, sender, subject, body, raw) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (message_id) DO NOTHING",
            [str(msg["Message-ID"]), str(msg["From"]), str(msg["Subject"]), text, raw],
        )


def _function_times() -> dict[str, dict[str, float]]:
    """Calls and total milliseconds of the database functions this run called (triggers included),
    as PostgreSQL counted them."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT pg_stat_force_next_flush()")
        cur.execute(
            "SELECT funcname, calls, total_time, self_time FROM pg_stat_user_functions"
            " ORDER BY total_time DESC"
        )
        rows = cur.fetchall()
    return {
        name: {"calls": calls, "total_ms": round(total, 1), "self_ms": round(own, 1)}
        for name, calls, total, own in rows
    }


def _profile_summary(profile: Path) -> None:
    """The profile's heaviest functions, by their own time and with what they call."""
    for order in ("tottime", "cumulative"):
        log(f"processing profile, by {order}:")
        pstats.Stats(str(profile)).strip_dirs().sort_stats(order).print_stats(35)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile the processing half's CPU (cProfile): bench/results/mail_import.prof and a summary",
    )
    args = parser.parse_args()
    profile = RESULTS / "mail_import.prof" if args.profile else None

    reset_database(DB)
    import django

    django.setup()
    import redis
    from django.core.management import call_command
    from django.db.models import Count

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    call_command("migrate", verbosity=0)
    from django.db import connection

    with connection.cursor() as cur:
        # PostgreSQL times the functions this session calls (the triggers that index what is written
        # for ticket search among them), reported beside the phases below.
        cur.execute("SET track_functions = 'all'")
    from mail.models import InboundMessage, OutboundMessage
    from tickets.models import Ticket, TimelineEntry

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "support.mbox"
        kinds = build_mbox(path, args.messages)
        size = path.stat().st_size
        log(f"mbox: {args.messages:,} messages, {size / 1e6:.1f} MB: {kinds}")
        log("bare stack: parse and store one row per message")
        bare_run = run_bare(path)
        bare = bare_run.wall
        log(f"bare stack: {bare:.1f} s, {args.messages / bare:.0f} msg/s")
        log("helpdesk: store every message, then process every stored one")
        RESULTS.mkdir(exist_ok=True)
        stored_run, processed_run = run_helpdesk(path, profile)
        store, process = stored_run.wall, processed_run.wall
        helpdesk = store + process
        log(f"helpdesk: {helpdesk:.1f} s ({store:.1f} s storing), {args.messages / helpdesk:.0f} msg/s")

    outcomes = dict(InboundMessage.objects.values_list("outcome").annotate(n=Count("id")).order_by())
    statuses = dict(InboundMessage.objects.values_list("status").annotate(n=Count("id")).order_by())
    result = {
        "messages": args.messages,
        "mbox_bytes": size,
        "generated": kinds,
        "bare_seconds": round(bare, 2),
        "bare_per_second": round(args.messages / bare, 1),
        "helpdesk_store_seconds": round(store, 2),
        "helpdesk_store_per_second": round(args.messages / store, 1),
        "helpdesk_process_seconds": round(process, 2),
        "helpdesk_seconds": round(helpdesk, 2),
        "helpdesk_per_second": round(args.messages / helpdesk, 1),
        "ratio": round(bare / helpdesk, 3),
        # This process's CPU (parsing, the ORM, the helpdesk's own code; not PostgreSQL's), and the
        # statements each side sent, per message of the mbox.
        "bare_cpu_seconds": round(bare_run.cpu, 2),
        "helpdesk_store_cpu_seconds": round(stored_run.cpu, 2),
        "helpdesk_process_cpu_seconds": round(processed_run.cpu, 2),
        "cpu_ratio": round(bare_run.cpu / (stored_run.cpu + processed_run.cpu), 3),
        "bare_statements_per_message": round(bare_run.statements / args.messages, 2),
        "helpdesk_store_statements_per_message": round(stored_run.statements / args.messages, 2),
        "helpdesk_process_statements_per_message": round(processed_run.statements / args.messages, 2),
        "stored": InboundMessage.objects.count(),
        "statuses": statuses,
        "outcomes": outcomes,
        "tickets": Ticket.objects.count(),
        "timeline_entries": TimelineEntry.objects.count(),
        "acknowledgements_queued": OutboundMessage.objects.count(),
    }
    result["functions"] = _function_times()
    log(f"database functions (triggers included): {json.dumps(result['functions'])}")
    if profile is not None:
        _profile_summary(profile)
        return
    (RESULTS / "mail_import.json").write_text(json.dumps(result, indent=2) + "\n")
    log(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

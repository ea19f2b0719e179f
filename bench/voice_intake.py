"""Webhook intake of the phone channel against the bare stack in the same run (the voice case of the
messaging channels' intake benchmark, bench/messaging_intake.py).

A call is four signed webhooks, as Twilio makes them: the call comes in (`incoming/`: the signature,
the replay guard, the caller's contact, the call), the caller picks a language and then a topic
(`menu/`: the topic puts the call on the caller's ticket through intake, opened on their first call,
threaded on the open phone ticket on later ones, then the queue's TwiML), and the call ends
(`status/`: its duration on the timeline entry). `--calls` calls from `--users` people. In one run, on
one throwaway database:

- **helpdesk**: each webhook POSTed through Django's whole stack (middleware, URL, the real views)
  in process with Django's test client, so the figure is the server's work, not a network's;
- **bare stack**: the same form bodies stored as one row each (one INSERT) through the same connection.

Nobody is vouched for: the exchange is pointed at a closed port (its look-up fails at once).

    .venv/bin/python bench/voice_intake.py
    .venv/bin/python bench/voice_intake.py --calls 200   # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
DB = os.environ.get("BENCH_DB", "helpdesk_bench_voice")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB}")
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
os.environ["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings"
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["EXCHANGE_API_URL"] = "http://127.0.0.1:9/reference-exchange/api/v1"
os.environ["EXCHANGE_RETRIES"] = "0"
sys.path.insert(0, str(ROOT))
from bench.common import log, reset_database  # noqa: E402

RESULTS = ROOT / "bench" / "results"
AUTH_TOKEN = "bench-auth-token"


@dataclass
class Hook:
    step: str
    path: str
    form: dict[str, str]
    signature: str
    first_call: bool


class Meter:
    """Wall and CPU seconds of a block, and the SQL statements it sent."""

    def __enter__(self) -> Meter:
        from django.db import connection

        self.statements = 0
        self._wrapper = connection.execute_wrapper(self._count)
        self._wrapper.__enter__()
        self._t0, self._c0 = time.perf_counter(), time.process_time()
        return self

    def _count(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.statements += 1
        return execute(sql, params, many, context)

    def __exit__(self, *exc: Any) -> None:
        self.wall = time.perf_counter() - self._t0
        self.cpu = time.process_time() - self._c0
        self._wrapper.__exit__(*exc)


def setup() -> Any:
    from messaging.models import ChannelAccount, ChannelKind

    account = ChannelAccount(kind=ChannelKind.VOICE, name="Bench phone line")
    account.credentials = {
        "account_sid": "AC" + "0" * 32,
        "auth_token": AUTH_TOKEN,
        "from_number": "+15550100000",
        "api_base": "http://127.0.0.1:9",
    }
    account.save()
    return account


def hooks(account: Any, calls: int, users: int) -> list[Hook]:
    from messaging.fakes.twilio import signature
    from voice.hooks import hook_url

    out: list[Hook] = []
    for n in range(calls):
        number = f"+447700{n % users:06d}"
        sid = "CA" + secrets.token_hex(16)
        base = {"CallSid": sid, "AccountSid": "AC" + "0" * 32, "From": number, "To": "+15550100000"}
        steps: list[tuple[str, dict[str, Any], dict[str, str]]] = [
            ("incoming", {}, {"CallStatus": "ringing"}),
            ("menu", {"step": "language", "n": 1}, {"Digits": "1"}),
            ("menu", {"step": "topic", "n": 1}, {"Digits": str(n % 6 + 1)}),
            ("status", {}, {"CallStatus": "completed", "CallDuration": str(30 + n % 300)}),
        ]
        for name, query, extra in steps:
            form = {**base, **extra}
            url = hook_url(account, name, **query)
            path = "/" + url.split("://", 1)[1].split("/", 1)[1]
            out.append(Hook(name, path, form, signature(AUTH_TOKEN, url, form), first_call=n < users))
    return out


def run_bare(batch: list[Hook]) -> Meter:
    from django.db import connection
    from tqdm import tqdm

    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_bare_webhook (id bigserial PRIMARY KEY, body bytea)")
    with Meter() as meter:
        for hook in tqdm(batch, unit="hook", desc="bare stack"):
            with connection.cursor() as cur:
                cur.execute(
                    "INSERT INTO bench_bare_webhook (body) VALUES (%s)", [urlencode(hook.form).encode()]
                )
    return meter


def run_helpdesk(batch: list[Hook], desc: str) -> Meter:
    from django.test import Client
    from tqdm import tqdm

    client = Client()
    with Meter() as meter:
        for hook in tqdm(batch, unit="hook", desc=desc):
            response = client.post(hook.path, hook.form, headers={"X-Twilio-Signature": hook.signature})
            if response.status_code != 200:
                raise RuntimeError(f"{hook.step} answered {response.status_code}: {response.content[:200]!r}")
    return meter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--users", type=int, default=250)
    args = parser.parse_args()

    reset_database(DB)
    import django

    django.setup()
    import redis
    from django.core.management import call_command

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    log("migrating the throwaway database")
    call_command("migrate", verbosity=0)
    from tickets.models import Ticket
    from voice.models import Call

    account = setup()
    batch = hooks(account, args.calls, args.users)
    first = [h for h in batch if h.first_call]
    rest = [h for h in batch if not h.first_call]
    log(f"voice: {args.calls:,} calls from {args.users:,} people, {len(batch):,} webhooks")
    bare = run_bare(batch)
    log(f"bare stack: {bare.wall:.1f} s, {len(batch) / bare.wall:.0f} webhooks/s")
    new = run_helpdesk(first, "helpdesk: first calls (new tickets)")
    again = run_helpdesk(rest, "helpdesk: later calls (threaded)")
    wall = new.wall + again.wall
    per_step: dict[str, float] = {}
    # The incoming webhook alone, on a known caller: what the statement-count test bounds.
    sample = [h for h in rest if h.step == "incoming"][:50]
    if sample:
        extra = hooks(account, len(sample), args.users)[::4]
        probe = run_helpdesk(extra, "helpdesk: incoming only")
        per_step["incoming_statements"] = round(probe.statements / len(extra), 2)
    result = {
        "channel": "voice",
        "calls": args.calls,
        "webhooks": len(batch),
        "people": args.users,
        "bare_per_second": round(len(batch) / bare.wall, 1),
        "bare_statements_per_webhook": round(bare.statements / len(batch), 2),
        "helpdesk_per_second": round(len(batch) / wall, 1),
        "helpdesk_calls_per_second": round(args.calls / wall, 1),
        "ratio": round(bare.wall / wall, 3),
        "statements_per_webhook_first_call": round(new.statements / max(len(first), 1), 2),
        "statements_per_webhook_later_call": round(again.statements / max(len(rest), 1), 2),
        **per_step,
        "cpu_seconds_helpdesk": round(new.cpu + again.cpu, 2),
        "tickets": Ticket.objects.count(),
        "calls_stored": Call.objects.count(),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "messaging_intake_voice.json").write_text(json.dumps(result, indent=2) + "\n")
    log(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

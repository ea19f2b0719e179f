"""Triage of one customer message, end to end, against the local reference exchange and chains, beside
the bare stack in the same run.

A gunicorn process serves this project (the reference exchange at /reference-exchange/, the reference
chains at /reference-chains/: py-evm chains over JSON-RPC, recorded XRPL answers) from a throwaway
PostgreSQL database. This process plays intake and the worker, on the same database:

1. **the intake step** (`triage.steps.triage_step`'s work, `triage_request`, in its own transaction):
   extract the mentions from the message and its attachment names, store them, mark the triage pending
   (queuing the look-up is left out: here the look-up is part 2, run directly);
2. **the look-up** (`triage.services.triage_lookup`, what `triage_lookup_task` runs): the exchange's
   records through the signed client (each message is another customer: their reads miss the cache,
   the asset rules and network status hit it as in production), then the chains, the diagnoses, the
   stored result.

The messages rotate through the scenarios the tests cover (credited, waiting for confirmations,
bridged token, transfer to a contract, below the minimum, sent over BSC, withdrawal confirmed, stuck
below the base fee, an XRP deposit without its tag, and a hash found nowhere, which asks all seven
EVM networks). The **bare stack** is, per message, as many plain `httpx` GETs of `/healthz` (one
`SELECT 1`) on the same server over one kept-alive connection as the triage made HTTP requests.

    .venv/bin/python bench/triage_one_message.py
    .venv/bin/python bench/triage_one_message.py --messages 100      # quicker
"""

import argparse
import json
import os
import socket
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DB = "helpdesk_bench_triage"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


PORT = int(os.environ.get("BENCH_PORT") or _free_port())
BASE = f"http://127.0.0.1:{PORT}"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB}")
os.environ["DJANGO_SETTINGS_MODULE"] = "helpdesk.settings"
os.environ.pop("REDIS_URL", None)
os.environ["DJANGO_DEBUG"] = "false"
os.environ["HELPDESK_SITE_URL"] = BASE
os.environ["EXCHANGE_API_URL"] = f"{BASE}/reference-exchange/api/v1"
os.environ["REFERENCE_EXCHANGE_ENABLED"] = "true"
os.environ["REFERENCE_CHAINS_ENABLED"] = "true"
os.environ.setdefault("LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT))
from bench.common import ServerProcess, log, reset_database  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def scenarios() -> list[tuple[str, str, dict[str, Any] | None]]:
    """(name, message, the exchange's record of it or None)."""
    from triage.chains.reference.scenarios import SCENARIO

    eth, bsc, xrp = SCENARIO["ethereum"], SCENARIO["bsc"], SCENARIO["xrp"]
    deposit = {"direction": "deposit", "asset": "USDT", "network": "ethereum", "amount": "250"}
    return [
        (
            "credited",
            f"I sent 250 USDT, tx {eth['usdt_deposit']}, where is it?",
            {**deposit, "status": "completed", "tx_hash": eth["usdt_deposit"]},
        ),
        (
            "awaiting_confirmations",
            f"Deposit not there yet: {eth['usdt_deposit_recent']}",
            {
                **deposit,
                "amount": "75",
                "status": "confirming",
                "confirmations": 3,
                "tx_hash": eth["usdt_deposit_recent"],
            },
        ),
        ("unsupported_token", f"My USDT deposit {eth['bridged_usdt_deposit']} never arrived", None),
        ("sent_to_contract", f"I sent 300 USDT {eth['usdt_to_contract']} but it is not in my account", None),
        ("below_minimum", f"I deposited 0.5 USDT, hash {eth['usdt_below_minimum']}", None),
        ("wrong_network", f"I sent 250 USDT over BSC: {bsc['usdt_deposit']}", None),
        (
            "withdrawal_confirmed",
            f"I withdrew 500 USDT ({eth['usdt_withdrawal']}), my wallet shows nothing",
            {
                "direction": "withdrawal",
                "asset": "USDT",
                "network": "ethereum",
                "amount": "500",
                "status": "completed",
                "tx_hash": eth["usdt_withdrawal"],
            },
        ),
        ("stuck_low_fee", f"ETH deposit {eth['native_deposit_stuck']} pending forever", None),
        ("memo_missing", f"I sent XRP on the XRP Ledger, hash {xrp['deposit_without_tag']}", None),
        ("not_found", "deposit 0x" + "7a" * 32 + " missing, please check", None),
    ]


def prepare(messages: int) -> list[dict[str, Any]]:
    """Migrated database, the exchange's catalogue, and one customer (on both sides) per message."""
    from django.core.management import call_command

    from customers.services import customer_upsert
    from exchange.reference import scenario as exchange
    from intake.pipeline import ticket_open
    from triage.chains.reference.evm import ACCOUNTS
    from triage.chains.reference.scenarios import SCENARIO

    call_command("migrate", verbosity=0)
    exchange.ensure_catalogue()
    plan = scenarios()
    rows = []
    from tqdm import tqdm

    for i in tqdm(range(messages), desc="customers and their tickets", unit="msg"):
        name, body, record = plan[i % len(plan)]
        external_id = f"EX-8{i:05d}"
        exchange.add_account(external_id)
        exchange.add_deposit_address(external_id, "USDT", "ethereum", address=ACCOUNTS["deposit"])
        exchange.add_deposit_address(external_id, "ETH", "ethereum", address=ACCOUNTS["deposit"])
        exchange.add_deposit_address(
            external_id, "XRP", "xrp", address=SCENARIO["xrp"]["address_exchange"], memo="104729"
        )
        if record is not None:
            address = ACCOUNTS["deposit"] if record["direction"] == "deposit" else ACCOUNTS["customer"]
            exchange.add_transfer(external_id, address=address, **record)
        customer, _ = customer_upsert(external_id=external_id, name=f"Customer {i}")
        # The intake step is what is measured: the ticket is opened with the pipeline as declared, and
        # its mentions are cleared before the run if that already includes triage.
        ticket = ticket_open(customer=customer, subject="Where is my money?", body=body)
        rows.append({"scenario": name, "ticket": ticket.pk})
    from triage.models import Mention, TicketTriage

    Mention.objects.all().delete()
    TicketTriage.objects.all().delete()
    return rows


class HttpCount:
    """Counts the HTTP requests this process sends (httpx for the exchange and explorer APIs, requests for
    web3's JSON-RPC), without changing them."""

    def __init__(self) -> None:
        import httpx
        import requests

        self.n = 0
        real_httpx, real_requests = httpx.Client.send, requests.Session.send
        counter = self

        def httpx_send(self: Any, *args: Any, **kwargs: Any) -> Any:
            counter.n += 1
            return real_httpx(self, *args, **kwargs)

        def requests_send(self: Any, *args: Any, **kwargs: Any) -> Any:
            counter.n += 1
            return real_requests(self, *args, **kwargs)

        httpx.Client.send = httpx_send  # type: ignore[method-assign]
        requests.Session.send = requests_send  # type: ignore[method-assign]


def run_triage(rows: list[dict[str, Any]], counter: HttpCount) -> list[dict[str, Any]]:
    from django.db import transaction
    from django.utils import timezone
    from tqdm import tqdm

    import triage.tasks
    from tickets.models import EntryKind, Ticket, TimelineEntry
    from triage.services import triage_lookup, triage_request

    task: Any = triage.tasks.triage_lookup_task
    task.delay = lambda ticket_id: None  # part 2 runs the look-up itself
    samples = []
    for row in tqdm(rows, desc="triage: intake step + look-up", unit="msg"):
        ticket = Ticket.objects.select_related("customer").get(pk=row["ticket"])
        entry = TimelineEntry.objects.filter(ticket=ticket, kind=EntryKind.CUSTOMER_MESSAGE).first()
        assert entry is not None
        t0 = time.perf_counter()
        with transaction.atomic():
            triage_request(ticket=ticket, entry=entry, now=timezone.now())
        t1 = time.perf_counter()
        before = counter.n
        result = triage_lookup(ticket_id=ticket.pk)
        t2 = time.perf_counter()
        assert result is not None
        samples.append(
            {
                **row,
                "step": t1 - t0,
                "lookup": t2 - t1,
                "total": t2 - t0,
                "requests": counter.n - before,
                "state": result.state,
                "diagnoses": [d["code"] for d in result.diagnoses],
            }
        )
    return samples


def run_bare(samples: list[dict[str, Any]]) -> list[float]:
    import httpx
    from tqdm import tqdm

    out = []
    with httpx.Client(base_url=BASE, timeout=10) as client:
        for sample in tqdm(samples, desc="bare: plain httpx GETs", unit="msg"):
            t0 = time.perf_counter()
            for _ in range(sample["requests"]):
                client.get("/healthz").raise_for_status()
            out.append(time.perf_counter() - t0)
    return out


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ms(value: float) -> str:
    return f"{value * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads (one worker: one chain)")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    log(f"fresh database {DB}")
    reset_database(DB)
    import django

    django.setup()
    rows = prepare(args.messages)
    env = {**os.environ}
    # One worker process: the reference EVM chains live in the worker's memory, seeded on first use.
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"),
        "helpdesk.wsgi",
        "-b",
        f"127.0.0.1:{PORT}",
        "-w",
        "1",
        "--threads",
        str(args.threads),
        "--log-level",
        "warning",
    ]
    with ServerProcess(cmd, env=env, port=PORT, name="gunicorn", wait_seconds=60):
        import httpx

        log(f"gunicorn up on {BASE}; seeding the reference chains (first request per network)")
        for path in [
            f"evm/{n}/" for n in ("ethereum", "bsc", "polygon", "arbitrum", "optimism", "base", "avalanche")
        ]:
            rpc = {"jsonrpc": "2.0", "id": 1, "method": "eth_blockNumber", "params": []}
            httpx.post(f"{BASE}/reference-chains/{path}", json=rpc, timeout=120)
        counter = HttpCount()
        samples = run_triage(rows, counter)
        bare = run_bare(samples)

    totals = [s["total"] for s in samples]
    figures = {
        "messages": len(samples),
        "http_requests_per_message": statistics.mean(s["requests"] for s in samples),
        "triage_p50": pct(totals, 50),
        "triage_p99": pct(totals, 99),
        "step_p50": pct([s["step"] for s in samples], 50),
        "step_p99": pct([s["step"] for s in samples], 99),
        "lookup_p50": pct([s["lookup"] for s in samples], 50),
        "lookup_p99": pct([s["lookup"] for s in samples], 99),
        "bare_p50": pct(bare, 50),
        "bare_p99": pct(bare, 99),
        "states": dict(Counter(s["state"] for s in samples)),
        "per_scenario": {},
    }
    for name in sorted({s["scenario"] for s in samples}):
        mine = [s for s in samples if s["scenario"] == name]
        figures["per_scenario"][name] = {
            "p50": pct([s["total"] for s in mine], 50),
            "requests": statistics.mean(s["requests"] for s in mine),
            "diagnoses": sorted({",".join(s["diagnoses"]) for s in mine}),
        }
    (RESULTS / "triage_one_message.json").write_text(json.dumps(figures, indent=2))
    log(
        f"{len(samples)} messages, {figures['http_requests_per_message']:.1f} HTTP requests each: "
        f"triage p50 {ms(figures['triage_p50'])} p99 {ms(figures['triage_p99'])} "
        f"(step p50 {ms(figures['step_p50'])}, look-up p50 {ms(figures['lookup_p50'])}); "
        f"bare p50 {ms(figures['bare_p50'])} p99 {ms(figures['bare_p99'])}; states {figures['states']}"
    )
    for name, one in figures["per_scenario"].items():
        log(f"  {name:24} p50 {ms(one['p50']):>10}  {one['requests']:.0f} requests  -> {one['diagnoses']}")


if __name__ == "__main__":
    main()

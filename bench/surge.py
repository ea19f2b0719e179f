"""A night on this machine: a normal hour of chats, emails and API tickets compressed into minutes,
then five times the arrivals, with tier 0 on, against the real processes.

The stack is what docker-compose.yml runs, on 127.0.0.1: gunicorn serving helpdesk.wsgi (pages, the
widget's HTTP endpoints, the API, inbound mail), uvicorn serving helpdesk.asgi (the sockets; two or
more processes), a Celery worker and Celery beat, PostgreSQL (a throwaway database, migrated and
seeded like the demo: teams with shifts, agents, customers, the knowledge base, routing rules and SLA
policies) and Redis (its own DB number: channel layer, broker, cache). The people are asyncio clients
in this process (bench/surge_load.py): visitors through the widget's endpoints and socket, chat
agents on console sockets, desk agents through the API, mail through the inbound HTTP endpoint, an
integration creating tickets with a token.

It reports (bench/results/surge.json, a chart bench/results/surge.svg, a table to paste into
BENCHMARKS.md): client messages lost or doubled against the timeline, the time from a chat's start
to an agent's offer per phase, queue lengths sampled from the database every few seconds, the share
of first inquiries tier 0 answered, SLA breaches, CPU per process kind (each process tree read from
/proc: psutil is not in the venv) and the first resource to saturate.

    .venv/bin/python bench/surge.py                                  # 3 + 10 + 1 minutes, ~16 in all
    .venv/bin/python bench/surge.py --normal-minutes 1 --surge-minutes 2 --drain-minutes 0.5
    .venv/bin/python bench/surge.py --scale 2 --ws-processes 3       # twice the people, 3 socket processes
"""

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import log, reset_database  # noqa: E402
from bench.surge_report import (  # noqa: E402
    Phase,
    Resource,
    bucket_percentile,
    bucket_rates,
    delivery_check,
    first_saturated,
    message_check,
    percentile,
    rounded,
    svg_chart,
    wait_summary,
)

PY = str(ROOT / ".venv" / "bin" / "python")
DB = "helpdesk_bench_surge"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB}")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
WEB_PORT, WS_PORT, EXCHANGE_PORT = 8781, 8782, 8783
RESULTS = ROOT / "bench" / "results"
SAMPLE_SECONDS = 3.0
CLK_TCK = os.sysconf("SC_CLK_TCK")
LANGUAGE_OF = {"pt": "pt-br", "zh": "zh-hans"}


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.update(
        DJANGO_SETTINGS_MODULE="helpdesk.settings",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        DJANGO_DEBUG="false",
        PYTHONPATH=str(ROOT),
        LOG_LEVEL="WARNING",
        # The exchange's API and the chains' explorers are other companies' systems: the reference
        # stand-ins run in a server of their own, so their time is not counted as the helpdesk's web.
        HELPDESK_SITE_URL=f"http://127.0.0.1:{EXCHANGE_PORT}",
        # Every visitor comes from 127.0.0.1: the per-address limits would count the whole night as
        # one person. The per-connection frame rate stays as in production.
        LIVECHAT_STARTS_PER_ADDRESS="1000000",
        LIVECHAT_UNAUTHENTICATED_PER_ADDRESS="1000000",
    )
    return e


# --- Setup: a child process with Django configured -------------------------------------------------


def setup(args: argparse.Namespace, out: Path) -> None:
    """The demo's organisation, then the night's people: chat agents and desk agents online in every
    in-house team, an integration's API token, the support mailbox's token, customers for the API."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from accounts.models import Role, User
    from customers.services import customer_upsert
    from mail.models import Mailbox
    from mail.services.config import mailbox_token_issue
    from routing.models import Team, TeamMembership
    from routing.services.assignment import agent_heartbeat, agent_presence_set

    call_command("seed_demo", "--no-logins")
    teams = list(Team.objects.filter(is_outsourced=False))
    admin = User.objects.get(username="admin")

    def person(username: str, role: str) -> User:
        user, _ = User.objects.get_or_create(
            username=username, defaults={"first_name": username.title(), "role": role}
        )
        return user

    def agent(username: str) -> dict[str, Any]:
        user = person(username, Role.AGENT)
        for team in teams:
            TeamMembership.objects.get_or_create(team=team, user=user)
        agent_presence_set(user=user, presence="online")
        agent_heartbeat(user=user)
        client = Client()
        client.force_login(user)
        token, _ = Token.objects.get_or_create(user=user)
        return {"id": user.pk, "session": client.cookies["sessionid"].value, "token": token.key}

    chat_agents = [agent(f"surge-chat-{i}") for i in range(args.chat_agents)]
    desk_agents = [agent(f"surge-desk-{i}") for i in range(args.desk_agents)]
    integration = person("surge-integration", Role.ADMIN)
    api_token, _ = Token.objects.get_or_create(user=integration)
    mailbox = Mailbox.objects.get(address="support@cryptox.example")
    mail_token = mailbox_token_issue(actor=admin, mailbox=mailbox)
    customers = [
        customer_upsert(external_id=f"SURGE-{i}", name=f"Surge customer {i}")[0].pk for i in range(300)
    ]
    messages = []
    for path in sorted((ROOT / "assistant" / "data").glob("eval_*.jsonl")):
        for line in path.read_text().splitlines():
            row = json.loads(line)
            row["language"] = LANGUAGE_OF.get(row["language"], row["language"])
            messages.append({k: row[k] for k in ("text", "language", "team", "channel", "intent")})
    out.write_text(
        json.dumps(
            {
                "chat_agents": chat_agents,
                "desk_agents": desk_agents,
                "api_token": api_token.key,
                "mail_token": mail_token,
                "customers": customers,
                "messages": messages,
                "chat_capacity": {t.slug: t.chat_capacity for t in teams},
            }
        )
    )


# --- The processes ---------------------------------------------------------------------------------


class Stack:
    """web, ws, worker and beat, each in its own process group; stopped together."""

    def __init__(self, args: argparse.Namespace, logdir: Path) -> None:
        self.args, self.logdir = args, logdir
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def start(self) -> None:
        a = self.args
        commands = {
            "web": [
                *(PY, "-m", "gunicorn", "helpdesk.wsgi", "-w", str(a.web_workers), "--worker-class", "sync"),
                *("-b", f"127.0.0.1:{WEB_PORT}", "--timeout", "60", "--access-logfile", "/dev/null"),
            ],
            "ws": [
                *(PY, "-m", "uvicorn", "helpdesk.asgi:application", "--host", "127.0.0.1"),
                *("--port", str(WS_PORT), "--workers", str(a.ws_processes), "--lifespan", "off"),
                *("--log-level", "warning", "--no-access-log"),
            ],
            "exchange": [
                *(PY, "-m", "gunicorn", "helpdesk.wsgi", "-w", "2", "--worker-class", "sync"),
                *("-b", f"127.0.0.1:{EXCHANGE_PORT}", "--timeout", "60", "--access-logfile", "/dev/null"),
            ],
            "worker": [
                *(PY, "-m", "celery", "-A", "helpdesk", "worker", "--loglevel", "WARNING"),
                *("--concurrency", str(a.worker_concurrency), "-n", "surge@%h"),
            ],
            "beat": [
                *(PY, "-m", "celery", "-A", "helpdesk", "beat", "--loglevel", "WARNING"),
                *("--scheduler", "django_celery_beat.schedulers:DatabaseScheduler"),
                *("--pidfile", str(self.logdir / "beat.pid"), "-s", str(self.logdir / "beat-schedule")),
            ],
        }
        for name, cmd in commands.items():
            logfile = (self.logdir / f"{name}.log").open("wb")
            self.procs[name] = subprocess.Popen(
                cmd, cwd=ROOT, env=env(), stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True
            )
        for name, port in (("web", WEB_PORT), ("ws", WS_PORT), ("exchange", EXCHANGE_PORT)):
            self._wait(name, port)
        log(
            f"stack up: web :{WEB_PORT}, ws :{WS_PORT}, worker, beat, exchange :{EXCHANGE_PORT}; "
            f"logs in {self.logdir}"
        )

    def _wait(self, name: str, port: int) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.procs[name].poll() is not None:
                raise RuntimeError(f"{name} exited; see {self.logdir / (name + '.log')}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{name} did not answer /healthz")

    def alive(self) -> dict[str, int | None]:
        return {name: p.poll() for name, p in self.procs.items()}

    def stop(self) -> None:
        for p in self.procs.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGTERM)
        for p in self.procs.values():
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


# --- Sampling: CPU per process tree from /proc, queues from the database ---------------------------


def _proc_table() -> dict[int, tuple[int, float, str]]:
    """pid -> (parent pid, CPU seconds, command line) for every process."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        table[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / CLK_TCK, cmdline)
    return table


def _machine_busy() -> tuple[float, float]:
    with open("/proc/stat") as f:
        parts = [float(v) for v in f.readline().split()[1:]]
    idle = parts[3] + parts[4]
    return sum(parts) - idle, sum(parts)


class Sampler(threading.Thread):
    def __init__(self, stack: Stack, t0: float) -> None:
        super().__init__(daemon=True)
        self.stack, self.t0 = stack, t0
        self.samples: list[dict[str, Any]] = []
        self.cpu_seconds: defaultdict[str, float] = defaultdict(float)
        self.halt = threading.Event()
        self.ws_children: set[int] = set()
        self.load_tick: dict[str, Any] = {}

    def kinds(self, table: dict[int, tuple[int, float, str]]) -> dict[str, list[int]]:
        children: dict[int, list[int]] = defaultdict(list)
        for pid, (ppid, _cpu, _cmd) in table.items():
            children[ppid].append(pid)

        def tree(root: int) -> list[int]:
            out, todo = [], [root]
            while todo:
                pid = todo.pop()
                out.append(pid)
                todo.extend(children.get(pid, []))
            return out

        kinds = {name: tree(p.pid) for name, p in self.stack.procs.items()}
        kinds["postgres"] = [
            pid for pid, (_p, _c, cmd) in table.items() if cmd.startswith("postgres: ") and f" {DB} " in cmd
        ]
        kinds["redis"] = [
            pid
            for pid, (_p, _c, cmd) in table.items()
            if cmd.startswith(("redis-server", "/usr/bin/redis-server"))
        ]
        kinds["load clients"] = [os.getpid()]
        return kinds

    def run(self) -> None:
        import psycopg
        import redis

        r = redis.Redis.from_url(REDIS_URL)
        conn = psycopg.connect(DATABASE_URL, autocommit=True)
        last_cpu: dict[int, float] = {}
        last_t = time.monotonic()
        last_busy = _machine_busy()
        while not self.halt.wait(SAMPLE_SECONDS):
            now = time.monotonic()
            table = _proc_table()
            elapsed = now - last_t
            sample: dict[str, Any] = {"t": round(now - self.t0, 1)}
            for kind, pids in self.kinds(table).items():
                used = 0.0
                for pid in pids:
                    cpu = table[pid][1]
                    used += cpu - last_cpu.get(pid, cpu)
                self.cpu_seconds[kind] += used
                sample[f"cpu {kind}"] = round(100 * used / elapsed, 1)
                if kind == "ws":
                    # Each socket process on its own: the busiest one saturates first.
                    per = [table[p][1] - last_cpu.get(p, table[p][1]) for p in pids]
                    sample["cpu ws busiest process"] = round(100 * max(per, default=0) / elapsed, 1)
            busy = _machine_busy()
            sample["cpu machine"] = round(
                100 * (os.cpu_count() or 1) * (busy[0] - last_busy[0]) / max(1e-9, busy[1] - last_busy[1]),
                1,
            )
            last_busy = busy
            ours = sum(
                v
                for k, v in sample.items()
                if k.startswith("cpu ") and k not in ("cpu machine", "cpu ws busiest process")
            )
            # Other helpers' tests and benchmarks on the same two cores (and Redis, shared, counted ours).
            sample["cpu other programs"] = round(max(0.0, sample["cpu machine"] - ours), 1)
            last_cpu = {pid: row[1] for pid, row in table.items()}
            last_t = now
            try:
                sample.update(self.queues(conn, r))
            except Exception as exc:  # a sample lost to a busy database is a gap, not the end of the run
                sample["sample_error"] = repr(exc)[:200]
            sample.update(self.load_tick)
            self.samples.append(sample)
        conn.close()

    @staticmethod
    def queues(conn: Any, r: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        rows = conn.execute("SELECT status, count(*) FROM livechat_conversation GROUP BY status").fetchall()
        chats = dict(rows)
        # Held by tier 0 is not waiting for a person: counted apart.
        held = conn.execute(
            "SELECT count(*) FROM livechat_conversation WHERE with_assistant AND status <> 'ended'"
        ).fetchone()[0]
        out["chats waiting"] = chats.get("waiting", 0) - held
        out["chats offered"] = chats.get("offered", 0)
        out["chats active"] = chats.get("active", 0)
        out["chats with tier 0"] = held
        out["tickets unassigned"] = conn.execute(
            "SELECT count(*) FROM tickets_ticket WHERE assignee_id IS NULL AND status IN ('new', 'open') "
            "AND channel <> 'chat'"
        ).fetchone()[0]
        out["tier 0 pending"] = conn.execute(
            "SELECT count(*) FROM assistant_assessment WHERE state = 'pending'"
        ).fetchone()[0]
        out["celery queue"] = r.llen("celery")
        out["db connections"] = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        ).fetchone()[0]
        out["db lock waits"] = conn.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()[0]
        return out


# --- After the night: what the database says -------------------------------------------------------


def from_database(load: Any, t0_wall: float, phases: list[Phase]) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(DATABASE_URL) as conn:
        sent = dict(load.sent_counts)
        stored: dict[str, int] = {}
        convs = [c.conv for c in load.chats.values() if c.n]
        for cid, n in conn.execute(
            "SELECT e.client_id, count(*) FROM tickets_timelineentry e "
            "JOIN livechat_conversation c ON c.ticket_id = e.ticket_id "
            "WHERE c.id = ANY(%s) AND e.client_id <> '' GROUP BY e.client_id",
            [convs],
        ):
            stored[cid] = n
        check = message_check(sent, stored, load.acked())
        # First messages come with the start request (no client_id): one customer entry numbered 1 each.
        row = conn.execute(
            "SELECT count(*) FROM livechat_conversation c JOIN tickets_timelineentry e ON "
            "e.ticket_id = c.ticket_id AND e.seq = 1 AND e.kind = 'customer_message' WHERE c.id = ANY(%s)",
            [convs],
        ).fetchone()
        first = row[0] if row else 0
        check["first_messages"] = {"started": len(convs), "stored": first}
        # Delivery: each side must have received, once, every message stored while it listened.
        seqs: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        for conv, seq, kind, cid in conn.execute(
            "SELECT c.id, e.seq, e.kind, e.client_id FROM livechat_conversation c "
            "JOIN tickets_timelineentry e ON e.ticket_id = c.ticket_id "
            "WHERE c.id = ANY(%s) AND e.seq IS NOT NULL",
            [convs],
        ):
            seqs[conv].append((seq, kind, cid))
        visitor_expected: dict[int, set[int]] = {}
        agent_expected: dict[int, set[int]] = {}
        for chat in load.chats.values():
            if not chat.n:
                continue
            # The visitor listens from hello (last_seq 0) until the chat ends: everything but notes,
            # up to the last seq it saw (later ones may have been stored as the run stopped).
            top = max(chat.visitor_seen, default=0)
            visitor_expected[chat.conv] = {
                s for s, kind, _ in seqs[chat.conv] if kind != "internal_note" and s <= top
            }
            if chat.agent is not None:
                atop = max(chat.agent_seen, default=0)
                agent_expected[chat.conv] = {s for s, _k, _c in seqs[chat.conv] if s <= atop}
        check["visitor_delivery"] = delivery_check(
            visitor_expected, {c.conv: dict(c.visitor_seen) for c in load.chats.values() if c.n}
        )
        check["agent_delivery"] = delivery_check(
            agent_expected, {c.conv: dict(c.agent_seen) for c in load.chats.values() if c.agent is not None}
        )
        t0 = dt.datetime.fromtimestamp(t0_wall, dt.UTC)
        by_phase: dict[str, dict[str, Any]] = {}
        for phase in phases:
            lo, hi = t0 + dt.timedelta(seconds=phase.start), t0 + dt.timedelta(seconds=phase.end)
            rows = conn.execute(
                "SELECT t.channel, count(*), "
                "count(*) FILTER (WHERE a.decision = 'answer'), "
                "count(*) FILTER (WHERE a.decision = 'handoff'), "
                "count(*) FILTER (WHERE a.state = 'skipped'), "
                "count(*) FILTER (WHERE a.state = 'pending') "
                "FROM tickets_ticket t LEFT JOIN assistant_assessment a ON a.ticket_id = t.id AND a.first "
                "WHERE t.created_at >= %s AND t.created_at < %s GROUP BY t.channel",
                [lo, hi],
            ).fetchall()
            breaches = conn.execute(
                "SELECT t.channel, count(*) FILTER (WHERE k.first_response_breached_at IS NOT NULL), "
                "count(*) FILTER (WHERE k.next_response_breached_at IS NOT NULL), "
                "count(*) FILTER (WHERE k.resolution_breached_at IS NOT NULL) "
                "FROM tickets_ticket t JOIN sla_ticketclock k ON k.ticket_id = t.id "
                "WHERE t.created_at >= %s AND t.created_at < %s GROUP BY t.channel",
                [lo, hi],
            ).fetchall()
            by_phase[phase.name] = {
                "tickets": {
                    ch: {
                        "created": n,
                        "tier0_answered": a,
                        "tier0_handed_off": h,
                        "tier0_skipped": s,
                        "tier0_pending": p,
                    }
                    for ch, n, a, h, s, p in rows
                },
                "sla_breaches": {
                    ch: {"first_response": f, "next_response": nx, "resolution": rs}
                    for ch, f, nx, rs in breaches
                },
            }
        inbound: dict[str, int] = dict(
            conn.execute(
                "SELECT status, count(*) FROM mail_inboundmessage WHERE received_at >= %s GROUP BY status",
                [t0],
            ).fetchall()
        )
    return {"messages": check, "by_phase": by_phase, "inbound_mail": inbound}


# --- The report ------------------------------------------------------------------------------------


def summarise(
    load: Any, sampler: Sampler, phases: list[Phase], db: dict[str, Any], args: argparse.Namespace, seats: int
) -> dict[str, Any]:
    chats = [c for c in load.chats.values() if c.n]
    end = phases[-1].end
    per_phase: dict[str, Any] = {}
    for phase in phases:
        mine = [c for c in chats if phase.holds(c.started)]
        queued = [c for c in mine if c.queued is not None]
        # Tier 0's hand-off notice can reach the visitor after the offer reached an agent: no negative waits.
        offer = [max(0.0, c.offered - c.queued) for c in queued if c.offered is not None]
        first = [c.offered - c.started for c in queued if c.offered is not None]
        accept = [max(0.0, c.accepted - c.queued) for c in queued if c.accepted is not None]
        reply = [c.first_reply - c.started for c in mine if c.first_reply is not None]
        tier0 = Counter(c.tier0 or ("not held" if not c.assistant else "no answer by the end") for c in mine)
        db_phase = db["by_phase"].get(phase.name, {})
        answered = sum(v["tier0_answered"] for v in db_phase.get("tickets", {}).values())
        read = sum(v["tier0_answered"] + v["tier0_handed_off"] for v in db_phase.get("tickets", {}).values())
        created = sum(v["created"] for v in db_phase.get("tickets", {}).values())
        breaches = db_phase.get("sla_breaches", {})
        samples = [s for s in sampler.samples if phase.holds(s["t"])]
        web = [d for when, d in load.http_points if phase.holds(when)]
        acks = [d for when, d in load.ack_points if phase.holds(when)]
        per_phase[phase.name] = {
            "seconds": phase.end - phase.start,
            "arrivals": {k: sum(1 for t in v if phase.holds(t)) for k, v in load.arrivals.items()},
            "chats_started": len(mine),
            "offer_wait": wait_summary(offer, sum(1 for c in queued if c.offered is None)),
            "start_to_offer": wait_summary(first, sum(1 for c in queued if c.offered is None)),
            "accept_wait": wait_summary(accept, sum(1 for c in queued if c.accepted is None)),
            "start_to_first_agent_reply": wait_summary(reply, 0),
            "chats_by_tier0": dict(tier0),
            "web_request_s": {
                "count": len(web),
                "p50": rounded(percentile(web, 50), 3),
                "p99": rounded(percentile(web, 99), 3),
            },
            "message_ack_s": {
                "count": len(acks),
                "p50": rounded(percentile(acks, 50), 3),
                "p99": rounded(percentile(acks, 99), 3),
            },
            "tier0_first_inquiries": {
                "created": created,
                "read": read,
                "answered": answered,
                "share_answered": round(answered / created, 3) if created else None,
                "share_of_those_read": round(answered / read, 3) if read else None,
            },
            "sla_breaches": {
                "first_response": sum(v["first_response"] for v in breaches.values()),
                "next_response": sum(v["next_response"] for v in breaches.values()),
                "resolution": sum(v["resolution"] for v in breaches.values()),
                "by_channel": breaches,
            },
            "queue_max": {
                k: max((s.get(k, 0) for s in samples), default=0)
                for k in (
                    "chats waiting",
                    "chats offered",
                    "tickets unassigned",
                    "tier 0 pending",
                    "celery queue",
                )
            },
            "cpu_mean_percent": {
                k.removeprefix("cpu "): rounded(sum(s.get(k, 0) for s in samples) / len(samples))
                for k in (samples[0] if samples else {})
                if k.startswith("cpu ")
            },
        }
    a = args
    resources = [
        Resource("cpu machine", 100.0 * (os.cpu_count() or 1)),
        Resource("cpu web", 100.0 * a.web_workers),
        Resource("cpu ws", 100.0 * a.ws_processes),
        Resource("cpu ws busiest process", 100.0),
        Resource("cpu worker", 100.0 * a.worker_concurrency),
        Resource("cpu beat", 100.0),
        Resource("cpu redis", 100.0),
        Resource("cpu load clients", 100.0),
        Resource("agent seats", float(seats)),
        # Queues rather than CPU, since the machine is shared: a process kind can be the bottleneck while
        # other programs take the cores. Web: requests wait a second (p50); ws: a chat message's ack does;
        # worker: 100 tasks wait in the broker (seconds to minutes of tier 0 reading behind).
        Resource("web p50 s", 1.0 / 0.9),
        Resource("ack p50 s", 1.0 / 0.9),
        Resource("celery queue", 100 / 0.9),
    ]
    for s in sampler.samples:
        s["agent seats"] = s.get("chats offered", 0) + s.get("chats active", 0)
    saturated = first_saturated(sampler.samples, resources)
    # Capacity per process kind: work done per CPU-second spent, i.e. what one fully busy process moves.
    busy = sampler.cpu_seconds
    chat_messages = sum(len(c.visitor_sent) + len(c.agent_sent) for c in chats)
    web_requests = sum(n for key, n in load.http.items() if key.rsplit(" ", 1)[-1].isdigit())
    cases = sum(v["created"] for p in db["by_phase"].values() for v in p.get("tickets", {}).values())
    capacity = {
        "chat messages per ws CPU-second": rounded(chat_messages / busy["ws"], 1) if busy["ws"] else None,
        "web requests per web CPU-second": rounded(web_requests / busy["web"], 1) if busy["web"] else None,
        "cases per worker CPU-second": rounded(cases / busy["worker"], 2) if busy["worker"] else None,
        "work": {"chat_messages": chat_messages, "web_requests": web_requests, "cases": cases},
        "cpu_seconds": {k: round(v, 1) for k, v in busy.items()},
    }
    http_latency = {
        name: {
            "count": len(v),
            "p50_ms": rounded(1000 * (percentile(v, 50) or 0)),
            "p99_ms": rounded(1000 * (percentile(v, 99) or 0)),
        }
        for name, v in sorted(load.http_latency.items())
    }
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {"cpus": os.cpu_count(), "shared": "other benchmark and test runs shared the machine"},
        "args": {k: v for k, v in vars(a).items() if k not in ("setup", "out")},
        "phases": [{"name": p.name, "start_s": p.start, "end_s": p.end} for p in phases],
        "agent_seats": seats,
        "per_phase": per_phase,
        "messages": db["messages"],
        "inbound_mail": db["inbound_mail"],
        "http": dict(sorted(load.http.items())),
        "http_latency": http_latency,
        "ws_errors": dict(load.ws_errors),
        "client_failures": load.failures[:20] + load.starts_failed[:20],
        "first_saturated": saturated,
        "capacity": capacity,
        "desk_cases_answered": load.desk_done,
        # Heartbeats answered "offline": the presence sweep had marked the agent offline meanwhile.
        "presence_lapses": load.presence_lapses,
        # Start requests still in the web server's queue when the night ended (their visitors never got in).
        "chat_starts_unanswered": len(load.arrivals["chat"]) - len(chats) - len(load.starts_failed),
        "samples": sampler.samples,
        "end_s": end,
    }


def chart(result: dict[str, Any], path: Path) -> None:
    phases = [Phase(p["name"], p["start_s"], p["end_s"]) for p in result["phases"]]
    # Samples go on while the last acks come in after the night: the axis runs to the last one.
    end = max([result["end_s"]] + [s["t"] for s in result["samples"]])
    width = 20.0
    arrivals = result["arrival_times"]

    def series(values: list[Any]) -> list[tuple[float, Any]]:
        return [(width * (i + 0.5), v) for i, v in enumerate(values)]

    samples = result["samples"]

    def sampled(key: str) -> list[tuple[float, Any]]:
        return [(s["t"], s.get(key)) for s in samples]

    offer_points = result["offer_points"]
    svg = svg_chart(
        title=f"A 5x night on a 2-core machine ({result['date']})",
        end=end,
        phases=phases,
        panels=[
            (
                "Arrivals",
                "per minute",
                {
                    "chats": series(bucket_rates(arrivals["chat"], width, end)),
                    "emails": series(bucket_rates(arrivals["email"], width, end)),
                    "API tickets": series(bucket_rates(arrivals["api"], width, end)),
                },
            ),
            (
                "Queues, sampled from the database",
                "count",
                {
                    "chats waiting": sampled("chats waiting"),
                    "chats offered": sampled("chats offered"),
                    "chats active": sampled("chats active"),
                    "with tier 0": sampled("chats with tier 0"),
                    "tickets unassigned": sampled("tickets unassigned"),
                    "tier 0 unread": sampled("tier 0 pending"),
                },
            ),
            (
                "Chat start (or hand-off) to an agent's offer, by start time",
                "seconds",
                {
                    "p50": series(bucket_percentile(offer_points, width, end, 50)),
                    "p99": series(bucket_percentile(offer_points, width, end, 99)),
                },
            ),
            (
                "Web request and chat message ack, median over 3 s",
                "seconds",
                {"web request": sampled("web p50 s"), "message ack": sampled("ack p50 s")},
            ),
            (
                "CPU by process kind",
                "% of one core",
                {
                    k: sampled(f"cpu {k}")
                    for k in ("machine", "web", "ws", "worker", "postgres", "load clients")
                },
            ),
        ],
    )
    path.write_text(svg)


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "| phase | minutes | chats / emails / API | offer wait p50 / p99 s | never offered "
        "| max chats waiting | tier 0 answered | SLA first-response breaches | CPU machine % |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, p in result["per_phase"].items():
        a, w, t = p["arrivals"], p["offer_wait"], p["tier0_first_inquiries"]
        share = (
            f"{t['answered']} of {t['created']} ({100 * t['share_answered']:.0f}%)"
            if t["share_answered"] is not None
            else "-"
        )
        cells = [
            name,
            f"{p['seconds'] / 60:g}",
            f"{a['chat']} / {a['email']} / {a['api']}",
            f"{w['p50_s']} / {w['p99_s']}",
            w["never"],
            p["queue_max"]["chats waiting"],
            share,
            p["sla_breaches"]["first_response"],
            p["cpu_mean_percent"].get("machine"),
        ]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    m = result["messages"]
    lines += [
        "",
        f"Messages: {m['sent']} client messages sent ({m['resent']} resends), {m['acked']} acknowledged, "
        f"{m['stored']} stored, "
        f"**{m['lost']} lost ({m['lost_after_ack']} after an ack), {m['doubled']} doubled**; "
        f"first messages {m['first_messages']['stored']} of {m['first_messages']['started']}; "
        f"delivered to visitors: {m['visitor_delivery']['missing']} missing, "
        f"{m['visitor_delivery']['doubled']} doubled; to agents: {m['agent_delivery']['missing']} missing, "
        f"{m['agent_delivery']['doubled']} doubled.",
        "",
        "| process kind | " + " | ".join(result["per_phase"]) + " |",
        "|---|" + "---:|" * len(result["per_phase"]),
    ]
    kinds = [
        "machine",
        "other programs",
        "web",
        "ws",
        "ws busiest process",
        "worker",
        "beat",
        "postgres",
        "redis",
        "exchange",
        "load clients",
    ]
    for k in kinds:
        lines.append(
            f"| {k} | "
            + " | ".join(str(p["cpu_mean_percent"].get(k)) for p in result["per_phase"].values())
            + " |"
        )
    lines += [
        "",
        "| phase | web request p50 / p99 s | chat message ack p50 / p99 s | accept wait p50 / p99 s "
        "| start to first agent reply p50 / p99 s |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, p in result["per_phase"].items():
        web, ack, acc, rep = (
            p["web_request_s"],
            p["message_ack_s"],
            p["accept_wait"],
            p["start_to_first_agent_reply"],
        )
        lines.append(
            f"| {name} | {web['p50']} / {web['p99']} | {ack['p50']} / {ack['p99']} "
            f"| {acc['p50_s']} / {acc['p99_s']} | {rep['p50_s']} / {rep['p99_s']} |"
        )
    sat = result["first_saturated"]
    lines += [
        "",
        f"Chat starts still unanswered when the night ended: {result['chat_starts_unanswered']}; "
        f"client failures: {len(result['client_failures'])}; socket errors: {result['ws_errors'] or 'none'}.",
    ]
    lines += [
        "",
        "First to saturate (90% of capacity for 3 samples in a row): "
        + (", ".join(f"{s['resource']} at {s['at_s'] / 60:.1f} min" for s in sat) if sat else "nothing"),
    ]
    return "\n".join(lines)


# --- Main --------------------------------------------------------------------------------------------


def progress(load: Any, sampler: Sampler, phases: list[Phase], state: dict[str, float]) -> None:
    t = load.now()
    recent_http = [d for when, d in load.http_points[-2000:] if when >= t - SAMPLE_SECONDS]
    recent_acks = [d for when, d in load.ack_points[-2000:] if when >= t - SAMPLE_SECONDS]
    sampler.load_tick = {
        "load tasks": len(load.tasks),
        "web p50 s": rounded(percentile(recent_http, 50), 2),
        "ack p50 s": rounded(percentile(recent_acks, 50), 2),
    }
    if t - state.get("last", -99) < 10:
        return
    state["last"] = t
    phase = next((p.name for p in phases if p.holds(t)), "end")
    s = sampler.samples[-1] if sampler.samples else {}
    offered = [
        max(0.0, c.offered - c.queued)
        for c in load.chats.values()
        if c.offered and c.queued is not None and c.offered >= t - 30
    ]
    arrived = " ".join(f"{k} {len(v)}" for k, v in load.arrivals.items())
    queues = " ".join(
        f"{label} {s.get(key, '?')}"
        for label, key in (
            ("waiting", "chats waiting"),
            ("offered", "chats offered"),
            ("active", "chats active"),
            ("tier0", "chats with tier 0"),
            ("unassigned", "tickets unassigned"),
        )
    )
    cpu = " ".join(
        f"{k} {s.get('cpu ' + k, '?')}"
        for k in ("machine", "other programs", "web", "ws", "worker", "postgres")
    )
    log(
        f"{phase:6} {t / 60:5.1f} min | arrivals {arrived} | {queues} | offer p50 (30 s) "
        f"{percentile(offered, 50) or 0:.1f} s | CPU% {cpu} | unacked {len(load.unacked())} "
        f"| failures {len(load.failures) + len(load.starts_failed)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--normal-minutes", type=float, default=3, help="the normal hour, compressed into this"
    )
    parser.add_argument("--surge-minutes", type=float, default=10)
    parser.add_argument(
        "--drain-minutes", type=float, default=1, help="after the surge: no arrivals, work goes on"
    )
    parser.add_argument("--surge-factor", type=float, default=5)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiplies the hour's volume and the agents"
    )
    parser.add_argument("--chats-per-hour", type=float, default=120, help="a normal hour's chats at scale 1")
    parser.add_argument("--emails-per-hour", type=float, default=60)
    parser.add_argument("--api-per-hour", type=float, default=60)
    parser.add_argument("--chat-agents", type=int, default=24, help="at scale 1")
    parser.add_argument("--desk-agents", type=int, default=3, help="at scale 1")
    parser.add_argument(
        "--person-share", type=float, default=0.4, help="of tier 0's answers, asked for a person"
    )
    parser.add_argument(
        "--tier0-patience",
        type=float,
        default=45,
        help="seconds a visitor waits for tier 0 before asking for a person",
    )
    parser.add_argument(
        "--agents-come-back",
        action="store_true",
        help="an agent the presence sweep marked offline (late heartbeat) sets itself online again",
    )
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--ws-processes", type=int, default=2)
    parser.add_argument("--worker-concurrency", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=RESULTS / "surge.json")
    parser.add_argument("--setup", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.chat_agents = max(1, round(args.chat_agents * args.scale))
    args.desk_agents = max(1, round(args.desk_agents * args.scale))
    if args.setup:
        setup(args, args.setup)
        return
    import redis

    RESULTS.mkdir(exist_ok=True)
    logdir = RESULTS / "surge-logs.tmp"
    logdir.mkdir(exist_ok=True)
    log(f"fresh database {DB} and Redis {REDIS_URL}")
    reset_database(DB)
    redis.Redis.from_url(REDIS_URL).flushdb()
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env(), check=True)
    fixture_file = logdir / "fixture.json"
    log(f"seeding the demo organisation, {args.chat_agents} chat agents and {args.desk_agents} desk agents")
    subprocess.run(
        [
            PY,
            __file__,
            "--setup",
            str(fixture_file),
            "--scale",
            "1",
            "--chat-agents",
            str(args.chat_agents),
            "--desk-agents",
            str(args.desk_agents),
        ],
        cwd=ROOT,
        env=env(),
        check=True,
    )
    fixture = json.loads(fixture_file.read_text())
    capacity = min(fixture["chat_capacity"].values())
    seats = capacity * args.chat_agents
    normal, surge, drain = 60 * args.normal_minutes, 60 * args.surge_minutes, 60 * args.drain_minutes
    phases = [
        Phase("normal", 0, normal),
        Phase("surge", normal, normal + surge),
        Phase("drain", normal + surge, normal + surge + drain),
    ]
    # The hour's volume in normal-minutes: the arrival rate per second at scale.
    squeeze = args.scale / (60 * args.normal_minutes)
    from bench.surge_load import Config, Load

    cfg = Config(
        web=f"http://127.0.0.1:{WEB_PORT}",
        ws=f"ws://127.0.0.1:{WS_PORT}",
        phases=[(p.name, p.start, p.end) for p in phases],
        arrivals_end=normal + surge,
        run_end=phases[-1].end,
        chats_per_s=args.chats_per_hour * squeeze,
        emails_per_s=args.emails_per_hour * squeeze,
        api_per_s=args.api_per_hour * squeeze,
        surge_factor=args.surge_factor,
        person_share=args.person_share,
        tier0_patience=args.tier0_patience,
        agents_come_back=args.agents_come_back,
        seed=args.seed,
    )
    log(
        f"arrivals per minute, normal: {60 * cfg.chats_per_s:.1f} chats, {60 * cfg.emails_per_s:.1f} emails, "
        f"{60 * cfg.api_per_s:.1f} API tickets; x{args.surge_factor:g} in the surge; {seats} agent seats"
    )
    stack = Stack(args, logdir)
    load = Load(cfg, fixture)
    try:
        stack.start()
        t0 = time.monotonic()
        t0_wall = time.time()
        sampler = Sampler(stack, t0)
        sampler.start()
        state: dict[str, float] = {}
        asyncio.run(load.run(t0, lambda ld: progress(ld, sampler, phases, state)))
        sampler.halt.set()
        sampler.join()
        dead = {k: v for k, v in stack.alive().items() if v is not None}
        if dead:
            log(f"processes that exited during the run: {dead}")
    finally:
        stack.stop()
    log("checking every client message against the timeline")
    db = from_database(load, t0_wall, phases)
    result = summarise(load, sampler, phases, db, args, seats)
    result["arrival_times"] = {k: [round(t, 2) for t in v] for k, v in load.arrivals.items()}
    result["offer_points"] = [
        (round(c.queued, 2), round(max(0.0, c.offered - c.queued), 2))
        for c in load.chats.values()
        if c.n and c.queued is not None and c.offered is not None
    ]
    result["processes_exited"] = {k: v for k, v in stack.alive().items() if v is not None}
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    svg = args.out.with_suffix(".svg")
    chart(result, svg)
    print()
    print(markdown(result))
    log(f"results in {args.out}, chart in {svg}")


if __name__ == "__main__":
    main()

"""Live chat through the real server at 100 and 1,000 concurrent chats, beside a bare echo room.

Each chat is a visitor socket and an agent socket (the `websockets` library) talking through uvicorn
serving helpdesk.asgi on 127.0.0.1, with a throwaway PostgreSQL database and Redis as the channel
layer. The two take turns: the visitor sends, the agent answers as soon as the message arrives, and
so on, as fast as the server delivers (closed loop). Every message is stored, numbered and published
as in production; only the per-connection rate limit is lifted, since the loop sends faster than a
person types.

In the same run, on the same server and channel layer, the same clients do the same over a bare
Channels echo room (bench/livechat_asgi.py): two members, every frame group_sent, nothing stored. The
ratio of live chat to the echo room is the figure that carries across machines.

    .venv/bin/python bench/livechat.py                     # 100 and 1,000 chats
    .venv/bin/python bench/livechat.py --chats 100         # a quicker run
    .venv/bin/python bench/livechat.py --seconds 30 --workers 4
"""

import argparse
import asyncio
import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import ServerProcess, log, reset_database  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpdesk_bench_livechat"
)
# The database the run drops and creates is the one it uses, whatever BENCH_DATABASE_URL names.
DB = DATABASE_URL.rsplit("/", 1)[1].split("?", 1)[0]
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
PORT = int(os.environ.get("BENCH_PORT", "8766"))
ORIGIN = f"http://127.0.0.1:{PORT}"
RESULTS = ROOT / "bench" / "results"
CHATS_PER_AGENT = 10
WARMUP_SECONDS = 5.0
# How long a socket waits for the frame that answers a message before the message counts as
# undelivered and its chat stops: a frame the server dropped (a full channel-layer queue) would
# otherwise hold the run forever.
FRAME_TIMEOUT = float(os.environ.get("BENCH_FRAME_TIMEOUT", "30"))


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        DJANGO_DEBUG="false",
        PYTHONPATH=str(ROOT),
        # The closed loop sends far faster than a person: lift the per-connection limit for the run.
        LIVECHAT_RATE_PER_SECOND="1000000",
        LIVECHAT_RATE_BURST="1000000",
        LIVECHAT_STARTS_PER_ADDRESS="1000000",
        # Every client socket comes from 127.0.0.1 and a thousand open at once before saying hello.
        LIVECHAT_UNAUTHENTICATED_PER_ADDRESS="1000000",
        # The closed loop keeps many frames in flight on one agent socket.
        LIVECHAT_FRAME_QUEUE="1000000",
    )
    return e


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env(), check=True)


def reset_stores() -> None:
    import redis

    reset_database(DB)
    redis.Redis.from_url(REDIS_URL).flushdb()


# --- Setup: runs in a child process with Django configured ----------------------------------------


def setup(chats: int, out: Path) -> None:
    """Agents (offline, so nothing is offered meanwhile) and `chats` waiting chats, started through the
    same service the widget's start endpoint calls."""
    import django

    django.setup()
    from django.test import Client
    from tqdm import tqdm

    from accounts.models import User
    from livechat.identity import conversation_token
    from livechat.services import chat_start
    from routing.models import Team, TeamMembership

    team, _ = Team.objects.get_or_create(
        slug="bench-chat", defaults={"name": "Bench chat", "tier": 1, "languages": [], "chat_capacity": 50}
    )
    sessions = []
    for i in range(math.ceil(chats / CHATS_PER_AGENT)):
        agent, _ = User.objects.get_or_create(
            username=f"bench-agent-{i}", defaults={"first_name": f"Agent{i}"}
        )
        TeamMembership.objects.get_or_create(team=team, user=agent)
        client = Client()
        client.force_login(agent)
        sessions.append(client.cookies["sessionid"].value)
    rows = []
    for i in tqdm(range(chats), desc="starting chats", unit="chat", file=sys.stdout):
        conversation = chat_start(topic="other", language="en", name=f"Visitor {i}", message=f"chat {i}")
        rows.append({"id": conversation.pk, "token": conversation_token(conversation.pk)})
    out.write_text(json.dumps({"sessions": sessions, "chats": rows}))


# --- The server -----------------------------------------------------------------------------------


def server(workers: int) -> ServerProcess:
    return ServerProcess(
        [
            PY,
            "-m",
            "uvicorn",
            "bench.livechat_asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(PORT),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env(),
        port=PORT,
        name="uvicorn",
        # On a loaded machine two workers importing the project take well over the default wait.
        wait_seconds=180,
    )


# --- The clients ----------------------------------------------------------------------------------


@dataclass
class Tally:
    measuring_from: float = 0.0
    measuring_to: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # (chat, side) -> the message numbers that socket was sent, in the order they came.
    seen: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    # Messages whose answering frame did not come within FRAME_TIMEOUT (each ends its chat).
    undelivered: int = 0

    def observe(self, chat: int, side: str, frame: dict[str, Any]) -> dict[str, Any]:
        if frame.get("type") == "message" and isinstance(frame.get("seq"), int):
            self.seen.setdefault((chat, side), []).append(frame["seq"])
        return frame

    def lost_and_doubled(self) -> tuple[int, int]:
        """Numbers a socket never got between the first and last it got (lost), and numbers it got
        more than once (doubled). Messages still in flight when the run stopped are neither."""
        lost = doubled = 0
        for seqs in self.seen.values():
            doubled += len(seqs) - len(set(seqs))
            lost += (max(seqs) - min(seqs) + 1) - len(set(seqs))
        return lost, doubled

    def record(self, sent_at: float) -> None:
        """A delivery counts if it arrives within the measured window, whenever it was sent: in a
        saturated closed loop a message may wait longer than the window itself."""
        now = time.perf_counter()
        if self.measuring_from <= now <= self.measuring_to:
            self.latencies_ms.append((now - sent_at) * 1000)


async def open_socket(path: str, cookie: str | None = None) -> Any:
    from websockets.asyncio.client import connect

    headers = {"Cookie": f"sessionid={cookie}"} if cookie else None
    return await connect(
        f"ws://127.0.0.1:{PORT}{path}",
        origin=ORIGIN,  # type: ignore[arg-type]
        additional_headers=headers,
        compression=None,
        open_timeout=60,
        ping_interval=None,
        max_queue=None,
    )


async def open_all(count: int, opener: Callable[[int], Awaitable[Any]], label: str) -> list[Any]:
    from tqdm import tqdm

    gate = asyncio.Semaphore(50)
    progress = tqdm(total=count, desc=label, unit="chat", file=sys.stdout)

    async def one(i: int) -> Any:
        async with gate:
            pair = await opener(i)
            progress.update(1)
            return pair

    try:
        return list(await asyncio.gather(*(one(i) for i in range(count))))
    finally:
        progress.close()


async def until(socket: Any, done: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    while True:
        frame = json.loads(await socket.recv())
        if frame.get("type") == "error":
            raise RuntimeError(f"refused: {frame}")
        if done(frame):
            return frame


class Livechat:
    name = "live chat (stored, numbered)"

    def __init__(self, fixture: dict[str, Any]) -> None:
        self.fixture = fixture

    async def open(self, i: int) -> tuple[Any, Any, int]:
        chat = self.fixture["chats"][i]
        sessions = self.fixture["sessions"]
        agent = await open_socket("/ws/chat/agent/", sessions[i % len(sessions)])
        await agent.send(json.dumps({"type": "accept", "conversation": chat["id"]}))
        welcome = await until(agent, lambda f: f["type"] == "welcome")
        visitor = await open_socket("/ws/chat/customer/")
        await visitor.send(
            json.dumps({"type": "hello", "token": chat["token"], "last_seq": welcome["last_seq"]})
        )
        await until(visitor, lambda f: f["type"] == "welcome")
        # The agent's backlog (everything up to last_seq) is drained by its first reads below.
        return visitor, agent, chat["id"]

    def visitor_frame(self, pair: tuple[Any, Any, int], n: int, sent_at: float) -> str:
        return json.dumps({"type": "message.send", "client_id": f"v{n}-{sent_at}", "body": f"{sent_at!r}"})

    def agent_frame(self, pair: tuple[Any, Any, int], n: int, sent_at: float) -> str:
        return json.dumps(
            {
                "type": "message.send",
                "conversation": pair[2],
                "client_id": f"a{n}-{sent_at}",
                "body": f"{sent_at!r}",
            }
        )

    @staticmethod
    def sent_at(frame: dict[str, Any], want_kind: str, after: float) -> float | None:
        if frame.get("type") != "message" or frame.get("kind") != want_kind:
            return None
        try:
            value = float(frame["body"])
        except ValueError:
            return None
        return value if value >= after else None

    def from_visitor(self, frame: dict[str, Any], after: float) -> float | None:
        return self.sent_at(frame, "customer", after)

    def from_agent(self, frame: dict[str, Any], after: float) -> float | None:
        return self.sent_at(frame, "agent", after)


class Echo:
    name = "bare echo room (group_send only)"

    async def open(self, i: int) -> tuple[Any, Any, int]:
        visitor = await open_socket(f"/ws/bench/echo/{i}/")
        agent = await open_socket(f"/ws/bench/echo/{i}/")
        return visitor, agent, i

    def visitor_frame(self, pair: tuple[Any, Any, int], n: int, sent_at: float) -> str:
        return json.dumps({"from": "visitor", "n": n, "t": sent_at})

    def agent_frame(self, pair: tuple[Any, Any, int], n: int, sent_at: float) -> str:
        return json.dumps({"from": "agent", "n": n, "t": sent_at})

    def from_visitor(self, frame: dict[str, Any], after: float) -> float | None:
        return frame["t"] if frame.get("from") == "visitor" and frame["t"] >= after else None

    def from_agent(self, frame: dict[str, Any], after: float) -> float | None:
        return frame["t"] if frame.get("from") == "agent" and frame["t"] >= after else None


async def converse(path: Any, pair: tuple[Any, Any, int], tally: Tally, stop_at: float) -> None:
    """Visitor and agent take turns until `stop_at`; each one-way delivery is a sample."""
    visitor, agent, _id = pair

    async def delivered(
        socket: Any, side: str, pick: Callable[[dict[str, Any], float], float | None], sent: float
    ) -> None:
        async with asyncio.timeout(FRAME_TIMEOUT):
            while True:
                got = pick(tally.observe(_id, side, json.loads(await socket.recv())), sent)
                if got is not None:
                    tally.record(got)
                    return

    n = 0
    try:
        while time.perf_counter() < stop_at:
            n += 1
            sent = time.perf_counter()
            await visitor.send(path.visitor_frame(pair, n, sent))
            await delivered(agent, "agent", path.from_visitor, sent)
            reply = time.perf_counter()
            await agent.send(path.agent_frame(pair, n, reply))
            await delivered(visitor, "visitor", path.from_agent, reply)
    except TimeoutError:
        tally.undelivered += 1
    except Exception as exc:  # one broken chat is reported, not fatal to the run
        tally.errors.append(repr(exc))


async def scenario(path: Any, chats: int, seconds: float) -> dict[str, Any]:
    pairs = await open_all(chats, path.open, f"{chats} chats, {path.name}: connecting")
    from tqdm import tqdm

    tally = Tally()
    start = time.perf_counter()
    tally.measuring_from = start + WARMUP_SECONDS
    tally.measuring_to = tally.measuring_from + seconds
    stop_at = tally.measuring_to
    talk = asyncio.gather(*(converse(path, pair, tally, stop_at) for pair in pairs))
    with tqdm(total=int(WARMUP_SECONDS + seconds), desc="talking", unit="s", file=sys.stdout) as bar:
        while not talk.done():
            await asyncio.sleep(1)
            bar.n = min(bar.total, int(time.perf_counter() - start))
            bar.set_postfix(messages=len(tally.latencies_ms))
    await talk
    for visitor, agent, _id in pairs:
        await visitor.close()
        await agent.close()
    samples = sorted(tally.latencies_ms)
    if not samples:
        raise RuntimeError(f"{path.name}: no message delivered; errors: {tally.errors[:3]}")
    lost, doubled = tally.lost_and_doubled()
    stored = stored_numbering() if isinstance(path, Livechat) else {}
    return {
        "path": path.name,
        "chats": chats,
        "messages": len(samples),
        "messages_per_second": round(len(samples) / seconds, 1),
        "p50_ms": round(statistics.median(samples), 2),
        "p99_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.99))], 2),
        "broken_chats": len(tally.errors),
        "undelivered": tally.undelivered,
        "lost": lost,
        "doubled": doubled,
        **stored,
    }


def stored_numbering() -> dict[str, int]:
    """What the database holds after the run: every chat's messages numbered 1..last_seq with no
    number missing or used twice (numbers_wrong counts the chats where that fails)."""
    import psycopg

    with psycopg.connect(DATABASE_URL) as conn:
        row = conn.execute(
            """
            SELECT count(*) FILTER (
                       WHERE c.last_seq <> e.n OR e.n <> e.distinct_n OR c.last_seq <> coalesce(e.top, 0)),
                   coalesce(sum(e.n), 0)
            FROM livechat_conversation c
            JOIN (SELECT ticket_id, count(seq) AS n, count(DISTINCT seq) AS distinct_n, max(seq) AS top
                  FROM tickets_timelineentry WHERE seq IS NOT NULL GROUP BY ticket_id) e
              ON e.ticket_id = c.ticket_id
            """
        ).fetchone()
    assert row is not None
    return {"numbers_wrong": int(row[0]), "stored_messages": int(row[1])}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", default="100,1000", help="comma-separated numbers of concurrent chats")
    parser.add_argument("--seconds", type=float, default=20, help="measured seconds per scenario")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="uvicorn worker processes")
    parser.add_argument("--paths", default="echo,livechat", help="which of echo,livechat to run")
    parser.add_argument("--setup", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        setup(args.setup, args.out)
        return
    sizes = [int(s) for s in args.chats.split(",")]
    RESULTS.mkdir(exist_ok=True)
    log(f"fresh database {DB} and Redis {REDIS_URL}")
    reset_stores()
    manage("migrate", "--noinput", "-v", "0")
    fixture_file = RESULTS / "livechat-fixture.json.tmp"
    log(f"starting {max(sizes):,} chats")
    subprocess.run(
        [PY, __file__, "--setup", str(max(sizes)), "--out", str(fixture_file)],
        cwd=ROOT,
        env=env(),
        check=True,
    )
    fixture = json.loads(fixture_file.read_text())
    fixture_file.unlink()
    rows: list[dict[str, Any]] = []
    with server(args.workers):
        log(f"uvicorn up with {args.workers} workers on {ORIGIN}")
        for chats in sizes:
            paths = {"echo": Echo(), "livechat": Livechat(fixture)}
            for path in [paths[p] for p in args.paths.split(",")]:
                log(f"{chats:,} chats: {path.name}")
                rows.append(asyncio.run(scenario(path, chats, args.seconds)))
    out = RESULTS / "livechat.json"
    out.write_text(
        json.dumps(
            {
                "seconds": args.seconds,
                "warmup_seconds": WARMUP_SECONDS,
                "workers": args.workers,
                "cpus": os.cpu_count(),
                "results": rows,
            },
            indent=2,
        )
    )
    print(
        "\n| chats | path | delivered msg/s | p50 ms | p99 ms | messages | broken chats "
        "| undelivered | lost | doubled |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['chats']:,} | {r['path']} | {r['messages_per_second']:,} | {r['p50_ms']} | {r['p99_ms']} "
            f"| {r['messages']:,} | {r['broken_chats']} | {r['undelivered']} | {r['lost']} | {r['doubled']} |"
        )
    for r in rows:
        if "numbers_wrong" in r:
            log(
                f"{r['chats']:,} chats: {r['stored_messages']:,} messages stored, "
                f"{r['numbers_wrong']} chats misnumbered"
            )
    log(f"results in {out}")


if __name__ == "__main__":
    sys.exit(main())

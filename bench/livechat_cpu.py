"""What one live-chat message costs in CPU, in one process: the visitor's message and the agent's reply
through the same calls the sockets make (`chat_message_post`, `_agent_post` with its access check),
each its own transaction, as the sockets run them: on the database pool through `pools.db`, awaited
from an event loop that then sends what the call published (`livechat.consumers.pools`), the
channel layer included. `--thread-publish` runs the calls in this thread instead, publishing each
event through `async_to_sync` on an event loop of its own (what this bench measured before
2026-12-08; the server never publishes that way, and that hop cost more CPU than the message).

Reported per message: the Python process's CPU time and its PostgreSQL backend's (from /proc), which a
shared machine disturbs far less than wall time. `--profile` prints cProfile's top functions by
cumulative CPU time instead.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/hd_x BENCH_REDIS_URL=redis://127.0.0.1:6379/9 \
        .venv/bin/python bench/livechat_cpu.py --messages 300 [--profile] [--thread-publish]
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import log, reset_database  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpdesk_bench_chat_cpu"
)
DB = DATABASE_URL.rsplit("/", 1)[1].split("?", 1)[0]
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        DJANGO_DEBUG="false",
        PYTHONPATH=str(ROOT),
    )
    return e


def backend_cpu_seconds(pid: int) -> float:
    """utime + stime of a process, from /proc (the PostgreSQL server runs on this machine)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(messages: int, profile: bool, thread_publish: bool) -> None:
    import asyncio

    import django

    os.environ.update(env())
    django.setup()
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from livechat import services
    from livechat.consumers.agent import _agent_post
    from livechat.consumers.pools import _with_fresh_connection, db
    from routing.models import AgentStatus, Presence, Team, TeamMembership

    team, _ = Team.objects.get_or_create(
        slug="bench-chat", defaults={"name": "Bench chat", "tier": 1, "languages": [], "chat_capacity": 50}
    )
    agent, _ = User.objects.get_or_create(username="bench-cpu-agent", defaults={"first_name": "Ana"})
    TeamMembership.objects.get_or_create(team=team, user=agent)
    AgentStatus.objects.update_or_create(
        user=agent, defaults={"presence": Presence.ONLINE, "last_seen_at": timezone.now()}
    )
    conversation = services.chat_start(topic="other", language="en", name="Visitor", message="hello")
    services.chat_accept(conversation_id=conversation.pk, agent=agent)

    import cProfile
    import pstats

    # CPU time of each thread on its own: the loop's thread and the pool's each profiled apart, so the
    # one's work is not counted again where the other waits.
    profilers = [cProfile.Profile(time.thread_time), cProfile.Profile(time.thread_time)]
    profiling = False

    def in_pool(func: Any) -> Any:
        def profiled(*args: Any, **kwargs: Any) -> Any:
            if not profiling:
                return func(*args, **kwargs)
            profilers[1].enable()
            try:
                return func(*args, **kwargs)
            finally:
                profilers[1].disable()

        return profiled

    async def pair_as_sockets(n: int) -> None:
        await db(
            in_pool(services.chat_message_post),
            conversation_id=conversation.pk,
            body=f"still waiting for my withdrawal {n}",
            client_id=f"v-{n}",
        )
        await db(
            in_pool(_agent_post),
            agent,
            conversation.pk,
            body=f"looking at it {n}",
            client_id=f"a-{n}",
            internal=False,
        )

    loop = asyncio.new_event_loop()

    def one_pair(n: int) -> None:
        if not thread_publish:
            loop.run_until_complete(pair_as_sockets(n))
            return
        _with_fresh_connection(
            services.chat_message_post,
            conversation_id=conversation.pk,
            body=f"still waiting for my withdrawal {n}",
            client_id=f"v-{n}",
        )
        _with_fresh_connection(
            _agent_post, agent, conversation.pk, body=f"looking at it {n}", client_id=f"a-{n}", internal=False
        )

    for n in range(20):  # warm the per-process caches, prepared statements and the pool's connection
        one_pair(-n - 1)

    def backend_pid() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return int(cursor.fetchone()[0])

    # The backend of the connection the messages use: the pool thread's, or this thread's.
    backend = backend_pid() if thread_publish else loop.run_until_complete(db(backend_pid))
    if profile:
        profiling = True
        profilers[0].enable()
        for n in range(messages // 2):
            one_pair(n)
        profilers[0].disable()
        profiling = False
        stats = pstats.Stats(profilers[0])
        if not thread_publish:
            stats.add(profilers[1])
        if os.environ.get("BENCH_PROFILE_OUT"):
            stats.dump_stats(os.environ["BENCH_PROFILE_OUT"])
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
        return
    cpu, pg, wall = time.process_time(), backend_cpu_seconds(backend), time.perf_counter()
    for n in range(messages // 2):
        one_pair(n)
    cpu, pg, wall = time.process_time() - cpu, backend_cpu_seconds(backend) - pg, time.perf_counter() - wall
    count = 2 * (messages // 2)
    print(
        f"{count} messages: Python CPU {1000 * cpu / count:.2f} ms, PostgreSQL backend CPU "
        f"{1000 * pg / count:.2f} ms, wall {1000 * wall / count:.2f} ms per message "
        f"(load average {os.getloadavg()[0]:.1f}{', published from a thread' if thread_publish else ''})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--thread-publish", action="store_true")
    parser.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="reuse the database as it is")
    args = parser.parse_args()
    if args.run:
        run(args.messages, args.profile, args.thread_publish)
        return
    if not args.keep:
        log(f"fresh database {DB}")
        reset_database(DB)
        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env(), check=True)
    cmd = [PY, __file__, "--run", "--messages", str(args.messages)]
    if args.thread_publish:
        cmd.append("--thread-publish")
    subprocess.run([*cmd, "--profile"] if args.profile else cmd, cwd=ROOT, env=env(), check=True)


if __name__ == "__main__":
    main()

"""What one live-chat message costs in CPU, in one process: the visitor's message and the agent's reply
through the same calls the sockets make (`chat_message_post`, `_agent_post` with its access check),
each its own transaction, with the server's per-frame wrapper (`livechat.consumers.pools`).

Reported per message: the Python process's CPU time and its PostgreSQL backend's (from /proc), which a
shared machine disturbs far less than wall time. `--profile` prints cProfile's top functions by
cumulative CPU time instead.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/hd_x BENCH_REDIS_URL=redis://127.0.0.1:6379/9 \
        .venv/bin/python bench/livechat_cpu.py --messages 300 [--profile]
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

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


def run(messages: int, profile: bool) -> None:
    import django

    os.environ.update(env())
    django.setup()
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from livechat import services
    from livechat.consumers.agent import _agent_post
    from livechat.consumers.pools import _with_fresh_connection
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

    def one_pair(n: int) -> None:
        _with_fresh_connection(
            services.chat_message_post,
            conversation_id=conversation.pk,
            body=f"still waiting for my withdrawal {n}",
            client_id=f"v-{n}",
        )
        _with_fresh_connection(
            _agent_post, agent, conversation.pk, body=f"looking at it {n}", client_id=f"a-{n}", internal=False
        )

    for n in range(20):  # warm the per-process caches and prepared statements
        one_pair(-n - 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = int(cursor.fetchone()[0])
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for n in range(messages // 2):
            one_pair(n)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return
    cpu, pg, wall = time.process_time(), backend_cpu_seconds(backend), time.perf_counter()
    for n in range(messages // 2):
        one_pair(n)
    cpu, pg, wall = time.process_time() - cpu, backend_cpu_seconds(backend) - pg, time.perf_counter() - wall
    count = 2 * (messages // 2)
    print(
        f"{count} messages: Python CPU {1000 * cpu / count:.2f} ms, PostgreSQL backend CPU "
        f"{1000 * pg / count:.2f} ms, wall {1000 * wall / count:.2f} ms per message "
        f"(load average {os.getloadavg()[0]:.1f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="reuse the database as it is")
    args = parser.parse_args()
    if args.run:
        run(args.messages, args.profile)
        return
    if not args.keep:
        log(f"fresh database {DB}")
        reset_database(DB)
        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env(), check=True)
    cmd = [PY, __file__, "--run", "--messages", str(args.messages)]
    subprocess.run([*cmd, "--profile"] if args.profile else cmd, cwd=ROOT, env=env(), check=True)


if __name__ == "__main__":
    main()

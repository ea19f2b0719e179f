"""Redis connections and memory of a chat server process as sockets come and go.

In one process, against the real ASGI application and the Redis channel layer, widget sockets are
opened (each says hello: it joins its chat's group and reads its backlog) and closed, `--width` at
a time, `--sockets` per round, for `--rounds` rounds. After each round the script counts the
process's connections in Redis (CLIENT LIST, by the client name the layer's pool sets) and reads the
process's resident memory. It runs once with channels_redis's own layer and once with the project's
(helpdesk/channel_layer.py), each in a fresh process, on a throwaway PostgreSQL database.

    .venv/bin/python bench/livechat_redis.py                       # 3 rounds of 2,000 sockets, 500 at once
    .venv/bin/python bench/livechat_redis.py --rounds 2 --sockets 500
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, log, reset_database

DB = "bench_livechat_redis"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
CHATS = 20
LAYERS = {
    "channels_redis (stock)": "channels_redis.core.RedisChannelLayer",
    "helpdesk.channel_layer": "helpdesk.channel_layer.RedisChannelLayer",
}
RESULTS = ROOT / "bench" / "results" / "livechat_redis.json"


def env() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        "REDIS_URL": REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings",
        # Every in-process socket comes from the same (empty) address.
        "LIVECHAT_UNAUTHENTICATED_PER_ADDRESS": "1000000",
        "LIVECHAT_STARTS_PER_ADDRESS": "1000000",
    }


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def redis_connections(name: str) -> int:
    import redis

    clients: list[dict[str, Any]] = redis.Redis.from_url(REDIS_URL).client_list()  # type: ignore[assignment]
    return sum(1 for c in clients if c.get("name") == name)


async def one_socket(app: Any, token: str) -> None:
    from channels.testing import WebsocketCommunicator

    socket = WebsocketCommunicator(
        app, "/ws/chat/customer/", headers=[(b"origin", b"http://testserver"), (b"host", b"testserver")]
    )
    connected, _ = await socket.connect(timeout=30)
    assert connected
    await socket.send_json_to({"type": "hello", "token": token, "last_seq": 0})
    while (await socket.receive_json_from(timeout=30))["type"] != "welcome":
        pass
    await socket.disconnect(timeout=30)


def measure(backend: str, rounds: int, sockets: int, width: int) -> dict[str, Any]:
    """One run, in this process: Django configured for `backend`."""
    import django
    from django.conf import settings

    client_name = f"bench-{os.getpid()}"
    django.setup()
    layer: dict[str, Any] = settings.CHANNEL_LAYERS["default"]
    layer["BACKEND"] = backend
    layer["CONFIG"]["hosts"] = [{**layer["CONFIG"]["hosts"][0], "client_name": client_name}]
    if backend.startswith("channels_redis"):
        layer["CONFIG"].pop("max_connections", None)
        layer["CONFIG"].pop("max_idle", None)

    from livechat.identity import conversation_token
    from livechat.models import Conversation

    tokens = [conversation_token(pk) for pk in Conversation.objects.values_list("pk", flat=True)[:CHATS]]
    from helpdesk.asgi import application

    async def run() -> dict[str, Any]:
        await one_socket(application, tokens[0])
        rows = [{"after": "one socket", "connections": redis_connections(client_name), "rss_kib": rss_kib()}]
        for r in range(rounds):
            started = time.monotonic()
            for first in range(0, sockets, width):
                batch = range(first, min(sockets, first + width))
                await asyncio.gather(*(one_socket(application, tokens[i % len(tokens)]) for i in batch))
            # What a released connection leaves behind is gone once the loop has run its callbacks.
            await asyncio.sleep(1)
            rows.append(
                {
                    "after": f"round {r + 1}: {sockets} sockets",
                    "seconds": round(time.monotonic() - started, 1),
                    "connections": redis_connections(client_name),
                    "rss_kib": rss_kib(),
                }
            )
            log(f"{backend}: {rows[-1]}")
        return {"backend": backend, "rows": rows}

    return asyncio.run(run())


def setup() -> None:
    import django

    django.setup()
    from livechat.services import chat_start

    for i in range(CHATS):
        chat_start(topic="other", language="en", name=f"Visitor {i}", message=f"chat {i}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sockets", type=int, default=2000)
    parser.add_argument("--width", type=int, default=500)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        setup()
        return
    if args.child:
        print(json.dumps(measure(args.child, args.rounds, args.sockets, args.width)))
        return

    import redis

    reset_database(DB)
    redis.Redis.from_url(REDIS_URL).flushdb()
    py = sys.executable
    subprocess.run([py, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env(), check=True)
    subprocess.run([py, __file__, "--setup"], cwd=ROOT, env=env(), check=True)
    results = []
    sizes = ["--rounds", str(args.rounds), "--sockets", str(args.sockets), "--width", str(args.width)]
    for label, backend in LAYERS.items():
        log(f"{label}: {args.rounds} rounds of {args.sockets} sockets, {args.width} at once")
        out = subprocess.run(
            [py, __file__, "--child", backend, *sizes],
            cwd=ROOT,
            env=env(),
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["label"] = label
        results.append(result)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print()
    print("| channel layer | after | Redis connections | RSS MiB |")
    print("|---|---|---:|---:|")
    for result in results:
        for row in result["rows"]:
            mib = row["rss_kib"] / 1024
            print(f"| {result['label']} | {row['after']} | {row['connections']} | {mib:.1f} |")


if __name__ == "__main__":
    main()

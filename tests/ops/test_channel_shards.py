"""The channel layer sharded over two Redis servers, used by two separate server processes.

Two private redis-server instances on free ports are the shards (CHANNEL_REDIS_URLS lists both);
two uvicorn processes serve a relay socket through the settings' channel layer: a socket joins the
groups named in its address, a frame {"group", "text"} sent on it is group_sent from its process, and
whatever the group receives is written back to the socket with the pid of the process that delivered
it. A group_send from one process must reach the sockets held by the other, for a group on each shard,
and each group must live on the server its name hashes to.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs, urlencode

import pytest
import redis
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels_redis.utils import _consistent_hash
from django.conf import settings
from websockets.sync.client import ClientConnection, connect

from tests.ops.processes import free_port, wait_listening

# Read here, not from helpdesk.test_settings: the server processes import this module, and the test
# settings would probe PostgreSQL in each of them.
CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
ROOT = Path(settings.BASE_DIR)
REDIS_SERVER = "/usr/bin/redis-server"
SHARDS = 2
STARTUP_SECONDS = 15.0


class Relay(AsyncJsonWebsocketConsumer):
    """What a chat consumer does with the layer, and nothing else."""

    async def connect(self) -> None:
        query = parse_qs(self.scope["query_string"].decode())
        for group in query.get("group", []):
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "ready", "channel": self.channel_name, "pid": os.getpid()})

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        await self.channel_layer.group_send(
            content["group"],
            {
                "type": "relay.message",
                "group": content["group"],
                "text": content["text"],
                "from": os.getpid(),
            },
        )

    async def relay_message(self, event: dict[str, Any]) -> None:
        await self.send_json({**event, "type": "delivered", "pid": os.getpid()})


def relay_application() -> Any:
    """The ASGI application the server processes run (uvicorn --factory)."""
    return Relay.as_asgi()


def wait_until(ready: Any, what: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            pytest.fail(f"{what} exited with {process.returncode}:\n{output}")
        try:
            if ready():
                return
        except (OSError, redis.RedisError):
            pass
        assert time.monotonic() < deadline, f"{what} did not start within {STARTUP_SECONDS:.0f} s"
        time.sleep(0.05)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def group_on_shard(shard: int) -> str:
    """A group name channels_redis puts on `shard` of SHARDS servers."""
    return next(f"probe.{n}" for n in range(1000) if _consistent_hash(f"probe.{n}", SHARDS) == shard)


@pytest.fixture(scope="module")
def redis_shards(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[int]]:
    if not shutil.which(REDIS_SERVER):
        message = f"{REDIS_SERVER} is not installed"
        if CI:
            pytest.fail(message)
        pytest.skip(message)
    ports = [free_port() for _ in range(SHARDS)]
    servers = []
    try:
        for port in ports:
            folder = tmp_path_factory.mktemp(f"redis-{port}")
            command = [
                REDIS_SERVER,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--dir",
                str(folder),
            ]
            command += ["--appendonly", "no"]
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            servers.append(process)
            client = redis.Redis(port=port, socket_connect_timeout=1)
            wait_until(client.ping, f"redis-server on port {port}", process)
        yield ports
    finally:
        for process in servers:
            stop(process)


@pytest.fixture(scope="module")
def relay_servers(redis_shards: list[int], tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[int]]:
    """Two uvicorn processes, each with the layer over both shards, as settings build it."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="helpdesk.settings",
        DJANGO_ENV="development",
        CHANNEL_REDIS_URLS=",".join(f"redis://127.0.0.1:{port}/0" for port in redis_shards),
        HELPDESK_VAR_DIR=str(tmp_path_factory.mktemp("var")),
        PYTHONPATH=str(ROOT),
    )
    ports = [free_port() for _ in range(2)]
    servers = []
    try:
        for port in ports:
            command = [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "tests.ops.test_channel_shards:relay_application",
            ]
            command += [
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--lifespan",
                "off",
                "--log-level",
                "warning",
            ]
            process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
            )
            servers.append(process)

            wait_listening(process, port, f"uvicorn on port {port}", seconds=STARTUP_SECONDS)
        yield ports
    finally:
        for process in servers:
            stop(process)


@contextmanager
def relay_socket(port: int, groups: list[str]) -> Iterator[tuple[ClientConnection, dict[str, Any]]]:
    query = urlencode([("group", group) for group in groups])
    with connect(f"ws://127.0.0.1:{port}/?{query}", open_timeout=5) as client:
        ready = json.loads(client.recv(timeout=5))
        assert ready["type"] == "ready"
        yield client, ready


def delivered(client: ClientConnection, count: int) -> list[dict[str, Any]]:
    frames = [json.loads(client.recv(timeout=5)) for _ in range(count)]
    assert all(frame["type"] == "delivered" for frame in frames), frames
    return frames


def test_the_settings_shard_the_layer_over_every_listed_server(
    settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """CHANNEL_REDIS_URLS lists the shards in order (REDIS_URL alone without it); the layer opens one
    bounded pool per server."""
    from channels.layers import get_channel_layer

    from helpdesk.channel_layer import RedisChannelLayer, TrimmingConnectionPool

    # Imported here, not at the top: the server processes import this module.
    from tests.ops.test_pgbouncer_settings import settings_with

    broker = "redis://127.0.0.1:6389/0"
    shards = "redis://127.0.0.1:6390/0,redis://127.0.0.1:6391/0"
    alone = settings_with(monkeypatch, tmp_path, REDIS_URL=broker)["CHANNEL_LAYERS"]["default"]
    assert [host["address"] for host in alone["CONFIG"]["hosts"]] == [broker]
    sharded = settings_with(monkeypatch, tmp_path, REDIS_URL=broker, CHANNEL_REDIS_URLS=shards)
    assert sharded["CACHES"]["default"]["LOCATION"] == broker
    assert sharded["CELERY_BROKER_URL"] == broker
    settings.CHANNEL_LAYERS = sharded["CHANNEL_LAYERS"]
    layer = get_channel_layer()
    assert isinstance(layer, RedisChannelLayer)
    assert layer.ring_size == 2
    pools = [layer.create_pool(index) for index in range(2)]
    assert all(isinstance(pool, TrimmingConnectionPool) for pool in pools)
    assert [pool.connection_kwargs["port"] for pool in pools] == [6390, 6391]
    assert all(pool.max_connections == layer.max_connections for pool in pools)
    # No Redis at all: the in-memory layer of the embedded instance.
    embedded = settings_with(monkeypatch, tmp_path)["CHANNEL_LAYERS"]["default"]
    assert embedded["BACKEND"] == "channels.layers.InMemoryChannelLayer"


def test_a_group_send_from_one_process_reaches_sockets_on_the_other_for_groups_on_every_shard(
    redis_shards: list[int], relay_servers: list[int]
) -> None:
    groups = [group_on_shard(shard) for shard in range(SHARDS)]
    first_port, second_port = relay_servers
    with (
        relay_socket(first_port, groups) as (first, first_ready),
        relay_socket(second_port, groups) as (second, second_ready),
    ):
        assert first_ready["pid"] != second_ready["pid"]
        # Each group lives on the server its name hashes to, and only there.
        for shard, port in enumerate(redis_shards):
            keys = {key.decode() for key in cast(list[bytes], redis.Redis(port=port).keys("asgi:group:*"))}
            assert keys == {f"asgi:group:{groups[shard]}"}, (shard, keys)

        # Sent from the second process, delivered by the first to its socket (and by the second to its own).
        for group in groups:
            second.send(json.dumps({"group": group, "text": f"from the second to {group}"}))
        got = delivered(first, SHARDS)
        assert {(frame["group"], frame["text"]) for frame in got} == {
            (group, f"from the second to {group}") for group in groups
        }
        assert {frame["pid"] for frame in got} == {first_ready["pid"]}
        assert {frame["from"] for frame in got} == {second_ready["pid"]}
        assert {frame["group"] for frame in delivered(second, SHARDS)} == set(groups)

        # And the other way round.
        for group in groups:
            first.send(json.dumps({"group": group, "text": f"from the first to {group}"}))
        got = delivered(second, SHARDS)
        assert {(frame["group"], frame["pid"], frame["from"]) for frame in got} == {
            (group, second_ready["pid"], first_ready["pid"]) for group in groups
        }
        assert {frame["group"] for frame in delivered(first, SHARDS)} == set(groups)

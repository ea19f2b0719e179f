"""`manage.py serve`: the embedded instance (web, worker, beat) as one process tree.

These start the real thing on SQLite and the filesystem broker, in a private state folder.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def embedded_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a fresh embedded install: no DATABASE_URL, no REDIS_URL, migrated."""
    var = tmp_path_factory.mktemp("var")
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "DATABASE_URL",
            "REDIS_URL",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ENV",
            "CELERY_TASK_ALWAYS_EAGER",
        )
    }
    env.update(DJANGO_SETTINGS_MODULE="helpdesk.settings", HELPDESK_VAR_DIR=str(var), PYTHONUNBUFFERED="1")
    manage(env, "migrate", "--noinput")
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Serve:
    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--port", str(self.port), "--concurrency", "1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            assert self.process.poll() is None, self.output
            assert time.monotonic() < deadline, f"{text!r} not seen in:\n{self.output}"
            time.sleep(0.1)

    def pids(self) -> dict[str, int]:
        return {name: int(pid) for name, pid in re.findall(r"started (\w+) \(pid (\d+)\)", self.output)}

    def get(self, path: str) -> tuple[int, bytes]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
            return response.status, response.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


@pytest.fixture
def serve(embedded_env: dict[str, str]) -> Iterator[Serve]:
    server = Serve(embedded_env)
    yield server
    server.stop()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child that has exited but not yet been reaped by its parent is a zombie: not running.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split()[2] != "Z"


def test_serve_answers_pages_and_static_files_runs_tasks_and_stops_everything_on_sigterm(
    serve: Serve, embedded_env: dict[str, str]
) -> None:
    serve.wait_for("Press Ctrl-C to stop.")
    pids = serve.pids()
    assert set(pids) == {"web", "worker", "beat"}
    assert f"http://127.0.0.1:{serve.port}/api/docs/" in serve.output

    assert serve.get("/healthz") == (200, b'{"status": "ok"}')
    assert serve.get("/admin/login/")[0] == 200
    status, css = serve.get("/static/admin/css/base.css")
    assert status == 200 and b"{" in css
    # A task goes through the filesystem broker to the worker, and its result comes back.
    serve.wait_for("celery@")
    sealed = manage(
        embedded_env,
        "shell",
        "-c",
        "from audit.tasks import audit_seal_pending_task as t; print('sealed', t.delay().get(timeout=60))",
    )
    assert re.search(r"sealed \d+", sealed)

    serve.process.send_signal(signal.SIGTERM)

    assert serve.process.wait(timeout=30) == 0
    assert not any(alive(pid) for pid in pids.values())


def test_serve_stops_the_others_and_exits_non_zero_when_one_child_dies(serve: Serve) -> None:
    serve.wait_for("Press Ctrl-C to stop.")
    pids = serve.pids()

    os.kill(pids["worker"], signal.SIGKILL)

    assert serve.process.wait(timeout=30) != 0
    assert "worker exited" in serve.output
    assert not alive(pids["web"]) and not alive(pids["beat"])
    with pytest.raises(OSError):
        serve.get("/healthz")

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
from django.core.management import CommandError, call_command

from tests.ops.processes import free_port

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


class Serve:
    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.log_path = Path(env["HELPDESK_VAR_DIR"]) / "log" / "serve.log"
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

    @property
    def log(self) -> str:
        """What the web server, worker and beat wrote, which `serve` keeps off the console."""
        return self.log_path.read_text() if self.log_path.exists() else ""

    def wait_for(self, text: str, timeout: float = 60, *, in_log: bool = False) -> None:
        deadline = time.monotonic() + timeout
        while text not in (self.log if in_log else self.output):
            assert self.process.poll() is None, self.output
            assert time.monotonic() < deadline, f"{text!r} not seen in:\n{self.output}\n{self.log}"
            time.sleep(0.1)

    def pids(self) -> dict[str, int]:
        return {name: int(pid) for name, pid in re.findall(r"started (\w+) \(pid (\d+)\)", self.log)}

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
    serve.wait_for("celery@", in_log=True)
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
    # Why it stopped is on the console, not only in the log.
    assert "The last lines of worker" in serve.output
    assert not alive(pids["web"]) and not alive(pids["beat"])
    with pytest.raises(OSError):
        serve.get("/healthz")


def test_serve_shows_the_url_and_the_logins_once_and_sends_the_childrens_output_to_a_log_file(
    embedded_env: dict[str, str],
) -> None:
    manage(
        embedded_env,
        "shell",
        "-c",
        "from accounts.models import User; User.objects.get_or_create(username='emma', role='agent')",
    )
    server = Serve(embedded_env)
    try:
        server.wait_for("Press Ctrl-C to stop.")
        # The worker's banner and beat's start-up, which used to scroll the banner away.
        server.wait_for("celery@", in_log=True)
        server.wait_for("beat: Starting", in_log=True)
        assert server.get("/healthz")[0] == 200
        server.wait_for("GET /healthz", in_log=True)
    finally:
        server.stop()

    console = server.output
    assert console.count(f"The helpdesk is running at http://127.0.0.1:{server.port}/") == 1
    assert console.count(f"API docs: http://127.0.0.1:{server.port}/api/docs/") == 1
    assert console.count("Demo logins") == 1 and console.count("emma ") == 1
    assert f"output: {server.log_path}" in console
    for chatter in ("celery@", "[tasks]", "beat: Starting", "GET /healthz", "Uvicorn running"):
        assert chatter not in console, chatter
    # The banner is the last thing before the shutdown: nothing scrolls it away.
    assert console.split("Press Ctrl-C to stop.")[1].strip().startswith("stopping")


def test_embedded_mail_is_written_under_var_instead_of_printed(embedded_env: dict[str, str]) -> None:
    output = manage(
        embedded_env,
        "shell",
        "-c",
        "from django.core.mail import send_mail; "
        "send_mail('Re: your withdrawal', 'It went out.', 'support@localhost', ['ana@example.com'])",
    )

    assert "MIME-Version" not in output
    written = list((Path(embedded_env["HELPDESK_VAR_DIR"]) / "mail").glob("*.log"))
    assert len(written) == 1
    assert "Subject: Re: your withdrawal" in written[0].read_text()


@pytest.mark.parametrize("port", ["abc", "0", "70000", "²"])
def test_serve_refuses_a_port_that_is_not_a_port_number(port: str) -> None:
    with pytest.raises(CommandError, match="is not a port number"):
        call_command("serve", "--port", port)


def test_serve_refuses_a_port_another_program_listens_on_before_starting_anything() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        with pytest.raises(CommandError, match=f"cannot listen on 127.0.0.1:{port}.*choose another port"):
            call_command("serve", "--port", str(port))


@pytest.mark.parametrize(
    ("arguments", "expected"), [([], "8000"), (["PORT=8123"], "8123"), (["PORT="], "8000")]
)
def test_make_run_passes_its_port_to_serve(arguments: list[str], expected: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PORT"}
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    serve_lines = [line for line in result.stdout.splitlines() if "manage.py serve" in line]
    assert serve_lines and serve_lines[-1].endswith(f"manage.py serve --port {expected}")
    # The logins are printed once, by serve when it is up; not first by seed_demo, then scrolled away.
    assert any("manage.py seed_demo --no-logins" in line for line in result.stdout.splitlines())


def test_the_readme_starts_with_the_two_commands_and_then_says_how_to_pick_the_port() -> None:
    readme = (ROOT / "README.md").read_text()
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    after = readme.split("```sh\n", 1)[1].split("```", 1)[1]

    assert [line.split()[:2] for line in block.strip().splitlines()] == [["make", "run"], ["make", "test"]]
    assert "make run PORT=" in after.strip().split("\n\n", 1)[0]

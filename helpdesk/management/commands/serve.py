"""The embedded instance in one command: web server, Celery worker and Celery beat as children.

Each child runs in its own session, so stopping one stops its whole process tree (the worker's pool
included); on Linux each also dies with this process, so none outlives a `kill -9` of the parent.

The console shows what a person needs (where to go, how to sign in, why something stopped); the
children's own output (Celery's banners, access logs, tracebacks) goes to a log file under var/,
which would otherwise scroll the banner away.
"""

import argparse
import collections
import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO, Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from workspace.management.logins import demo_login_lines

STARTUP_SECONDS = 60
STOP_SECONDS = 15
# A child's last lines, shown on the console when it stops unexpectedly.
TAIL_LINES = 25


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen[str] | None = None
    pump: threading.Thread | None = field(default=None, repr=False)
    tail: collections.deque[str] = field(default_factory=lambda: collections.deque(maxlen=TAIL_LINES))

    @property
    def returncode(self) -> int | None:
        return self.process.poll() if self.process else None


PR_SET_PDEATHSIG = 1
# Looked up here, not in the child: between fork and exec the child should only make the call.
_prctl = ctypes.CDLL(None).prctl if sys.platform == "linux" else None


def _die_with_parent() -> None:
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def port_number(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1 to 65535)")
    return port


def shown_path(path: Path) -> str:
    """The path as the person typed their way here: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class Command(BaseCommand):
    help = "Run the web server (pages and websockets), a Celery worker and Celery beat until Ctrl-C."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=port_number, default=8000)
        parser.add_argument("--concurrency", type=int, default=2, help="Celery worker processes")
        parser.add_argument(
            "--log-file",
            type=Path,
            default=None,
            help="Where the web server, worker and beat write their output (default: var/log/serve.log)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        self._check_port_free(host, port)
        log_path: Path = options["log_file"] or Path(settings.VAR_DIR) / "log" / "serve.log"
        if not getattr(settings, "WHITENOISE_USE_FINDERS", False):
            # WhiteNoise serves only what was collected unless it reads the source folders itself.
            call_command("collectstatic", interactive=False, verbosity=0)
        self._log = self._open_log(log_path)
        self._log_path = log_path
        python = sys.executable
        children = [
            Child(
                "web",
                # Django's ASGI handler speaks no lifespan protocol.
                [
                    *(python, "-m", "uvicorn", "helpdesk.asgi:application"),
                    *("--host", host, "--port", str(port), "--lifespan", "off"),
                ],
            ),
            Child(
                "worker",
                [
                    *(python, "-m", "celery", "-A", "helpdesk", "worker", "--loglevel", "INFO"),
                    *("--concurrency", str(options["concurrency"])),
                ],
            ),
            Child(
                "beat",
                [
                    *(python, "-m", "celery", "-A", "helpdesk", "beat", "--loglevel", "INFO"),
                    *("--scheduler", "django_celery_beat.schedulers:DatabaseScheduler"),
                ],
            ),
        ]
        stop = threading.Event()

        def request_stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        self._output_lock = threading.Lock()
        base = self._base_url(host, port)
        # Links in the mail the worker sends point at this server unless told otherwise.
        child_env = {**os.environ, "HELPDESK_SITE_URL": os.environ.get("HELPDESK_SITE_URL") or base}
        self._say(
            "Starting the web server, a Celery worker and Celery beat "
            f"(their output goes to {shown_path(log_path)})..."
        )
        failed: Child | None = None
        try:
            # Every child is forked before any output thread starts: forking a threaded process
            # can copy a lock some other thread holds.
            for child in children:
                self._start(child, child_env)
            for child in children:
                self._pump_output(child)
            try:
                failed = self._wait_until_listening(children, host, port, stop)
            except CommandError:
                failed = children[0]
                raise
            if failed is None and not stop.is_set():
                self._banner(base)
                failed = self._watch(children, stop)
        finally:
            self._stop(children)
            if failed is not None:
                self._show_tail(failed)
            self._log.close()
        if failed is not None:
            raise CommandError(f"{failed.name} exited with code {failed.returncode}; stopped the others.")

    @staticmethod
    def _check_port_free(host: str, port: int) -> None:
        """Refuse a port another program listens on: the start-up wait would take that program for
        our web server and print the banner before the web server fails to bind."""
        try:
            infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        except socket.gaierror as exc:
            raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        family, kind, proto, _name, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            # As the web server will: a port left in TIME_WAIT by the previous run is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                raise CommandError(
                    f"cannot listen on {host}:{port}: {exc.strerror}; "
                    "choose another port (make run PORT=8080, or serve --port 8080)"
                ) from None

    def _open_log(self, path: Path) -> IO[str]:
        """This run's log; the previous run's is kept beside it as .1 (a crash is worth reading)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.replace(path.with_name(path.name + ".1"))
        return path.open("w", encoding="utf-8", buffering=1)

    def _start(self, child: Child, env: dict[str, str]) -> None:
        child.process = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            child.argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
            env=env,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        self._write_log(f"started {child.name} (pid {child.process.pid})")

    def _pump_output(self, child: Child) -> None:
        assert child.process is not None
        child.pump = threading.Thread(target=self._copy, args=(child, child.process.stdout), daemon=True)
        child.pump.start()

    def _copy(self, child: Child, stream: IO[str] | None) -> None:
        """Copy a child's output to the log, each line marked with the child's name."""
        if stream is None:
            return
        for line in stream:
            text = line.rstrip("\n")
            child.tail.append(text)
            self._write_log(text, child.name)

    def _write_log(self, text: str, name: str = "serve") -> None:
        with self._output_lock:
            if not self._log.closed:
                self._log.write(f"{name:>6} | {text}\n")

    def _say(self, text: str) -> None:
        """A line for the person at the console (and the log, so it reads in order there too)."""
        self._write_log(text)
        with self._output_lock:
            self.stdout.write(text)
            self.stdout.flush()

    def _show_tail(self, child: Child) -> None:
        if child.pump is not None:
            child.pump.join(timeout=2)
        self._say(f"The last lines of {child.name} (all of them in {shown_path(self._log_path)}):")
        for line in child.tail:
            self._say(f"  {line}")

    def _wait_until_listening(
        self, children: list[Child], host: str, port: int, stop: threading.Event
    ) -> Child | None:
        target = "127.0.0.1" if host in ("0.0.0.0", "") else ("::1" if host == "::" else host)  # noqa: S104
        deadline = time.monotonic() + STARTUP_SECONDS
        while not stop.is_set():
            dead = next((c for c in children if c.returncode is not None), None)
            if dead is not None:
                return dead
            try:
                socket.create_connection((target, port), timeout=1).close()
                return None
            except OSError as exc:
                if time.monotonic() > deadline:
                    raise CommandError(
                        f"the web server did not listen on {host}:{port} within {STARTUP_SECONDS}s"
                    ) from exc
                stop.wait(0.2)
        return None

    def _watch(self, children: list[Child], stop: threading.Event) -> Child | None:
        while not stop.wait(0.5):
            dead = next((c for c in children if c.returncode is not None), None)
            if dead is not None:
                return dead
        return None

    def _stop(self, children: list[Child]) -> None:
        running = [c for c in children if c.process and c.returncode is None]
        if running:
            self._say("stopping " + ", ".join(c.name for c in running))
        for child in running:
            assert child.process is not None
            # The child alone: it stops its own helpers (a worker's pool) in order.
            with contextlib.suppress(ProcessLookupError):
                child.process.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for child in running:
            assert child.process is not None
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self._say(f"{child.name} did not stop within {STOP_SECONDS}s; killing it")
        for child in children:
            if child.process is None:
                continue
            # Whatever is left of the child's session goes too. It leads that session, so the
            # process group id is its pid.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.process.pid, signal.SIGKILL)
            child.process.wait()
            if child.pump is not None:
                child.pump.join(timeout=2)

    @staticmethod
    def _base_url(host: str, port: int) -> str:
        shown = "localhost" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
        if ":" in shown:
            shown = f"[{shown}]"
        return f"http://{shown}:{port}"

    def _banner(self, base: str) -> None:
        lines = [
            "",
            f"The helpdesk is running at {base}/",
            f"  API docs: {base}/api/docs/",
            f"  Admin:    {base}/admin/",
            *demo_login_lines(),
            f"Web server, worker and beat output: {shown_path(self._log_path)}",
        ]
        if settings.EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend":
            outbox = shown_path(Path(getattr(settings, "EMAIL_FILE_PATH", "")))
            lines.append(f"Mail the helpdesk sends is written to {outbox}/, not sent")
        lines += ["Press Ctrl-C to stop.", ""]
        for line in lines:
            self._say(line)

"""The embedded instance in one command: web server, Celery worker and Celery beat as children.

Each child runs in its own session, so stopping one stops its whole process tree (the worker's pool
included); on Linux each also dies with this process, so none outlives a `kill -9` of the parent.
"""

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
from types import FrameType
from typing import IO, Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tickets.management.logins import demo_login_lines

STARTUP_SECONDS = 60
STOP_SECONDS = 15


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen[str] | None = None
    pump: threading.Thread | None = field(default=None, repr=False)

    @property
    def returncode(self) -> int | None:
        return self.process.poll() if self.process else None


PR_SET_PDEATHSIG = 1
# Looked up here, not in the child: between fork and exec the child should only make the call.
_prctl = ctypes.CDLL(None).prctl if sys.platform == "linux" else None


def _die_with_parent() -> None:
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Command(BaseCommand):
    help = "Run the web server (pages and websockets), a Celery worker and Celery beat until Ctrl-C."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--concurrency", type=int, default=2, help="Celery worker processes")

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        if not getattr(settings, "WHITENOISE_USE_FINDERS", False):
            # WhiteNoise serves only what was collected unless it reads the source folders itself.
            call_command("collectstatic", interactive=False, verbosity=0)
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
        try:
            # Every child is forked before any output thread starts: forking a threaded process
            # can copy a lock some other thread holds.
            for child in children:
                self._start(child)
            for child in children:
                self._pump_output(child)
            failed = self._wait_until_listening(children, host, port, stop)
            if failed is None and not stop.is_set():
                self._banner(host, port)
                failed = self._watch(children, stop)
        finally:
            self._stop(children)
        if failed is not None:
            raise CommandError(f"{failed.name} exited with code {failed.returncode}; stopped the others.")

    def _start(self, child: Child) -> None:
        child.process = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            child.argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        self._say(f"started {child.name} (pid {child.process.pid})")

    def _pump_output(self, child: Child) -> None:
        assert child.process is not None
        child.pump = threading.Thread(target=self._copy, args=(child.name, child.process.stdout), daemon=True)
        child.pump.start()

    def _copy(self, name: str, stream: IO[str] | None) -> None:
        """Copy a child's output, each line marked with the child's name."""
        if stream is None:
            return
        for line in stream:
            self._say(line.rstrip("\n"), name)

    def _say(self, text: str, name: str = "serve") -> None:
        with self._output_lock:
            self.stdout.write(f"{name:>6} | {text}")
            self.stdout.flush()

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

    def _banner(self, host: str, port: int) -> None:
        shown = "localhost" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
        base = f"http://{shown}:{port}"
        lines = [
            "",
            f"The helpdesk is running at {base}/",
            f"  API docs: {base}/api/docs/",
            f"  Admin:    {base}/admin/",
            *demo_login_lines(),
            "Press Ctrl-C to stop.",
            "",
        ]
        for line in lines:
            self._say(line)

"""Servers the ops tests start as processes of their own: a free port, and waiting until one listens."""

import socket
import subprocess
import time
from typing import Any

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _output(process: subprocess.Popen[Any]) -> str:
    stream = process.stdout or process.stderr
    text = stream.read() if stream else ""
    return text.decode(errors="replace") if isinstance(text, bytes) else str(text)


def wait_listening(process: subprocess.Popen[Any], port: int, what: str, seconds: float = 10) -> None:
    """Return once `process` listens on `port`; fail with its output if it exits or takes too long."""
    deadline = time.monotonic() + seconds
    while not listening(port):
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}:\n{_output(process)}")
        assert time.monotonic() < deadline, f"{what} did not listen within {seconds:.0f} s"
        time.sleep(0.05)

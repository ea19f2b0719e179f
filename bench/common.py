"""What the benchmark scripts share: progress lines, a throwaway database, a server process."""

import gc
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def reset_database(name: str) -> None:
    """Drop and create the benchmark's own PostgreSQL database."""
    import psycopg
    from psycopg import sql

    # Quoted: the database is the one named, capitals included, not its lower-cased spelling.
    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


class ServerProcess:
    """A server started in its own process group, ready once /healthz answers; stopped on exit."""

    def __init__(
        self, cmd: list[str], *, env: dict[str, str], port: int, name: str, wait_seconds: float = 30
    ):
        self.cmd, self.env, self.port, self.name, self.wait_seconds = cmd, env, port, name, wait_seconds

    def __enter__(self) -> "ServerProcess":
        self.proc = subprocess.Popen(self.cmd, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + self.wait_seconds
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"{self.name} did not start")

    def __exit__(self, *exc: object) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=30)


def timed(fn: Any, rows: list[Any], passes: int, desc: str) -> list[float]:
    """Seconds per call of `fn` on each row, over `passes` passes, with the collector off."""
    from tqdm import tqdm

    samples: list[float] = []
    gc.disable()
    try:
        with tqdm(total=passes * len(rows), desc=desc, unit="msg", leave=False) as bar:
            for _ in range(passes):
                for row in rows:
                    t0 = time.perf_counter()
                    fn(row)
                    samples.append(time.perf_counter() - t0)
                bar.update(len(rows))
    finally:
        gc.enable()
    return samples

"""Ticket list and create through the real API at 100k and 1M tickets on PostgreSQL.

Each scenario runs under gunicorn (2 sync workers, as in production) beside two bare Django views on
the same stack and database in the same run: one SELECT of a page, one INSERT of a row. The ratio of
the API to the bare view is the figure that carries across machines.

    .venv/bin/python bench/ticket_api.py                 # 100k and 1M
    .venv/bin/python bench/ticket_api.py --sizes 100000  # a quicker run
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import ServerProcess, log, reset_database  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
# BENCH_DB and BENCH_PORT keep two runs on one machine apart (their own database and server).
DB = os.environ.get("BENCH_DB", "helpdesk_bench")
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB}"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
RESULTS = ROOT / "bench" / "results"


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=DATABASE_URL,
        DJANGO_DEBUG="false",
        PYTHONPATH=str(ROOT),
    )
    e.pop("REDIS_URL", None)
    return e


def manage(*args: str, capture: bool = False) -> str:
    out = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env(),
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return out.stdout or ""


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    log("installing wrk from Debian's packages")
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)
    return shutil.which("wrk") or "wrk"


def prepare_actor() -> dict[str, str]:
    code = (
        "from accounts.models import User; from rest_framework.authtoken.models import Token;"
        "from customers.services import customer_upsert;"
        "u,_=User.objects.get_or_create(username='bench',defaults={'role':'admin'});"
        "t,_=Token.objects.get_or_create(user=u);"
        "c,_=customer_upsert(external_id='BENCH-1',name='Bench Customer');"
        "print(t.key, c.pk)"
    )
    token, customer = manage("shell", "-c", code, capture=True).split()[-2:]
    return {"token": token, "customer": customer}


def server() -> ServerProcess:
    return ServerProcess(
        [
            PY,
            "-m",
            "gunicorn",
            "helpdesk.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{PORT}",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        env=env(),
        port=PORT,
        name="gunicorn",
        # On a loaded machine two workers importing the project take well over the default wait.
        wait_seconds=180,
    )


LUA_POST = """
wrk.method = "POST"
wrk.body   = '%s'
wrk.headers["Content-Type"] = "application/json"
"""


def wrk(
    wrk_bin: str, path: str, *, headers: dict[str, str], body: str | None, seconds: int
) -> dict[str, float]:
    cmd = [wrk_bin, "-t", "2", "-c", "8", "-d", f"{seconds}s", "--latency"]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    script = None
    if body is not None:
        script = RESULTS / "post.lua.tmp"
        script.write_text(LUA_POST % body.replace("'", "\\'"))
        cmd += ["-s", str(script)]
    cmd.append(f"http://127.0.0.1:{PORT}{path}")
    out = subprocess.run(cmd, check=True, text=True, capture_output=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non2xx:
        raise RuntimeError(f"{path}: {non2xx.group(1)} error responses\n{out}")

    def pct(p: str) -> float:
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        assert m, out
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
        return round(float(m.group(1)) * scale, 2)

    return {"rps": round(rps, 1), "p50_ms": pct("50"), "p99_ms": pct("99")}


def scenarios(actor: dict[str, str]) -> list[tuple[str, str, dict[str, str], str | None]]:
    auth = {"Authorization": f"Token {actor['token']}"}
    create = json.dumps(
        {
            "customer": int(actor["customer"]),
            "subject": "Withdrawal pending",
            "body": "Still pending.",
            "channel": "api",
            "priority": "high",
            "category": "withdrawal",
        }
    )
    return [
        ("bare view: one SELECT (50 rows)", "/bench/bare-list", {}, None),
        ("API: ticket list, first page (50)", "/api/tickets/?page_size=50", auth, None),
        ("API: ticket list, status=open (50)", "/api/tickets/?page_size=50&status=open", auth, None),
        (
            "API: ticket list, unassigned queue (50)",
            "/api/tickets/?page_size=50&queue=unassigned",
            auth,
            None,
        ),
        ("bare view: one INSERT", f"/bench/bare-create?customer={actor['customer']}", {}, ""),
        ("API: ticket create", "/api/tickets/", auth, create),
    ]


PROFILE = """
SHOWN = "workspace|pagination|django_filters/rest_framework|authentication|renderers"
import cProfile, io, pstats, time
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token
key = Token.objects.get(user__username="bench").key
api = Client(SERVER_NAME="localhost", HTTP_AUTHORIZATION="Token " + key)
bare = Client(SERVER_NAME="localhost")
sql = {"seconds": 0.0, "statements": 0}
def timed(execute, query, params, many, context):
    started = time.perf_counter()
    try:
        return execute(query, params, many, context)
    finally:
        sql["seconds"] += time.perf_counter() - started
        sql["statements"] += 1
for path in PATHS:
    client = api if path.startswith("/api/") else bare
    for _ in range(10):
        assert client.get(path).status_code == 200
    sql.update(seconds=0.0, statements=0)
    started = time.perf_counter()
    with connection.execute_wrapper(timed):
        for _ in range(N):
            client.get(path)
    total = (time.perf_counter() - started) / N * 1000
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(N):
        client.get(path)
    profile.disable()
    stats = pstats.Stats(profile)
    print("PROFILE", path, round(total, 2), round(sql["seconds"] / N * 1000, 2), sql["statements"] / N)
    out = io.StringIO()
    stats.stream = out
    stats.sort_stats("cumulative").print_stats(SHOWN, 25)
    print(out.getvalue())
"""


def profile_list(out_name: str, n: int = 200) -> list[dict[str, object]]:
    """Where a list request's time goes, in one process: time per request, the part spent in SQL
    statements and how many, then a cProfile of the same requests (bench/results/<out>_profile.txt)."""
    paths = ["/api/tickets/?page_size=50", "/api/tickets/?page_size=50&status=open", "/bench/bare-list"]
    code = f"PATHS = {paths!r}; N = {n}\n" + PROFILE
    out = subprocess.run(
        [PY, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env(),
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    rows = []
    for line in out.splitlines():
        if line.startswith("PROFILE "):
            _tag, path, total, in_sql, statements = line.split()
            rows.append(
                {
                    "path": path,
                    "ms_per_request": float(total),
                    "ms_in_sql": float(in_sql),
                    "statements": float(statements),
                }
            )
    (RESULTS / f"{out_name}_profile.txt").write_text(out)
    return rows


CREATE_CPU = """
import cProfile, io, json, os, pstats, time
from pathlib import Path
from django.core import signals
from django.db import close_old_connections, connection
from django.test import Client
from rest_framework.authtoken.models import Token
from customers.models import Customer
# One connection for all the creates, as a gunicorn worker keeps it (CONN_MAX_AGE), so the backend
# whose CPU is read stays the same.
signals.request_started.disconnect(close_old_connections)
signals.request_finished.disconnect(close_old_connections)
key = Token.objects.get(user__username="bench").key
api = Client(SERVER_NAME="localhost", HTTP_AUTHORIZATION="Token " + key)
customer = Customer.objects.get(external_id="BENCH-1").pk
body = json.dumps({"customer": customer, "subject": "Withdrawal pending", "body": "Still pending.",
                   "channel": "api", "priority": "high", "category": "withdrawal"})
def create():
    response = api.post("/api/tickets/", body, content_type="application/json")
    assert response.status_code == 201, response.content
for _ in range(20):
    create()
with connection.cursor() as cursor:
    cursor.execute("SELECT pg_backend_pid()")
    backend = cursor.fetchone()[0]
def backend_cpu():
    fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
sql = {"statements": 0}
def counted(execute, query, params, many, context):
    sql["statements"] += 1
    return execute(query, params, many, context)
for attempt in range(ROUNDS):
    py0, pg0, wall0 = time.process_time(), backend_cpu(), time.perf_counter()
    with connection.execute_wrapper(counted):
        for _ in range(N):
            create()
    py, pg = (time.process_time() - py0) / N * 1000, (backend_cpu() - pg0) / N * 1000
    wall = (time.perf_counter() - wall0) / N * 1000
    statements = sql["statements"] / N / (attempt + 1)
    print("CREATE_CPU", round(py, 2), round(pg, 2), round(wall, 2), statements)
profile = cProfile.Profile(time.process_time)
profile.enable()
for _ in range(N):
    create()
profile.disable()
out = io.StringIO()
stats = pstats.Stats(profile, stream=out)
stats.sort_stats("cumulative").print_stats(90)
stats.sort_stats("tottime").print_stats(40)
print(out.getvalue())
"""


def create_cpu(out_name: str, n: int, rounds: int = 3) -> list[dict[str, float]]:
    """What one create through the API costs in one process (Django's test client, the API token, the
    bench settings): the process's CPU time and its PostgreSQL backend's (from /proc, which a shared
    machine disturbs far less than wall time), `rounds` times `n` creates, then a cProfile of `n` more
    (bench/results/<out>_create_cpu.txt)."""
    code = f"N = {n}; ROUNDS = {rounds}\n" + CREATE_CPU
    command = [PY, "manage.py", "shell", "-c", code]
    out = subprocess.run(command, cwd=ROOT, env=env(), check=True, text=True, capture_output=True).stdout
    (RESULTS / f"{out_name}_create_cpu.txt").write_text(out)
    found = []
    for line in out.splitlines():
        if line.startswith("CREATE_CPU "):
            py, pg, wall, _statements = (float(v) for v in line.split()[1:])
            found.append({"python_cpu_ms": py, "postgres_cpu_ms": pg, "wall_ms": wall})
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--seconds", type=int, default=15, help="Per scenario, over all its rounds.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--out", default="ticket_api", help="Results in bench/results/<out>.json and <out>_profile.txt."
    )
    parser.add_argument(
        "--create-cpu",
        type=int,
        default=0,
        metavar="N",
        help="Also measure a create's CPU in one process: 3 rounds of N creates (after the runs).",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    RESULTS.mkdir(exist_ok=True)
    wrk_bin = ensure_wrk()
    log(f"fresh database {DB}")
    reset_database(DB)
    manage("migrate", "--noinput", "-v", "0")
    actor = prepare_actor()
    results: dict[str, list[dict[str, object]]] = {}
    profiles: dict[str, list[dict[str, object]]] = {}
    have = 0
    for size in sizes:
        log(f"seeding to {size:,} tickets")
        manage("seed_tickets", str(size - have))
        have = size
        manage(
            "shell", "-c", "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')"
        )
        rows = []
        # Each scenario runs in several short rounds, the scenarios taking turns, so that a machine
        # shared with other work weighs on the API and on its bare baseline alike.
        rounds: dict[str, list[dict[str, float]]] = {name: [] for name, *_rest in scenarios(actor)}
        per_round = max(1, args.seconds // args.rounds)
        with server():
            for n in range(args.rounds):
                for name, path, headers, body in scenarios(actor):
                    log(f"{size:,}: round {n + 1}/{args.rounds}: {name}")
                    rounds[name].append(wrk(wrk_bin, path, headers=headers, body=body, seconds=per_round))
        for name, runs in rounds.items():
            rows.append(
                {
                    "scenario": name,
                    "rps": round(statistics.mean(r["rps"] for r in runs), 1),
                    "p50_ms": round(statistics.median(r["p50_ms"] for r in runs), 2),
                    "p99_ms": max(r["p99_ms"] for r in runs),
                    "rounds": runs,
                }
            )
        results[str(size)] = rows
        log(f"{size:,}: profiling the list in one process")
        profiles[str(size)] = profile_list(args.out)
        for p in profiles[str(size)]:
            log(f"  {p}")
        # Creates during the run added rows; count them so the next size is still what it says.
        have = int(
            manage(
                "shell",
                "-c",
                "from tickets.models import Ticket; print(Ticket.objects.count())",
                capture=True,
            ).split()[-1]
        )
    cpu: list[dict[str, float]] = []
    if args.create_cpu:
        log(f"a create's CPU in one process: 3 rounds of {args.create_cpu}")
        cpu = create_cpu(args.out, args.create_cpu)
        for c in cpu:
            log(f"  {c}")
    out = RESULTS / f"{args.out}.json"
    out.write_text(
        json.dumps(
            {
                "sizes": results,
                "seconds": args.seconds,
                "rounds": args.rounds,
                "list_profile": profiles,
                "create_cpu": cpu,
            },
            indent=2,
        )
    )
    for label, table in results.items():
        print(f"\n### {int(label):,} tickets\n")
        print("| scenario | req/s | p50 ms | p99 ms | vs bare |\n|---|---:|---:|---:|---:|")
        bare = 0.0
        for r in table:
            name = str(r["scenario"])
            rps = float(r["rps"])  # type: ignore[arg-type]
            if name.startswith("bare view"):
                bare = rps
            ratio = rps / bare if bare else 0.0
            print(f"| {name} | {rps:,} | {r['p50_ms']} | {r['p99_ms']} | {ratio:.2f} |")
    log(f"results in {out}")


if __name__ == "__main__":
    main()

"""Tier 0's engine: time per message on one core and the worker's peak memory with the model loaded,
beside bare baselines in the same run.

Each scenario runs in its own process pinned to one core (OMP_NUM_THREADS=1, CPU affinity), reads every
message of the evaluation set one at a time (as the worker does) after a warm-up, and reports p50/p95 ms
per message and the process's peak RSS (resource.getrusage):

- **floor**: `json.loads` of the input line and one regex pass over the text (what any per-message
  worker pays), in a bare Python process;
- **django**: the same loop in a process with Django set up (the worker's memory before tier 0 loads);
- **encoder**: multilingual-e5-small 4-bit alone (`E5Encoder.encode`), no Django;
- **read()**: the whole engine through `assistant.engine.read` in a Django process: encoder, language
  identification, intent and flag heads, marker rules, specialty, priority, mentions.

    .venv/bin/python bench/tier0_engine.py
    .venv/bin/python bench/tier0_engine.py --repeat 3      # each message three times
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "tier0_engine.json"
SCENARIOS = ("floor", "django", "encoder", "read")


def _messages() -> list[str]:
    lines: list[str] = []
    for path in sorted((ROOT / "assistant" / "data").glob("eval_*.jsonl")):
        lines.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return lines


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run(scenario: str, repeat: int) -> dict[str, float]:
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    lines = _messages() * repeat
    started = time.perf_counter()
    if scenario in ("floor", "django"):
        if scenario == "django":
            sys.path.insert(0, str(ROOT))
            import django

            django.setup()
        pattern = re.compile(r"0x[0-9a-fA-F]{40,64}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}|HD-\d{6}")

        def one(line: str) -> object:
            return pattern.findall(json.loads(line)["text"])

    elif scenario == "encoder":
        from assistant.engine.encoder import E5Encoder

        encoder = E5Encoder(prefix="query", threads=1)

        def one(line: str) -> object:
            return encoder.encode([json.loads(line)["text"]])

    else:
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")
        import django

        django.setup()
        from assistant.engine import read

        def one(line: str) -> object:
            return read(json.loads(line)["text"])

    for line in lines[:20]:
        one(line)
    loaded = time.perf_counter() - started
    times = []
    for line in lines:
        t0 = time.perf_counter()
        one(line)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {
        "messages": len(times),
        "p50_ms": round(statistics.median(times), 3),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 3),
        "mean_ms": round(statistics.fmean(times), 3),
        "load_and_warm_s": round(loaded, 2),
        "peak_rss_mb": round(_peak_mb(), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--scenario", choices=SCENARIOS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scenario:
        print(json.dumps(_run(args.scenario, args.repeat)))
        return
    env = {
        **os.environ,
        "OMP_NUM_THREADS": "1",
        "HF_HUB_OFFLINE": "1",
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings",
    }
    results = {}
    for scenario in SCENARIOS:
        out = subprocess.run(
            [sys.executable, __file__, "--scenario", scenario, "--repeat", str(args.repeat)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        results[scenario] = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{scenario:8} {results[scenario]}", flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"run_at": time.strftime("%Y-%m-%d %H:%M"), **results}, indent=1) + "\n")
    print("| scenario | messages | p50 ms | p95 ms | peak RSS MB | load + warm s |")
    print("|---|---:|---:|---:|---:|---:|")
    for scenario, r in results.items():
        cells = [r["messages"], r["p50_ms"], r["p95_ms"], r["peak_rss_mb"], r["load_and_warm_s"]]
        print(f"| {scenario} | " + " | ".join(str(c) for c in cells) + " |")


if __name__ == "__main__":
    main()

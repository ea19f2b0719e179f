"""Replay a live-chat peak and compare the wait each visitor was told with the wait they had.

A discrete-event simulation of one team: agents online with a chat capacity each, chats arriving
faster than they are answered, each taking a handling time drawn from a measured-looking
distribution (log-normal, median 6 minutes, about 10% over 13 minutes), an agent taking
ACCEPT_SECONDS to accept an offer. The team already ended HISTORY chats before the peak, which is what
the estimate learns from. At each arrival the visitor is told:

- before: the old estimate, the mean wait (start to accept) of the last 20 chats accepted in the last
  two hours (60 s without any) times ceil(position / agents online);
- after: `livechat.queue.wait_estimate`, the estimate the widget is given now (measured handling
  times, slots online, what the running chats have left, the place in line;
  docs/livechat-protocol.md).

It reports how many of the peak's chats waited longer than told, longer by more than a minute, and
the median and 90th-percentile ratio of actual to told wait. No database: the estimator is a pure
function, and the queue follows the same order (first come, first offered) and capacity rules.

    .venv/bin/python bench/livechat_wait.py
    .venv/bin/python bench/livechat_wait.py --chats 50 --agents 4 --capacity 3 --peak-minutes 12 --seed 7
"""

import argparse
import heapq
import math
import os
import random
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")

import django  # noqa: E402

django.setup()

from livechat.queue import HANDLE_MIN_SAMPLES, HANDLE_SAMPLE, wait_estimate  # noqa: E402

ACCEPT_SECONDS = 10.0
HISTORY = 50
OLD_RECENT = 20
OLD_WINDOW = 2 * 3600.0
OLD_DEFAULT = 60.0
DEFAULT_HANDLE = 300.0


@dataclass
class Chat:
    n: int
    arrived: float
    handle: float
    told_old: float = 0.0
    told_new: float = 0.0
    accepted: float | None = None
    ended: float | None = None


@dataclass
class Team:
    slots: int
    agents: int
    running: dict[int, float] = field(default_factory=dict)  # chat -> accepted at
    queue: list[Chat] = field(default_factory=list)  # waiting or offered, in order
    offered: set[int] = field(default_factory=set)
    ended: list[tuple[float, float]] = field(default_factory=list)  # (accepted, ended)
    accepted: list[tuple[float, float]] = field(default_factory=list)  # (started, accepted)


def handle_time(rng: random.Random) -> float:
    return rng.lognormvariate(math.log(360), 0.6)


def old_estimate(team: Team, position: int, now: float) -> float:
    recent = [(s, a) for s, a in team.accepted if a >= now - OLD_WINDOW][-OLD_RECENT:]
    mean = statistics.fmean(a - s for s, a in recent) if recent else OLD_DEFAULT
    return round(mean * math.ceil(position / max(1, team.agents)))


def new_estimate(team: Team, position: int, now: float) -> float:
    samples = [e - a for a, e in team.ended[-HANDLE_SAMPLE:]]
    wait = wait_estimate(
        position=position,
        slots=team.slots,
        handle_samples=samples if len(samples) >= HANDLE_MIN_SAMPLES else [DEFAULT_HANDLE],
        running_seconds=[now - at for at in team.running.values()],
    )
    assert wait is not None
    return float(wait)


def simulate(*, chats: int, agents: int, capacity: int, peak_minutes: float, seed: int) -> list[Chat]:
    rng = random.Random(seed)
    team = Team(slots=agents * capacity, agents=agents)
    # The day before the peak: ended chats to learn from, and a full team when the peak begins.
    start = 0.0
    for _ in range(HISTORY):
        handle = handle_time(rng)
        team.ended.append((start - 4000 - handle, start - 4000))
    events: list[tuple[float, int, str, int]] = []
    peak = [
        Chat(n=i, arrived=rng.uniform(0, peak_minutes * 60), handle=handle_time(rng)) for i in range(chats)
    ]
    peak.sort(key=lambda c: c.arrived)
    by_n = {c.n: c for c in peak}
    seq = 0
    for chat in peak:
        heapq.heappush(events, (chat.arrived, seq, "arrive", chat.n))
        seq += 1

    def offer(now: float) -> None:
        nonlocal seq
        free = team.slots - len(team.running) - len(team.offered)
        for chat in team.queue:
            if free <= 0:
                break
            if chat.n in team.offered:
                continue
            team.offered.add(chat.n)
            free -= 1
            heapq.heappush(events, (now + ACCEPT_SECONDS, seq, "accept", chat.n))
            seq += 1

    while events:
        now, _, kind, n = heapq.heappop(events)
        chat = by_n[n]
        if kind == "arrive":
            team.queue.append(chat)
            position = len(team.queue)
            chat.told_old = old_estimate(team, position, now)
            chat.told_new = new_estimate(team, position, now)
            offer(now)
        elif kind == "accept":
            team.queue.remove(chat)
            team.offered.discard(n)
            team.running[n] = now
            chat.accepted = now
            team.accepted.append((chat.arrived, now))
            heapq.heappush(events, (now + chat.handle, seq, "end", n))
            seq += 1
        else:
            accepted = team.running.pop(n)
            chat.ended = now
            team.ended.append((accepted, now))
            offer(now)
    return peak


def report(peak: list[Chat], told: str) -> dict[str, float]:
    ratios, longer, much_longer = [], 0, 0
    for chat in peak:
        assert chat.accepted is not None
        waited = chat.accepted - chat.arrived
        said = getattr(chat, told)
        longer += waited > said
        much_longer += waited > said + 60
        ratios.append(waited / max(said, 1.0))
    ratios.sort()
    return {
        "longer": longer,
        "longer_by_a_minute": much_longer,
        "median_ratio": statistics.median(ratios),
        "p90_ratio": ratios[int(0.9 * (len(ratios) - 1))],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--agents", type=int, default=4)
    parser.add_argument("--capacity", type=int, default=3)
    parser.add_argument("--peak-minutes", type=float, default=12)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--seeds", type=int, default=20, help="also summarise this many seeds")
    args = parser.parse_args()

    peak = simulate(
        chats=args.chats,
        agents=args.agents,
        capacity=args.capacity,
        peak_minutes=args.peak_minutes,
        seed=args.seed,
    )
    waits = [c.accepted - c.arrived for c in peak if c.accepted is not None]
    print(
        f"{args.chats} chats in {args.peak_minutes:g} min, {args.agents} agents x {args.capacity} chats, "
        f"seed {args.seed}: median wait {statistics.median(waits):.0f} s, longest {max(waits):.0f} s"
    )
    for label, told in (
        ("before (mean wait x ceil(pos/agents))", "told_old"),
        ("after (handling times)", "told_new"),
    ):
        r = report(peak, told)
        print(
            f"  {label:40} waited longer than told: {r['longer']:>2}/{len(peak)}"
            f" (by over a minute: {r['longer_by_a_minute']:>2}), median actual/told {r['median_ratio']:.2f}x,"
            f" p90 {r['p90_ratio']:.2f}x"
        )
    if args.seeds > 1:
        summary: dict[str, list[dict[str, float]]] = {"told_old": [], "told_new": []}
        for seed in range(args.seeds):
            runs = simulate(
                chats=args.chats,
                agents=args.agents,
                capacity=args.capacity,
                peak_minutes=args.peak_minutes,
                seed=seed,
            )
            for told in summary:
                summary[told].append(report(runs, told))
        print(f"  over seeds 0-{args.seeds - 1} (median of runs):")
        for told, label in (("told_old", "before"), ("told_new", "after")):
            rows = summary[told]
            longer = statistics.median(r["longer"] for r in rows)
            print(
                f"    {label:6} longer than told {longer:.0f}/{args.chats},"
                f" by over a minute {statistics.median(r['longer_by_a_minute'] for r in rows):.0f},"
                f" median ratio {statistics.median(r['median_ratio'] for r in rows):.2f}x"
            )


if __name__ == "__main__":
    main()

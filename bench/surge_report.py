"""What bench/surge.py computes from its samples: percentiles, per-phase summaries, the first resource
to saturate, and the chart of the night (an SVG written by hand: matplotlib is not in the venv).

Pure functions over plain data, so tests/ops/test_surge_bench.py checks them on fixed input.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any


def percentile(values: Iterable[float], p: float) -> float | None:
    """The p-th percentile (0-100) by the nearest-rank method; None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


@dataclass(frozen=True)
class Phase:
    name: str
    start: float  # seconds since the run began
    end: float

    def holds(self, t: float) -> bool:
        return self.start <= t < self.end


def phase_of(phases: Sequence[Phase], t: float) -> str | None:
    for phase in phases:
        if phase.holds(t):
            return phase.name
    return None


def wait_summary(waits: Sequence[float], never: int) -> dict[str, Any]:
    """Waits (seconds) of the chats that got one, and how many never did by the end of the run: a
    chat never offered waited at least until the end, so the p99 is only a lower bound when any did."""
    return {
        "count": len(waits),
        "never": never,
        "p50_s": rounded(percentile(waits, 50)),
        "p99_s": rounded(percentile(waits, 99)),
        "max_s": rounded(max(waits) if waits else None),
    }


@dataclass(frozen=True)
class Resource:
    name: str
    capacity: float  # the value at which it is saturated (CPU percent of one core x processes, or seats)


def first_saturated(
    samples: Sequence[dict[str, Any]],
    resources: Sequence[Resource],
    *,
    share: float = 0.9,
    run: int = 3,
) -> list[dict[str, Any]]:
    """Resources in the order they first held at or above `share` of their capacity for `run`
    consecutive samples. Each sample is {"t": seconds, name: value, ...}; a missing value breaks a run."""
    found: list[dict[str, Any]] = []
    for resource in resources:
        streak = 0
        for sample in samples:
            value = sample.get(resource.name)
            if value is not None and resource.capacity > 0 and value >= share * resource.capacity:
                streak += 1
                if streak == run:
                    found.append(
                        {
                            "resource": resource.name,
                            "at_s": sample["t"],
                            "capacity": resource.capacity,
                            "value": round(value, 1),
                        }
                    )
                    break
            else:
                streak = 0
    return sorted(found, key=lambda r: r["at_s"])


def message_check(sent: dict[str, int], stored: dict[str, int], acked: set[str]) -> dict[str, Any]:
    """Every message a client sent (client_id -> times it was sent, retries included) against the
    timeline (client_id -> rows stored) and the acks the client got: lost when none is stored,
    doubled when more than one is. A message never acknowledged (the server still busy with it when the
    run ended) and not stored is counted apart from one acknowledged and not stored, a true loss."""
    lost = sorted(cid for cid in sent if stored.get(cid, 0) == 0)
    # Only the clients' own ids: other writers reuse theirs per ticket (an incident update's, say).
    doubled = sorted(cid for cid in sent if stored.get(cid, 0) > 1)
    return {
        "sent": len(sent),
        "resent": sum(n - 1 for n in sent.values()),
        "acked": sum(1 for cid in sent if cid in acked),
        "stored": sum(1 for cid in sent if stored.get(cid, 0) >= 1),
        "lost": len(lost),
        "lost_after_ack": sum(1 for cid in lost if cid in acked),
        "never_acked": sum(1 for cid in sent if cid not in acked),
        "doubled": len(doubled),
        "lost_examples": lost[:10],
        "doubled_examples": doubled[:10],
    }


def delivery_check(expected: dict[int, set[int]], seen: dict[int, dict[int, int]]) -> dict[str, Any]:
    """Per conversation, the seqs a side must have received against the seqs it did (seq -> times):
    missing when expected and never received, doubled when received more than once."""
    missing = doubled = 0
    for conv, seqs in expected.items():
        got = seen.get(conv, {})
        missing += sum(1 for s in seqs if got.get(s, 0) == 0)
    for got in seen.values():
        doubled += sum(1 for n in got.values() if n > 1)
    return {"expected": sum(len(s) for s in expected.values()), "missing": missing, "doubled": doubled}


def bucket_rates(times: Iterable[float], width: float, end: float) -> list[float]:
    """Arrivals per minute in buckets of `width` seconds from 0 to `end`."""
    counts = [0] * max(1, math.ceil(end / width))
    for t in times:
        if 0 <= t < end:
            counts[int(t // width)] += 1
    return [c * 60 / width for c in counts]


def bucket_percentile(
    points: Iterable[tuple[float, float]], width: float, end: float, p: float
) -> list[float | None]:
    """The p-th percentile of the values whose time falls in each bucket (None for an empty one)."""
    buckets: list[list[float]] = [[] for _ in range(max(1, math.ceil(end / width)))]
    for t, value in points:
        if 0 <= t < end:
            buckets[int(t // width)].append(value)
    return [percentile(b, p) for b in buckets]


# --- The chart ------------------------------------------------------------------------------------

WIDTH, PANEL_H, LEFT, RIGHT, TOP, GAP = 860, 170, 64, 150, 34, 46
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def svg_chart(
    *,
    title: str,
    end: float,
    phases: Sequence[Phase],
    panels: Sequence[tuple[str, str, dict[str, Sequence[tuple[float, float | None]]]]],
) -> str:
    """Stacked line panels over one time axis (minutes). Each panel is (title, unit, {series: [(t, y)]});
    the surge phase is shaded. Points with y None are gaps."""
    height = TOP + len(panels) * (PANEL_H + GAP) + 20
    plot_w = WIDTH - LEFT - RIGHT
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="11">',
        f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
        f'<text x="{LEFT}" y="18" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]

    def x(t: float) -> float:
        return LEFT + plot_w * (t / end if end else 0)

    for i, (panel_title, unit, series) in enumerate(panels):
        top = TOP + i * (PANEL_H + GAP) + 14
        ys = [y for pts in series.values() for _t, y in pts if y is not None]
        ymax = _nice_max(max(ys) if ys else 0)

        def y(v: float, top: float = top, ymax: float = ymax) -> float:
            return top + PANEL_H - PANEL_H * (v / ymax)

        for phase in phases:
            if phase.name == "surge":
                out.append(
                    f'<rect x="{x(phase.start):.1f}" y="{top}" width="{x(phase.end) - x(phase.start):.1f}" '
                    f'height="{PANEL_H}" fill="#fde9d9"/>'
                )
        out.append(
            f'<text x="{LEFT}" y="{top - 4}" font-weight="bold">{escape(panel_title)} ({escape(unit)})</text>'
        )
        out.append(
            f'<rect x="{LEFT}" y="{top}" width="{plot_w}" height="{PANEL_H}" fill="none" stroke="#888"/>'
        )
        for k in range(5):
            v = ymax * k / 4
            out.append(
                f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>'
                f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:g}</text>'
            )
        for n, (name, pts) in enumerate(series.items()):
            colour = COLOURS[n % len(COLOURS)]
            segments: list[list[str]] = [[]]
            for t, value in pts:
                if value is None:
                    segments.append([])
                else:
                    segments[-1].append(f"{x(t):.1f},{y(value):.1f}")
            for seg in segments:
                if len(seg) > 1:
                    points = " ".join(seg)
                    out.append(
                        f'<polyline fill="none" stroke="{colour}" stroke-width="1.6" points="{points}"/>'
                    )
                elif len(seg) == 1:
                    cx, cy = seg[0].split(",")
                    out.append(f'<circle cx="{cx}" cy="{cy}" r="1.8" fill="{colour}"/>')
            ly = top + 14 + 16 * n
            out.append(
                f'<line x1="{LEFT + plot_w + 10}" x2="{LEFT + plot_w + 28}" y1="{ly - 4}" y2="{ly - 4}" '
                f'stroke="{colour}" stroke-width="2"/>'
                f'<text x="{LEFT + plot_w + 32}" y="{ly}">{escape(name)}</text>'
            )
        axis_y = top + PANEL_H + 14
        minutes = end / 60
        step = max(1, math.ceil(minutes / 12))
        for m in range(0, int(minutes) + 1, step):
            out.append(f'<text x="{x(m * 60):.1f}" y="{axis_y}" text-anchor="middle">{m}</text>')
        if i == len(panels) - 1:
            out.append(
                f'<text x="{LEFT + plot_w / 2}" y="{axis_y + 14}" text-anchor="middle">'
                "minutes into the night (shaded: the surge)</text>"
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"

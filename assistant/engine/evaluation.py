"""The evaluation set (assistant/data/eval_*.jsonl, never trained on): split into a calibration half and a
reporting half, per-intent thresholds set on the first, figures reported on the second."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.engine.artifacts import DATA_DIR, DEFAULT_THRESHOLD
from assistant.taxonomy import ANSWERABLE_GROUPS, INTENTS
from assistant.types import Reading

TARGET_PRECISION = 0.95
# An intent needs this many of its own answers in the calibration half to get its own threshold.
MIN_SUPPORT = 6
# Never answer on a margin this thin, whatever the calibration half says.
FLOOR = 0.15


def eval_files(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(data_dir.glob("eval_*.jsonl"))


def load_eval(paths: Sequence[Path] | None = None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in paths if paths is not None else eval_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def split(rows: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(calibration, reporting): per language, ids ordered by their hash, alternately to each half."""
    by_language: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_language[str(row.get("language", ""))].append(row)
    calibration: list[dict[str, Any]] = []
    reporting: list[dict[str, Any]] = []
    for language in sorted(by_language):
        ordered = sorted(
            by_language[language], key=lambda r: hashlib.sha256(str(r["id"]).encode()).hexdigest()
        )
        for index, row in enumerate(ordered):
            (calibration if index % 2 == 0 else reporting).append(row)
    return calibration, reporting


def would_answer(reading: Reading, threshold: float | None = None) -> bool:
    """Whether tier 0 answers this reading from an article (the rule `assistant.decide` applies)."""
    limit = reading.threshold if threshold is None else threshold
    return (
        INTENTS[reading.intent].group in ANSWERABLE_GROUPS
        and reading.confidence >= limit
        and not reading.social_engineering_risk
        and not reading.needs_account
        and not reading.distress
    )


def answer_correct(reading: Reading, row: dict[str, Any]) -> bool:
    return bool(row.get("tier0_may_answer")) and reading.intent == row["intent"]


@dataclass(frozen=True)
class Threshold:
    threshold: float
    precision: float | None
    answered: int
    support: int
    source: str  # "own" | "global"


def _lowest_safe(points: list[tuple[float, bool]], target: float) -> tuple[float | None, int, float | None]:
    """(cut, answers, precision): the lowest confidence at which answering everything at or above it is
    right at least `target` of the time."""
    points = sorted(points, key=lambda p: -p[0])
    best: tuple[float | None, int, float | None] = (None, 0, None)
    right = 0
    for count, (confidence, correct) in enumerate(points, start=1):
        right += correct
        precision = right / count
        if precision < target:
            continue
        best = (confidence, count, precision)
    return best


def calibrate(
    readings: Sequence[Reading], rows: Sequence[dict[str, Any]], *, target: float = TARGET_PRECISION
) -> tuple[dict[str, Threshold], float]:
    """Per-intent thresholds over the calibration half, and the global one for intents with little data."""
    per_intent: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    support: dict[str, int] = defaultdict(int)
    for reading, row in zip(readings, rows, strict=True):
        support[row["intent"]] += 1
        if would_answer(reading, threshold=0.0):
            per_intent[reading.intent].append((reading.confidence, answer_correct(reading, row)))
    pooled = [p for points in per_intent.values() for p in points]
    global_value, _, _ = _lowest_safe(pooled, target)
    # The pooled cut, with a margin for intents the calibration half hardly saw.
    global_threshold = min(max((global_value or DEFAULT_THRESHOLD) + 0.1, FLOOR), DEFAULT_THRESHOLD)
    out: dict[str, Threshold] = {}
    for name, intent in INTENTS.items():
        if intent.group not in ANSWERABLE_GROUPS:
            continue
        points = per_intent.get(name, [])
        value, answered, _ = _lowest_safe(points, target)
        if len(points) >= MIN_SUPPORT and value is not None and answered >= MIN_SUPPORT // 2:
            threshold, source = max(value, FLOOR), "own"
        else:
            threshold, source = global_threshold, "global"
        kept = [c for c, _ in points if c >= threshold]
        right = [ok for c, ok in points if c >= threshold]
        out[name] = Threshold(
            threshold=round(threshold, 4),
            precision=round(sum(right) / len(right), 4) if right else None,
            answered=len(kept),
            support=support.get(name, 0),
            source=source,
        )
    return out, round(global_threshold, 4)


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def figures(readings: Sequence[Reading], rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Every figure of issue 13 over these rows (see docs/tier0.md for the definitions)."""
    n = len(rows)
    answered = correct = 0
    sensitive = sensitive_ok = 0
    handoffs = handoff_team_ok = 0
    language_ok = intent_ok = priority_ok = team_ok = 0
    tp = fp = fn = 0
    flag_counts = {f: {"tp": 0, "fp": 0, "fn": 0} for f in ("distress", "social_engineering_risk")}
    mistakes: list[dict[str, Any]] = []
    for reading, row in zip(readings, rows, strict=True):
        answers = would_answer(reading)
        right = answers and answer_correct(reading, row)
        answered += answers
        correct += right
        gold_sensitive = (
            INTENTS[row["intent"]].group == "security"
            or bool(row.get("social_engineering_risk"))
            or bool(row.get("distress"))
        )
        if gold_sensitive:
            sensitive += 1
            ok = not answers and reading.specialty == row["team"]
            sensitive_ok += ok
            if not ok:
                mistakes.append(
                    {
                        "id": row["id"],
                        "why": "sensitive",
                        "intent": reading.intent,
                        "team": reading.specialty,
                        "gold_team": row["team"],
                    }
                )
        if not answers:
            handoffs += 1
            handoff_team_ok += reading.specialty == row["team"]
        if answers and not right:
            mistakes.append(
                {
                    "id": row["id"],
                    "why": "wrong answer",
                    "intent": reading.intent,
                    "gold_intent": row["intent"],
                    "confidence": reading.confidence,
                }
            )
        language_ok += reading.language == row["language"]
        intent_ok += reading.intent == row["intent"]
        priority_ok += reading.priority == row["priority"]
        team_ok += reading.specialty == row["team"]
        gold_m = {(m["kind"], m["value"]) for m in row.get("mentions", [])}
        got_m = {(m.kind, m.value) for m in reading.mentions}
        tp += len(gold_m & got_m)
        fp += len(got_m - gold_m)
        fn += len(gold_m - got_m)
        for flag, counts in flag_counts.items():
            gold, got = bool(row.get(flag)), bool(getattr(reading, flag))
            counts["tp"] += gold and got
            counts["fp"] += got and not gold
            counts["fn"] += gold and not got
    out: dict[str, Any] = {
        "messages": n,
        "deflection": _ratio(correct, n),
        "precision": _ratio(correct, answered),
        "answered": answered,
        "sensitive_to_right_human": _ratio(sensitive_ok, sensitive),
        "sensitive": sensitive,
        "specialty_accuracy_on_handoffs": _ratio(handoff_team_ok, handoffs),
        "specialty_accuracy": _ratio(team_ok, n),
        "language_accuracy": _ratio(language_ok, n),
        "intent_accuracy": _ratio(intent_ok, n),
        "priority_accuracy": _ratio(priority_ok, n),
        "mention_f1": round(_f1(tp, fp, fn), 4),
    }
    for flag, c in flag_counts.items():
        out[f"{flag}_recall"] = _ratio(c["tp"], c["tp"] + c["fn"])
        out[f"{flag}_precision"] = _ratio(c["tp"], c["tp"] + c["fp"])
    out["mistakes"] = mistakes
    return out

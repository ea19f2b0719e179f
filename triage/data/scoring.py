"""Precision and recall of `extract` over the labelled set, per kind and overall.

A found mention counts as right when its (kind, value, network, asset) equals an expected one of the same
message; suspects are not mentions and are not counted."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from triage.mentions import KINDS, extract

SET_PATH = Path(__file__).with_name("mentions_set.jsonl")


def load_set(path: Path = SET_PATH) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


Key = tuple[str, str, str, str]


@dataclass
class Score:
    true_pos: Counter[str] = field(default_factory=Counter)
    false_pos: Counter[str] = field(default_factory=Counter)
    false_neg: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def precision(self, kind: str | None = None) -> float:
        tp = self.true_pos[kind] if kind else sum(self.true_pos.values())
        fp = self.false_pos[kind] if kind else sum(self.false_pos.values())
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, kind: str | None = None) -> float:
        tp = self.true_pos[kind] if kind else sum(self.true_pos.values())
        fn = self.false_neg[kind] if kind else sum(self.false_neg.values())
        return tp / (tp + fn) if tp + fn else 1.0

    def table(self) -> list[tuple[str, int, int, int, float, float]]:
        rows = [
            (
                kind,
                self.true_pos[kind],
                self.false_pos[kind],
                self.false_neg[kind],
                self.precision(kind),
                self.recall(kind),
            )
            for kind in KINDS
        ]
        total = (
            "overall",
            sum(self.true_pos.values()),
            sum(self.false_pos.values()),
            sum(self.false_neg.values()),
            self.precision(),
            self.recall(),
        )
        return [*rows, total]


def score(rows: list[dict[str, Any]]) -> Score:
    result = Score()
    for row in rows:
        expected: set[Key] = {(e["kind"], e["value"], e["network"], e["asset"]) for e in row["expected"]}
        found: set[Key] = {
            (f.kind, f.value, f.network, f.asset)
            for f in extract(row["text"], attachment_names=row["attachments"])
            if f.kind in KINDS
        }
        for key in found & expected:
            result.true_pos[key[0]] += 1
        for key in sorted(found - expected):
            result.false_pos[key[0]] += 1
            result.misses.append(f"{row['id']} extra   {key}")
        for key in sorted(expected - found):
            result.false_neg[key[0]] += 1
            result.misses.append(f"{row['id']} missing {key}")
    return result

"""Tier 0's figures on the reporting half of the evaluation set (never trained on, not calibrated on).

manage.py tier0_evaluate                     # overall and per language, as text
manage.py tier0_evaluate --markdown          # the tables of BENCHMARKS.md
manage.py tier0_evaluate --languages         # the language identifiers compared, per language
manage.py tier0_evaluate --half all --json out.json --mistakes
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from assistant.engine.artifacts import model_dir
from assistant.engine.calibration import EVAL_CACHE_NAME, embed_rows
from assistant.engine.core import Engine
from assistant.engine.evaluation import figures, load_eval, split
from assistant.engine.language import STRATEGIES, identifier
from assistant.engine.training import CACHE_NAME, EmbeddingCache

COLUMNS = (
    ("messages", "n"),
    ("deflection", "deflection"),
    ("precision", "answer precision"),
    ("sensitive_to_right_human", "security/SE/distress to right human"),
    ("specialty_accuracy_on_handoffs", "specialty on handoffs"),
    ("language_accuracy", "language"),
    ("intent_accuracy", "intent"),
    ("priority_accuracy", "priority"),
    ("mention_f1", "mention F1"),
)
FLAG_COLUMNS = (
    ("distress_recall", "distress recall"),
    ("distress_precision", "distress precision"),
    ("social_engineering_risk_recall", "SE recall"),
    ("social_engineering_risk_precision", "SE precision"),
)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


class Command(BaseCommand):
    help = "Report tier 0's figures on the reporting half of the evaluation set, overall and per language."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, help="model directory (default: the one the engine reads)")
        parser.add_argument("--half", choices=("reporting", "calibration", "all"), default="reporting")
        parser.add_argument("--markdown", action="store_true", help="markdown tables")
        parser.add_argument("--json", type=Path, help="also write the figures as JSON")
        parser.add_argument("--mistakes", action="store_true", help="list the messages it got wrong")
        parser.add_argument("--languages", action="store_true", help="compare the language identifiers")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = load_eval()
        if not rows:
            self.stderr.write("no evaluation set (assistant/data/eval_*.jsonl)")
            return
        if options["languages"]:
            self._languages(rows, options["markdown"])
            return
        calibration_rows, reporting_rows = split(rows)
        chosen = {"reporting": reporting_rows, "calibration": calibration_rows, "all": rows}[options["half"]]
        directory: Path = options["dir"] or model_dir()
        engine = Engine.from_dir(directory)
        vectors = embed_rows(
            engine,
            chosen,
            EmbeddingCache(engine.encoder, [directory / CACHE_NAME, directory / EVAL_CACHE_NAME]),
            lambda items: tqdm(items, desc="embedding", unit="batch", disable=None),
        )
        readings = engine.read_many(
            [str(r["text"]) for r in tqdm(chosen, desc="reading", disable=None)], vectors
        )
        overall = figures(readings, chosen)
        mistakes = overall.pop("mistakes")
        by_language: dict[str, list[int]] = defaultdict(list)
        for index, row in enumerate(chosen):
            by_language[str(row["language"])].append(index)
        per_language = {
            language: {
                k: v
                for k, v in figures([readings[i] for i in idx], [chosen[i] for i in idx]).items()
                if k != "mistakes"
            }
            for language, idx in sorted(by_language.items(), key=lambda item: (-len(item[1]), item[0]))
        }
        self._write(options["half"], overall, per_language, options["markdown"])
        if options["mistakes"]:
            for item in mistakes:
                self.stdout.write(json.dumps(item, ensure_ascii=False))
        if options["json"]:
            options["json"].write_text(
                json.dumps({"overall": overall, "languages": per_language, "mistakes": mistakes}, indent=1)
            )

    def _write(
        self, half: str, overall: dict[str, Any], per_language: dict[str, Any], markdown: bool
    ) -> None:
        columns = COLUMNS + FLAG_COLUMNS
        if markdown:
            self.stdout.write(f"Overall ({half} half):")
            self.stdout.write("")
            self.stdout.write("| figure | value |")
            self.stdout.write("|---|---:|")
            for key, label in columns:
                self.stdout.write(f"| {label} | {_cell(overall[key])} |")
            self.stdout.write(f"| answered | {overall['answered']} |")
            self.stdout.write(f"| security/SE/distress messages | {overall['sensitive']} |")
            self.stdout.write("")
            self.stdout.write(f"Per language ({half} half):")
            self.stdout.write("")
            self.stdout.write("| language | " + " | ".join(label for _, label in COLUMNS) + " |")
            self.stdout.write("|---" + "|---:" * len(COLUMNS) + "|")
            for language, values in per_language.items():
                self.stdout.write(
                    f"| {language} | " + " | ".join(_cell(values[key]) for key, _ in COLUMNS) + " |"
                )
            return
        self.stdout.write(f"{half} half")
        for key, label in columns:
            self.stdout.write(f"  {label:40} {_cell(overall[key])}")
        self.stdout.write(f"  {'answered':40} {overall['answered']}")
        self.stdout.write(f"  {'security/SE/distress messages':40} {overall['sensitive']}")
        self.stdout.write("")
        self.stdout.write("  lang " + " ".join(f"{label[:10]:>10}" for _, label in COLUMNS))
        for language, values in per_language.items():
            self.stdout.write(f"  {language:4} " + " ".join(f"{_cell(values[k]):>10}" for k, _ in COLUMNS))

    def _languages(self, rows: list[dict[str, Any]], markdown: bool) -> None:
        counts: dict[str, dict[str, int]] = {s: defaultdict(int) for s in STRATEGIES}
        totals: dict[str, int] = defaultdict(int)
        for row in tqdm(rows, desc="languages", disable=None):
            totals[row["language"]] += 1
            for strategy in STRATEGIES:
                found, _ = identifier(strategy).identify(str(row["text"]))
                counts[strategy][row["language"]] += found == row["language"]
        languages = sorted(totals, key=lambda code: (-totals[code], code))
        header = ["language", "n", *STRATEGIES]
        lines = []
        for code in ["all", *languages]:
            n = sum(totals.values()) if code == "all" else totals[code]
            cells = [(sum(counts[s].values()) if code == "all" else counts[s][code]) / n for s in STRATEGIES]
            lines.append([code, str(n), *[f"{c:.3f}" for c in cells]])
        if markdown:
            self.stdout.write("| " + " | ".join(header) + " |")
            self.stdout.write("|---" + "|---:" * (len(header) - 1) + "|")
            for line in lines:
                self.stdout.write("| " + " | ".join(line) + " |")
        else:
            for line in [header, *lines]:
                self.stdout.write("  ".join(f"{cell:>9}" for cell in line))

"""Set tier 0's per-intent thresholds on the calibration half of the evaluation set.

    manage.py tier0_calibrate [--dir DIR]   # default: the model the engine reads

Writes thresholds.json and calibration.json (per-intent threshold, precision, answers, support and the
overall figures on the reporting half) next to the model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from assistant.engine import calibration
from assistant.engine.artifacts import model_dir


class Command(BaseCommand):
    help = "Calibrate tier 0's thresholds on the calibration half of the evaluation set."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, help="model directory (default: the one the engine reads)")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["dir"] or model_dir()
        report = calibration.run(
            directory, progress=lambda items: tqdm(items, desc="embedding", unit="batch", disable=None)
        )
        for name, entry in report["intents"].items():
            if entry["answerable"]:
                self.stdout.write(
                    f"{name:28} threshold {entry['threshold']:.3f}  precision {entry['precision']}  "
                    f"answered {entry['answered']}/{entry['support']}"
                )
        overall = report["overall"]
        self.stdout.write(
            f"reporting half: precision {overall['precision']}, deflection {overall['deflection']} "
            f"-> {directory / 'thresholds.json'}"
        )

"""Train tier 0's heads on the example bank (and the agents' corrections), then calibrate them.

    manage.py tier0_train                # bank + corrections -> ASSISTANT_MODEL_DIR (or VAR_DIR/tier0-model)
    manage.py tier0_train --packaged     # bank only -> assistant/model/ (the model committed in the repo)

The engine reads settings.ASSISTANT_MODEL_DIR when it is set, else the packaged model; restart the worker
after a retrain so it loads the new heads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from assistant.engine import calibration
from assistant.engine.artifacts import PACKAGED_DIR
from assistant.engine.encoder import PREFIXES, E5Encoder
from assistant.engine.training import DEFAULT_C, load_corrections, train


def default_out() -> Path:
    configured = str(getattr(settings, "ASSISTANT_MODEL_DIR", "") or "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "tier0-model"


class Command(BaseCommand):
    help = "Train tier 0's intent and flag heads on the example bank and the agents' corrections."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--packaged", action="store_true", help="bank only, into assistant/model/")
        parser.add_argument("--out", type=Path, help="output directory (default ASSISTANT_MODEL_DIR)")
        parser.add_argument("--no-corrections", action="store_true", help="leave the agents' corrections out")
        parser.add_argument("--no-calibrate", action="store_true", help="do not set thresholds afterwards")
        parser.add_argument("--c", type=float, default=DEFAULT_C, help="inverse regularisation strength")
        parser.add_argument("--prefix", choices=PREFIXES, default="query", help="e5 prefix for messages")

    def handle(self, *args: Any, **options: Any) -> None:
        packaged = options["packaged"]
        out: Path = PACKAGED_DIR if packaged else (options["out"] or default_out())
        corrections = [] if packaged or options["no_corrections"] else load_corrections()
        encoder = E5Encoder(prefix=options["prefix"])

        def progress(items: Any) -> Any:
            return tqdm(items, desc="embedding", unit="batch", disable=None)

        model = train(
            encoder=encoder, out_dir=out, corrections=corrections, c=options["c"], progress=progress
        )
        self.stdout.write(
            f"trained on {model.meta['examples']} examples ({model.meta['corrections']} corrections) -> {out}"
        )
        if not options["no_calibrate"]:
            report = calibration.run(out, progress=progress)
            overall = report["overall"]
            self.stdout.write(
                f"calibrated: precision {overall['precision']}, deflection {overall['deflection']} "
                f"on the reporting half ({overall['messages']} messages)"
            )
        if not packaged and out != PACKAGED_DIR:
            self.stdout.write(f"set ASSISTANT_MODEL_DIR={out} for the worker and restart it")

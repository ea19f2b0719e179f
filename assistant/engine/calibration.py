"""Setting the thresholds on the calibration half and writing what admins see (calibration.json)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.engine import rules
from assistant.engine.artifacts import read_json, write_json
from assistant.engine.core import Engine
from assistant.engine.evaluation import calibrate, figures, load_eval, split, would_answer
from assistant.engine.training import CACHE_NAME, EmbeddingCache
from assistant.taxonomy import INTENTS
from assistant.types import Reading

Progress = Callable[[Iterable[Any]], Iterable[Any]]
# Social engineering and distress must reach a person, and a how-to question about the customer's own
# data must not get an article: each classifier's cut is the highest that still catches every such
# message of the calibration half the marker rules missed, within these bounds.
FLAG_CUT_BOUNDS = {
    "distress": (0.15, 0.8),
    "social_engineering_risk": (0.15, 0.8),
    "needs_account": (0.15, 0.9),
}
GOLD: dict[str, Callable[[dict[str, Any]], bool]] = {
    "distress": lambda row: bool(row.get("distress")),
    "social_engineering_risk": lambda row: bool(row.get("social_engineering_risk")),
    "needs_account": lambda row: INTENTS[row["intent"]].group == "how_to" and not row.get("tier0_may_answer"),
}
FLAG_DEFAULT_CUT = 0.5
# The evaluation set's vectors, kept beside the model so evaluating again does not re-embed it (they are
# never trained on).
EVAL_CACHE_NAME = "eval_embeddings.npz"


def embed_rows(
    engine: Engine, rows: Sequence[dict[str, Any]], cache: EmbeddingCache, progress: Progress | None
) -> np.ndarray:
    return cache.embed([str(r["text"]) for r in rows], progress=progress)


def _flag_cuts(engine: Engine, rows: Sequence[dict[str, Any]], vectors: np.ndarray) -> dict[str, float]:
    probabilities = engine.model.flag_probabilities(vectors)
    intents = engine.model.intent_probabilities(vectors).argmax(axis=1)
    cuts: dict[str, float] = {}
    for flag in engine.model.flag_names:
        if flag not in GOLD:
            cuts[flag] = FLAG_DEFAULT_CUT
            continue
        missed: list[float] = []
        for i, row in enumerate(rows):
            if not GOLD[flag](row):
                continue
            intent = engine.model.classes[int(intents[i])]
            lexical = rules.flags(str(row["text"]), intent, {}, {})
            if not getattr(lexical, flag):
                missed.append(float(probabilities[flag][i]))
        low, high = FLAG_CUT_BOUNDS[flag]
        cut = min([high, *[p - 0.01 for p in missed]])
        cuts[flag] = round(max(low, cut), 4)
    return cuts


def readings_for(engine: Engine, rows: Sequence[dict[str, Any]], vectors: np.ndarray) -> list[Reading]:
    return engine.read_many([str(r["text"]) for r in rows], vectors)


def run(directory: Path, *, progress: Progress | None = None) -> dict[str, Any]:
    """Calibrate the model in `directory` and write thresholds.json and calibration.json there."""
    engine = Engine.from_dir(directory)
    rows = load_eval()
    if not rows:
        raise ValueError("no evaluation set (assistant/data/eval_*.jsonl)")
    calibration_rows, reporting_rows = split(rows)
    cache = EmbeddingCache(engine.encoder, [directory / CACHE_NAME, directory / EVAL_CACHE_NAME])
    vectors_cal = embed_rows(engine, calibration_rows, cache, progress)
    vectors_rep = embed_rows(engine, reporting_rows, cache, progress)

    engine.model.thresholds = {"flags": _flag_cuts(engine, calibration_rows, vectors_cal)}
    cal_readings = readings_for(engine, calibration_rows, vectors_cal)
    per_intent, global_threshold = calibrate(cal_readings, calibration_rows)
    thresholds = {
        "target_precision": 0.95,
        "default": global_threshold,
        "intents": {
            name: (per_intent[name].threshold if name in per_intent else global_threshold) for name in INTENTS
        },
        "flags": engine.model.thresholds["flags"],
    }
    engine.model.thresholds = thresholds
    write_json(directory / "thresholds.json", thresholds)

    rep_readings = readings_for(engine, reporting_rows, vectors_rep)
    overall = figures(rep_readings, reporting_rows)
    overall.pop("mistakes")
    intents: dict[str, Any] = {}
    for name in INTENTS:
        mine = [(r, row) for r, row in zip(rep_readings, reporting_rows, strict=True) if r.intent == name]
        answered = [(r, row) for r, row in mine if would_answer(r)]
        right = sum(1 for r, row in answered if row.get("tier0_may_answer") and row["intent"] == name)
        entry: dict[str, Any] = {
            "threshold": thresholds["intents"][name],
            "precision": round(right / len(answered), 4) if answered else None,
            "answered": len(answered),
            "support": sum(1 for row in reporting_rows if row["intent"] == name),
            "answerable": INTENTS[name].answerable,
        }
        if name in per_intent:
            c = per_intent[name]
            entry["calibration"] = {
                "source": c.source,
                "precision": c.precision,
                "answered": c.answered,
                "support": c.support,
            }
        intents[name] = entry
    meta = read_json(directory / "meta.json")
    report = {
        "trained_on": {
            "examples": meta.get("examples"),
            "bank_examples": meta.get("bank_examples"),
            "corrections": meta.get("corrections"),
            "bank_sha256": meta.get("bank_sha256"),
            "encoder": meta.get("encoder"),
        },
        "evaluation": {
            "calibration_half": len(calibration_rows),
            "reporting_half": len(reporting_rows),
            "target_precision": 0.95,
        },
        "intents": intents,
        "overall": overall,
    }
    write_json(directory / "calibration.json", report)
    cache.save(directory / EVAL_CACHE_NAME, [str(r["text"]) for r in rows])
    return report

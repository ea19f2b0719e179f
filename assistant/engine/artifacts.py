"""The trained model on disk: the intent head and flag heads (head.npz), what they were trained from
(meta.json), the calibrated thresholds (thresholds.json) and the calibration figures admins see
(calibration.json). The packaged model lives in assistant/model/; a deployment that retrains with its
agents' corrections writes elsewhere (settings.ASSISTANT_MODEL_DIR) and the engine reads that instead.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

PACKAGED_DIR = Path(__file__).resolve().parent.parent / "model"
BANK_DIR = Path(__file__).resolve().parent.parent / "data" / "bank"
DATA_DIR = BANK_DIR.parent

# When calibration could not set an intent's own threshold, the margin it must reach: conservative.
DEFAULT_THRESHOLD = 0.9
FLAGS = ("distress", "social_engineering_risk", "needs_account", "fiat", "over_7_days")


def model_dir() -> Path:
    """Where the engine reads its model: settings.ASSISTANT_MODEL_DIR when a deployment retrained."""
    from django.conf import settings

    configured = str(getattr(settings, "ASSISTANT_MODEL_DIR", "") or "")
    return Path(configured) if configured else PACKAGED_DIR


def bank_files(bank_dir: Path = BANK_DIR) -> list[Path]:
    return sorted(bank_dir.glob("*.jsonl"))


def bank_sha256(bank_dir: Path = BANK_DIR) -> str:
    """One hash over the bank's files (names and bytes), so a stale model is caught by a test."""
    digest = hashlib.sha256()
    for path in bank_files(bank_dir):
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass
class Model:
    encoder: str
    classes: tuple[str, ...]
    coef: np.ndarray  # (intents, dim)
    intercept: np.ndarray  # (intents,)
    flag_names: tuple[str, ...]
    flag_coef: np.ndarray  # (flags, dim)
    flag_intercept: np.ndarray  # (flags,)
    meta: dict[str, Any] = field(default_factory=dict)
    thresholds: dict[str, Any] = field(default_factory=dict)

    def intent_probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = vectors @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))

    def flag_probabilities(self, vectors: np.ndarray) -> dict[str, np.ndarray]:
        if not self.flag_names:
            return {}
        logits = vectors @ self.flag_coef.T + self.flag_intercept
        probs = 1.0 / (1.0 + np.exp(-logits))
        return {name: probs[:, i] for i, name in enumerate(self.flag_names)}

    def threshold(self, intent: str) -> float:
        intents = self.thresholds.get("intents", {})
        value = intents.get(intent, self.thresholds.get("default", DEFAULT_THRESHOLD))
        return float(value)

    def flag_threshold(self, flag: str, default: float = 0.5) -> float:
        return float(self.thresholds.get("flags", {}).get(flag, default))

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            directory / "head.npz",
            classes=np.array(self.classes),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            flag_names=np.array(self.flag_names),
            flag_coef=self.flag_coef.astype(np.float32),
            flag_intercept=self.flag_intercept.astype(np.float32),
        )
        write_json(directory / "meta.json", {"encoder": self.encoder, **self.meta})

    @classmethod
    def load(cls, directory: Path) -> Model:
        with np.load(directory / "head.npz", allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
        meta = read_json(directory / "meta.json")
        thresholds = (
            read_json(directory / "thresholds.json") if (directory / "thresholds.json").exists() else {}
        )
        return cls(
            encoder=str(meta.pop("encoder")),
            classes=tuple(str(c) for c in arrays["classes"]),
            coef=arrays["coef"],
            intercept=arrays["intercept"],
            flag_names=tuple(str(c) for c in arrays["flag_names"]),
            flag_coef=arrays["flag_coef"],
            flag_intercept=arrays["flag_intercept"],
            meta=meta,
            thresholds=thresholds,
        )


def read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")

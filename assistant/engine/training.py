"""Training the heads: the example bank (assistant/data/bank/*.jsonl) plus the agents' corrections,
embedded by the encoder (cached by text, so a retrain embeds only what is new), a multinomial logistic
regression over the taxonomy's intents and one binary logistic regression per flag the bank marks.
scikit-learn is needed here only; the engine applies the heads with numpy."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.engine.artifacts import BANK_DIR, FLAGS, PACKAGED_DIR, Model, bank_files, bank_sha256
from assistant.engine.encoder import Encoder
from assistant.taxonomy import INTENT_NAMES, INTENTS

CACHE_NAME = "bank_embeddings.npz"
DEFAULT_C = 50.0


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    language: str = ""
    flags: tuple[tuple[str, bool], ...] = ()
    source: str = "bank"

    def flag(self, name: str) -> bool:
        return dict(self.flags).get(name, False)


def load_bank(bank_dir: Path = BANK_DIR) -> list[Example]:
    out: list[Example] = []
    for path in bank_files(bank_dir):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("intent") not in INTENTS:
                raise ValueError(f"{path.name}:{number}: unknown intent {row.get('intent')!r}")
            out.append(
                Example(
                    text=str(row["text"]),
                    intent=str(row["intent"]),
                    language=str(row.get("language", "")),
                    flags=tuple((name, bool(row[name])) for name in FLAGS if name in row),
                )
            )
    return out


def load_corrections() -> list[Example]:
    """The agents' corrections (assistant.models.Example), newest last."""
    from assistant.models import Example as Correction

    return [
        Example(text=text, intent=intent, language=language, source="correction")
        for text, intent, language in Correction.objects.order_by("id").values_list(
            "text", "intent", "language"
        )
        if intent in INTENTS and text.strip()
    ]


def _key(encoder_name: str, text: str) -> str:
    return hashlib.sha1(f"{encoder_name}\0{text}".encode(), usedforsecurity=False).hexdigest()


class EmbeddingCache:
    """Vectors of texts already embedded, keyed by encoder and text; stored as float16 (1.5 MB for 2k)."""

    def __init__(self, encoder: Encoder, paths: Sequence[Path] = ()) -> None:
        self.encoder = encoder
        self.vectors: dict[str, np.ndarray] = {}
        for path in paths:
            if path.exists():
                with np.load(path, allow_pickle=False) as data:
                    for key, vector in zip(data["keys"], data["vectors"], strict=True):
                        self.vectors[str(key)] = vector.astype(np.float32)

    def embed(
        self, texts: Sequence[str], *, progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None
    ) -> np.ndarray:
        keys = [_key(self.encoder.name, t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in self.vectors}.items())
        batches = [missing[i : i + 32] for i in range(0, len(missing), 32)]
        for batch in progress(batches) if progress else batches:
            encoded = self.encoder.encode([t for _, t in batch])
            for (key, _), vector in zip(batch, encoded, strict=True):
                self.vectors[key] = vector
        if not keys:
            return np.zeros((0, self.encoder.dim), dtype=np.float32)
        return np.stack([self.vectors[k] for k in keys]).astype(np.float32)

    def save(self, path: Path, texts: Sequence[str]) -> None:
        keys = sorted({_key(self.encoder.name, t) for t in texts} & self.vectors.keys())
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path, keys=np.array(keys), vectors=np.stack([self.vectors[k] for k in keys]).astype(np.float16)
        )


# Which examples teach each flag: a flag is only marked where it matters.
_FLAG_SCOPE: dict[str, Callable[[Example], bool]] = {
    "distress": lambda e: True,
    "social_engineering_risk": lambda e: True,
    "needs_account": lambda e: INTENTS[e.intent].group == "how_to",
    "fiat": lambda e: e.intent in ("withdrawal_pending", "complaint_repeat_followup"),
    "over_7_days": lambda e: e.intent == "complaint_repeat_followup",
}
MIN_POSITIVES = 6


def fit(
    examples: Sequence[Example], vectors: np.ndarray, *, encoder_name: str, c: float = DEFAULT_C
) -> tuple[Model, dict[str, Any]]:
    from sklearn.linear_model import LogisticRegression

    labels = np.array([e.intent for e in examples])
    # Balanced: the bank has twice as many examples of some intents as of others (measured: docs/tier0.md).
    head = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    head.fit(vectors, labels)
    classes = tuple(str(x) for x in head.classes_)
    missing = [name for name in INTENT_NAMES if name not in classes]
    if missing:
        raise ValueError(f"the bank has no examples of: {', '.join(missing)}")

    flag_names: list[str] = []
    coefs: list[np.ndarray] = []
    intercepts: list[float] = []
    flag_stats: dict[str, Any] = {}
    for name in FLAGS:
        rows = [i for i, e in enumerate(examples) if _FLAG_SCOPE[name](e)]
        y = np.array([examples[i].flag(name) for i in rows], dtype=bool)
        flag_stats[name] = {"examples": len(rows), "positives": int(y.sum())}
        if y.sum() < MIN_POSITIVES or (~y).sum() < MIN_POSITIVES:
            continue
        binary = LogisticRegression(C=c / 2, max_iter=5000, class_weight="balanced")
        binary.fit(vectors[rows], y)
        flag_names.append(name)
        coefs.append(binary.coef_[0].astype(np.float32))
        intercepts.append(float(binary.intercept_[0]))

    model = Model(
        encoder=encoder_name,
        classes=classes,
        coef=head.coef_.astype(np.float32),
        intercept=head.intercept_.astype(np.float32),
        flag_names=tuple(flag_names),
        flag_coef=np.stack(coefs) if coefs else np.zeros((0, vectors.shape[1]), dtype=np.float32),
        flag_intercept=np.array(intercepts, dtype=np.float32),
    )
    return model, flag_stats


def train(
    *,
    encoder: Encoder,
    out_dir: Path,
    corrections: Sequence[Example] = (),
    c: float = DEFAULT_C,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> Model:
    bank = load_bank()
    examples = [*bank, *corrections]
    cache = EmbeddingCache(encoder, [PACKAGED_DIR / CACHE_NAME, out_dir / CACHE_NAME])
    vectors = cache.embed([e.text for e in examples], progress=progress)
    model, flag_stats = fit(examples, vectors, encoder_name=encoder.name, c=c)
    model.meta = {
        "bank_sha256": bank_sha256(),
        "examples": len(examples),
        "bank_examples": len(bank),
        "corrections": len(corrections),
        "c": c,
        "flags": flag_stats,
    }
    model.save(out_dir)
    cache.save(out_dir / CACHE_NAME, [e.text for e in examples])
    return model

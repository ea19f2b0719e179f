"""The engine: one encoder, one language identifier and one trained model per process, loaded on first
use under a lock, and `read` assembling a `Reading` from them."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.engine import lexicon, rules
from assistant.engine.artifacts import Model, model_dir
from assistant.engine.encoder import E5Encoder, Encoder
from assistant.engine.language import LanguageIdentifier, identifier
from assistant.engine.mentions import mentions
from assistant.taxonomy import INTENTS
from assistant.types import Reading

TOP_SCORES = 3


class Engine:
    def __init__(
        self, *, model: Model, encoder: Encoder, languages: LanguageIdentifier | None = None
    ) -> None:
        if encoder.name != model.encoder:
            raise ValueError(f"the model was trained on {model.encoder!r} vectors, not {encoder.name!r}")
        self.model = model
        self.encoder = encoder
        self.languages = languages or identifier("combined")

    @classmethod
    def from_dir(cls, directory: Path, *, encoder: Encoder | None = None) -> Engine:
        model = Model.load(directory)
        if encoder is None:
            prefix = model.encoder.rsplit("/", 1)[-1]
            encoder = E5Encoder(prefix=prefix)
        return cls(model=model, encoder=encoder)

    def warm(self) -> None:
        self.read("warm up")

    def read(self, text: str, *, channel: str = "") -> Reading:
        return self.read_many([text])[0]

    def read_many(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> list[Reading]:
        if vectors is None:
            vectors = self.encoder.encode(list(texts))
        intent_p = self.model.intent_probabilities(vectors)
        flag_p = self.model.flag_probabilities(vectors)
        flag_limits = {name: self.model.flag_threshold(name) for name in self.model.flag_names}
        return [
            self._reading(
                text,
                intent_p[i],
                {name: float(p[i]) for name, p in flag_p.items()},
                flag_limits,
            )
            for i, text in enumerate(texts)
        ]

    def _reading(
        self, text: str, probabilities: np.ndarray, flag_p: dict[str, float], flag_limits: dict[str, float]
    ) -> Reading:
        order = np.argsort(-probabilities)
        scores = [(self.model.classes[i], float(probabilities[i])) for i in order]
        intent, top = scores[0]
        confidence = top - (scores[1][1] if len(scores) > 1 else 0.0)
        waiting = lexicon.own_transfer_waiting(text) if INTENTS[intent].group == "how_to" else None
        if waiting:
            # "How long do withdrawals take? Mine has been pending 7 hours" is the pending withdrawal
            # (the taxonomy's rule: an account-specific problem beats the question it is phrased as).
            specific = next(((n, p) for n, p in scores[:5] if INTENTS[n].group == "account_specific"), None)
            if specific:
                intent = specific[0]
                confidence = 0.0
        language, language_confidence = self.languages.identify(text)
        found = rules.flags(text, intent, flag_p, flag_limits)
        escalation = None
        group = INTENTS[intent].group
        if group != "security" and intent != "api_key_compromised":
            # An incident beats everything else the message is about.
            key = lexicon.find(lexicon.API_KEY_LEAK, text)
            # A takeover read as another team's case (a "pending withdrawal" that is a thief's): to security.
            misrouted = (
                group in ("account_specific", "out_of_scope") and INTENTS[intent].team != "account_security"
            )
            takeover = lexicon.find(lexicon.TAKEOVER, text) if misrouted else []
            escalation = (
                ("api_key_compromised", key) if key else ("account_hacked", takeover) if takeover else None
            )
        if escalation is None and not found.social_engineering_risk and group != "security":
            # Naming a regulator or a lawyer makes it a complaint, whatever it is about (the taxonomy: only
            # an active security incident beats a complaint).
            regulator = lexicon.find(lexicon.REGULATOR, text)
            legal = lexicon.find(lexicon.LEGAL, text)
            escalation = (
                ("regulator_complaint", regulator)
                if regulator
                else ("legal_threat", legal)
                if legal
                else None
            )
        if escalation and escalation[0] != intent:
            intent, confidence = escalation[0], 0.0
            found = rules.flags(text, intent, flag_p, flag_limits)
            found.reasons.insert(0, escalation[1][0])
        if waiting:
            found.reasons.insert(0, waiting)
            found.needs_account = INTENTS[intent].group == "how_to"
        threshold = self.model.threshold(intent)
        team = rules.specialty(intent, found, scores, confident=confidence >= threshold)
        level, why = rules.priority(text, intent, found, scores, team)
        reasons = [*found.reasons]
        if level in ("urgent", "high"):
            reasons.append(f"priority {level}: {why}")
        return Reading(
            text=text,
            language=language,
            language_confidence=round(float(language_confidence), 4),
            intent=intent,
            confidence=round(confidence, 4),
            threshold=threshold,
            scores=tuple((name, round(p, 4)) for name, p in scores[:TOP_SCORES]),
            specialty=team,
            priority=level,
            distress=found.distress,
            social_engineering_risk=found.social_engineering_risk,
            needs_account=found.needs_account,
            reasons=tuple(reasons),
            mentions=mentions(text),
        )


_engine: Engine | None = None
_lock = threading.Lock()


def engine() -> Engine:
    """The process's engine, loaded and warmed on first use (thread-safe)."""
    global _engine
    if _engine is None:
        with _lock:
            if _engine is None:
                loaded = Engine.from_dir(model_dir())
                loaded.warm()
                _engine = loaded
    return _engine


def reset() -> None:
    """Forget the loaded engine (after a retrain in the same process, and in tests)."""
    global _engine
    with _lock:
        _engine = None

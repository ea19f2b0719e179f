"""What tier 0 reads off a message (`Reading`, from `assistant.engine`) and what it decides to do with
it (`Decision`, from `assistant.decide`). Plain data, shared by the engine, the decision, the services,
the offline command and the tests."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

DecisionKind = Literal["answer", "handoff"]


@dataclass(frozen=True)
class Mention:
    kind: str  # one of taxonomy.MENTION_KINDS
    value: str


@dataclass(frozen=True)
class Reading:
    """Everything the engine reads off one customer message, with its reasons.

    `confidence` is the classifier's top-1 probability minus its top-2 probability; `threshold` is the
    calibrated threshold of `intent` (confidence must reach it for tier 0 to answer). `reasons` are the
    facts behind `distress`, `social_engineering_risk` and `priority`, each a short sentence an agent
    can check against the text ("all capitals", "asks for the 2FA code to be reset without checks")."""

    text: str
    language: str  # ISO 639-1, e.g. "pt", "zh"
    language_confidence: float
    intent: str  # one of taxonomy.INTENT_NAMES
    confidence: float
    threshold: float
    scores: tuple[tuple[str, float], ...]  # the top intents and their probabilities, best first
    specialty: str  # one of taxonomy.SPECIALTIES
    priority: str  # low | normal | high | urgent
    distress: bool
    social_engineering_risk: bool
    # The message asks about the customer's own data ("what is *my* limit"): a how-to intent that an
    # article alone cannot settle.
    needs_account: bool = False
    reasons: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()

    @property
    def confident(self) -> bool:
        return self.confidence >= self.threshold

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["scores"] = [[name, round(p, 4)] for name, p in self.scores]
        data["mentions"] = [{"kind": m.kind, "value": m.value} for m in self.mentions]
        data["reasons"] = list(self.reasons)
        return data


@dataclass(frozen=True)
class Decision:
    """What tier 0 does with a message: answer it (from a vetted article or the exchange's data) or hand
    it to a person, and the text the customer is sent either way."""

    kind: DecisionKind
    why: str  # for agents: "security intent", "confidence 0.41 below 0.62", "article answer"
    reply: str  # what the customer is told (the answer, or who will answer and when)
    language: str  # the language `reply` is written in
    article: str = ""  # slug of the article the answer is drawn from
    article_url: str = ""
    # The exchange's facts an answer from data showed (status answers), for agents and the audit.
    facts: dict[str, Any] = field(default_factory=dict)
    # The specialty and priority the case goes to (a handoff), as the reading set them or the data
    # changed them (a withdrawal stuck past its expected time is high).
    specialty: str = ""
    priority: str = ""

    @property
    def answers(self) -> bool:
        return self.kind == "answer"

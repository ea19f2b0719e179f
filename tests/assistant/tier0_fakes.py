"""Hand-built readings and decisions for tier 0's channel tests: the engine and the decision are
replaced by a script, so each test says exactly what tier 0 read and decided, and tests what the
channels do with it (the engine and the decision have their own tests)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from assistant import decide as deciding
from assistant.types import Decision, Reading

NOTICE = "Our account security team will answer you here, in about 5 minutes."
ANSWER = "To turn on 2FA, open Security, choose Authenticator app and scan the code."
ARTICLE_URL = "/help/en/articles/enable-2fa/"


def reading(text: str = "how do I turn on 2fa", **changes: Any) -> Reading:
    base = Reading(
        text=text,
        language="en",
        language_confidence=0.99,
        intent="twofa_setup_howto",
        confidence=0.8,
        threshold=0.5,
        scores=(("twofa_setup_howto", 0.85), ("account_locked", 0.05)),
        specialty="account_security",
        priority="low",
        distress=False,
        social_engineering_risk=False,
    )
    return dataclasses.replace(base, **changes)


def answer(reply: str = ANSWER, **changes: Any) -> Decision:
    base = Decision(
        kind="answer",
        why="article answer",
        reply=reply,
        language="en",
        article="enable-2fa",
        article_url=ARTICLE_URL,
    )
    return dataclasses.replace(base, **changes)


def handoff(why: str = "security intent", **changes: Any) -> Decision:
    base = Decision(
        kind="handoff",
        why=why,
        reply="",
        language="en",
        specialty="account_security",
        priority="high",
    )
    return dataclasses.replace(base, **changes)


@dataclasses.dataclass
class Script:
    """What tier 0 decides, message after message (the last one repeats), and what it was asked."""

    decisions: list[Decision]
    contexts: list[deciding.Context] = dataclasses.field(default_factory=list)
    texts: list[str] = dataclasses.field(default_factory=list)

    def read(self, text: str, *, channel: str = "") -> Reading:
        self.texts.append(text)
        return reading(text)

    def decide(self, reading: Reading, *, context: deciding.Context) -> Decision:
        self.contexts.append(context)
        index = min(len(self.contexts), len(self.decisions)) - 1
        return self.decisions[index]

    def says(self, *decisions: Decision) -> None:
        self.decisions = list(decisions)


@pytest.fixture
def tier0(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Script]:
    """Tier 0 on, answering by default; `tier0.says(...)` scripts it."""
    settings.ASSISTANT_ENABLED = True
    script = Script(decisions=[answer()])
    monkeypatch.setattr("assistant.services.read", script.read)
    monkeypatch.setattr("assistant.decide.decide", script.decide)
    monkeypatch.setattr("assistant.services.handoff_notice", lambda **kw: NOTICE)
    monkeypatch.setattr("assistant.delivery.handoff_notice", lambda **kw: NOTICE)
    yield script

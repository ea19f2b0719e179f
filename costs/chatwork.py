"""Which agents were in a live chat, and from when to when: pure functions over the chat's timeline.

An agent is in a chat from the moment they join it (the chat is assigned to them, which is what
accepting it does) or first write in it (a reply or an internal note), whichever comes first, until
the chat ends or moves away from them (assigned to someone else, unassigned, transferred, escalated
or overflowed to another team). An agent who comes back later gets another span. docs/costs.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# System events after which nobody holds the chat any more (the ticket's assignee is cleared).
RELEASING_EVENTS = frozenset({"unassigned", "transferred", "escalated", "overflowed"})


@dataclass(frozen=True)
class ChatStep:
    """One timeline fact about a chat: `agent` joined (assigned), wrote, or everyone was released."""

    at: dt.datetime
    kind: str  # "assigned" (to `agent`), "wrote" (`agent` replied or noted), "released"
    agent: int | None = None


@dataclass(frozen=True)
class ChatSpan:
    agent: int
    started_at: dt.datetime
    ended_at: dt.datetime


def chat_spans(steps: list[ChatStep], *, ended_at: dt.datetime) -> list[ChatSpan]:
    """The spans of every agent in a chat that ended at `ended_at`, from its steps in time order."""
    open_since: dict[int, dt.datetime] = {}
    spans: list[ChatSpan] = []

    def close(agent: int, at: dt.datetime) -> None:
        start = open_since.pop(agent)
        if at > start:
            spans.append(ChatSpan(agent=agent, started_at=start, ended_at=at))

    for step in steps:
        if step.at >= ended_at:
            break
        if step.kind == "released":
            for agent in list(open_since):
                close(agent, step.at)
        elif step.kind == "assigned" and step.agent is not None:
            # The chat is now this agent's alone: whoever else had it handed it over.
            for agent in [a for a in open_since if a != step.agent]:
                close(agent, step.at)
            open_since.setdefault(step.agent, step.at)
        elif step.kind == "wrote" and step.agent is not None:
            open_since.setdefault(step.agent, step.at)
    for agent in list(open_since):
        close(agent, ended_at)
    return sorted(spans, key=lambda s: (s.started_at, s.agent))


def step_of(*, kind: str, author_id: int | None, data: dict[str, object], at: dt.datetime) -> ChatStep | None:
    """The chat step a timeline entry is, if any (`kind` is the entry's EntryKind value)."""
    if kind in ("agent_reply", "internal_note"):
        return ChatStep(at=at, kind="wrote", agent=author_id) if author_id else None
    event = str((data or {}).get("event", ""))
    if event == "assigned":
        to = (data or {}).get("to")
        return ChatStep(at=at, kind="assigned", agent=to) if isinstance(to, int) else None
    if event in RELEASING_EVENTS:
        return ChatStep(at=at, kind="released")
    return None

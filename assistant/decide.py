"""What tier 0 does with a reading: answer from a vetted article or the exchange's data, or hand off.

Contract:

    @dataclass(frozen=True)
    class Context:
        channel: str
        answers_allowed: bool          # admins let tier 0 answer on this channel in this language
        failed_answers: int            # earlier tier-0 answers on this case the customer came back after
        previous_articles: tuple[str, ...]
        external_id: str | None        # the exchange customer, only when the exchange vouches for who wrote
        now: datetime

    decide(reading, *, context) -> Decision     # may call the exchange (read-only); no database writes
    with_reply(decision, reply) -> Decision     # the same decision with the customer's text replaced
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from assistant import answers, status
from assistant.taxonomy import ANSWERABLE_GROUPS, INTENTS, PRIORITIES
from assistant.types import Decision, Reading


@dataclass(frozen=True)
class Context:
    channel: str
    answers_allowed: bool
    failed_answers: int
    previous_articles: tuple[str, ...]
    external_id: str | None
    now: dt.datetime


def decide(reading: Reading, *, context: Context) -> Decision:
    """The rules, in order; the first that applies decides. `why` says which, for agents."""

    def handoff(why: str, **extra: Any) -> Decision:
        return Decision(
            kind="handoff",
            why=why,
            reply="",
            language=reading.language,
            specialty=extra.pop("specialty", "") or reading.specialty,
            # What the exchange's data shows may raise the reading's priority, never lower it.
            priority=_higher(extra.pop("priority", ""), reading.priority),
            **extra,
        )

    if reading.social_engineering_risk:
        reasons = "; ".join(reading.reasons[:3])
        return handoff(
            "social-engineering risk" + (f": {reasons}" if reasons else ""), specialty="account_security"
        )
    intent = INTENTS.get(reading.intent)
    if intent is None or intent.group not in ANSWERABLE_GROUPS:
        group = intent.group if intent else "unknown"
        if intent is not None and status.applies(intent.name, context.external_id):
            return _status_decision(reading, context, handoff)
        return handoff(f"{group.replace('_', '-')} intent {reading.intent}: a person handles it")
    if reading.distress:
        return handoff("distress: " + ("; ".join(reading.reasons[:3]) or "the customer is upset"))
    blocked = _blocked(reading, context)
    if blocked:
        return handoff(blocked)
    words = answers.reply_language(reading.language)
    if intent.name in answers.GREETING_INTENTS:
        return Decision(
            kind="answer",
            why="greeting: no request to answer",
            reply=answers.greeting_reply(language=reading.language, channel=context.channel),
            language=words,
            specialty=reading.specialty,
            priority="low",
        )
    article = answers.article_answer(intent.name, reading.text, reading.language)
    if article is None:
        return handoff(f"no published article answers {intent.name}")
    if context.failed_answers == 1 and article.slug in context.previous_articles:
        return handoff(f"the article {article.slug} was already sent and did not settle it")
    kind = "redirect" if intent.name in answers.REDIRECTS else "article answer"
    return Decision(
        kind="answer",
        why=f"{kind}: {article.slug}" + ("" if article.translated else " (in English, not yet translated)"),
        reply=answers.article_reply(
            intent=intent.name, answer=article, language=reading.language, channel=context.channel
        ),
        language=words,
        article=article.slug,
        article_url=article.url,
        specialty=reading.specialty,
        priority="low",
    )


def _higher(a: str, b: str) -> str:
    rank = {name: i for i, name in enumerate(PRIORITIES)}
    return max((p for p in (a, b) if p in rank), key=rank.__getitem__, default=b)


def _blocked(
    reading: Reading, context: Context, *, from_data: bool = False, confidence: float | None = None
) -> str:
    """Why tier 0 may not answer a message it could answer ("" when it may). An answer from the
    exchange's data is the customer's own data: `needs_account` does not stop it."""
    if reading.needs_account and not from_data:
        return "needs the customer's own account data"
    if not context.answers_allowed:
        return f"tier 0 does not answer on {context.channel or 'this channel'} in {reading.language}"
    if confidence is not None and confidence < reading.threshold:
        return f"status confidence {confidence:.2f} below {reading.threshold:.2f}"
    if confidence is None and not reading.confident:
        return f"confidence {reading.confidence:.2f} below {reading.threshold:.2f}"
    if context.failed_answers >= 2:
        return "a second answer did not settle it"
    return ""


def _status_decision(reading: Reading, context: Context, handoff: Any) -> Decision:
    """A status question of a customer the exchange vouches for: answered from the exchange's data when
    it settles it and nothing else stops tier 0; else a person, with the facts."""
    assert context.external_id
    confidence, either_direction = _status_confidence(reading)
    outcome = status.status_answer(
        intent=reading.intent,
        text=reading.text,
        mentions=[(m.kind, m.value) for m in reading.mentions],
        external_id=context.external_id,
        language=reading.language,
        channel=context.channel,
        distress=reading.distress,
        specialty=reading.specialty,
        now=context.now,
        either_direction=either_direction,
    )
    if not outcome.settled:
        return handoff(
            outcome.why, facts=outcome.facts, specialty=outcome.specialty, priority=outcome.priority
        )
    blocked = _blocked(reading, context, from_data=True, confidence=confidence) or (
        "the status answer already sent did not settle it" if context.failed_answers else ""
    )
    if blocked:
        return handoff(f"{blocked} (the data alone would settle it)", facts=outcome.facts)
    return Decision(
        kind="answer",
        why=outcome.why,
        reply=outcome.reply,
        language=answers.reply_language(reading.language),
        facts=outcome.facts,
        specialty=outcome.specialty,
        priority="low",
    )


def with_reply(decision: Decision, reply: str) -> Decision:
    return dataclasses.replace(decision, reply=reply)


# The other status intent at this share of the top one or more: the reading cannot tell a withdrawal
# from a deposit, and the transfer is looked for in both directions.
AMBIGUOUS_DIRECTION = 0.5


def _status_confidence(reading: Reading) -> tuple[float, bool]:
    """How surely the message asks where money in transit is, and whether the direction is in doubt.

    A status answer needs the message to be about a withdrawal or deposit in transit; which of the two
    the data then shows. So the margin counted is both status intents' probability over the best other
    intent (a message read 0.22 deposit / 0.21 withdrawal is clearly about money in transit)."""
    p = dict(reading.scores)
    mine = p.get(reading.intent, 0.0)
    other_status = sum(p.get(name, 0.0) for name in status.STATUS_INTENTS if name != reading.intent)
    best_other = max((v for k, v in reading.scores if k not in status.STATUS_INTENTS), default=0.0)
    return mine + other_status - best_other, other_status >= AMBIGUOUS_DIRECTION * mine > 0

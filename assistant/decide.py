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
    raise NotImplementedError


def with_reply(decision: Decision, reply: str) -> Decision:
    return dataclasses.replace(decision, reply=reply)

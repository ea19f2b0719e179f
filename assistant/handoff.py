"""What a customer is told when tier 0 hands the case to a person: who will answer and when.

Contract:

    handoff_notice(*, ticket, language, now) -> str

The team the case was routed to (by its customer-facing name), and an honest expected wait: the live
chat queue's estimate, the first-response target of the SLA, or, outside the team's hours, when its next
shift (or the follow-the-sun team's) starts. In `language`, falling back to English.
"""

from __future__ import annotations

import datetime as dt

from tickets.models import Ticket


def handoff_notice(*, ticket: Ticket, language: str, now: dt.datetime) -> str:
    raise NotImplementedError

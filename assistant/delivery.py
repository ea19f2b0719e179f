"""How tier 0's message reaches the customer: through the case's own channel.

Contract:

    BOT_USERNAME = "assistant"
    deliver(*, ticket, assessment, decision, now) -> TimelineEntry | None
        In the caller's transaction (the ticket row is locked). Posts `decision.reply` as the assistant
        (a system identity). Chat: a numbered chat message with the choices "this solved it" / "talk to
        a person" when it answers, and the conversation stays with tier 0; on a hand-off the
        conversation is released to the agents' offers. Email, web form, API: a public reply (mail's
        outbox sends it), and an answered case is set pending on the customer.
    release(*, ticket, now) -> None
        A chat held by tier 0 goes to the agents' offers (nothing for other channels).
"""

from __future__ import annotations

import datetime as dt

from assistant.models import Assessment
from assistant.types import Decision
from tickets.models import Ticket, TimelineEntry

BOT_USERNAME = "assistant"


def deliver(
    *, ticket: Ticket, assessment: Assessment, decision: Decision, now: dt.datetime
) -> TimelineEntry | None:
    raise NotImplementedError


def release(*, ticket: Ticket, now: dt.datetime) -> None:
    raise NotImplementedError

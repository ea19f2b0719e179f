"""What an intake step is given: the shape every step of `intake.pipeline` shares.

Kept apart from the pipeline so that the apps whose steps the pipeline runs (routing, SLA, triage,
incidents, ...) can name this type without importing the pipeline that imports them.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from routing.models import Team
from tickets.models import Ticket, TimelineEntry


class OpeningClock(Protocol):
    """A new case's SLA clock written with the case (sla.services.opening.ClockOpening)."""

    def follow(self, ticket: Ticket, *, now: dt.datetime, entry: TimelineEntry | None) -> object: ...


@dataclass(frozen=True)
class Intake:
    """What a step knows about the message beyond the ticket itself."""

    now: dt.datetime
    # The customer's message that started this pass: the first message of a new ticket, or the new one.
    entry: TimelineEntry | None = None
    # Where the case goes when no routing rule decides (the team an email mailbox feeds).
    default_team: Team | None = None
    # Whether routing may decide at all: False when the caller chose the team.
    route: bool = True
    # Whether routing hands the case to an available agent: a live chat is offered by the chat
    # service instead, to an agent who accepts it.
    push: bool = True
    # Whether the ticket was opened in this pass (its first message): nothing about it exists yet
    # beyond what the steps before have written, so a step need not look for earlier state.
    new_ticket: bool = False
    # A new case written in one statement with its rows (intake.pipeline.ticket_open): tier 0's pending
    # reading, whose task its step queues, and the SLA clock, which its step brings up to date.
    assessment_id: int | None = None
    clock: OpeningClock | None = None


# A step returns None, or the `Intake` the later steps of the same pass see instead.
Step = Callable[[Ticket, Intake], "Intake | None"]

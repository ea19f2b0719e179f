"""What an intake step is given: the shape every step of `intake.pipeline` shares.

Kept apart from the pipeline so that the apps whose steps the pipeline runs (routing, SLA, triage,
incidents, ...) can name this type without importing the pipeline that imports them.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from routing.models import Team
from tickets.models import Ticket, TimelineEntry


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


# A step returns None, or the `Intake` the later steps of the same pass see instead.
Step = Callable[[Ticket, Intake], "Intake | None"]

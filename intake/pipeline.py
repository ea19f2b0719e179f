"""Intake: what happens to a new ticket and to a customer's new message, in order, in one place.

A new ticket:           ticket_create → route → sla
A customer's message:   ticket_customer_message → sla

`tickets.services` writes the ticket and its entry and knows nothing of the steps; each step below is
a function over the new ticket (or the ticket of the new entry) that writes through its own app's
services, in the caller's transaction. No signals: the order is the order of `NEW_TICKET_STEPS` and
`CUSTOMER_MESSAGE_STEPS`. The next steps (language detection and secret redaction, triage, classify)
go before `route` in these tuples, each as a function of the same shape with its own tests.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from routing.models import Team
from routing.services import ticket_route
from sla.services import sla_recompute
from tickets.models import Ticket, TimelineEntry
from tickets.services import ticket_create, ticket_customer_message


@dataclass(frozen=True)
class Intake:
    """What a step knows about the message beyond the ticket itself."""

    now: dt.datetime
    # The customer's message that started this pass: the first message of a new ticket, or the new one.
    entry: TimelineEntry | None = None
    # Where the case goes when no routing rule decides (the team an email mailbox feeds).
    default_team: Team | None = None
    # Whether routing may decide at all: a caller that chose the team, or routes on its own terms.
    route: bool = True


Step = Callable[[Ticket, Intake], None]


def route(ticket: Ticket, intake: Intake) -> None:
    """The routing rules set tier, team and priority, and an available agent is offered the case."""
    if intake.route and ticket.team_id is None:
        ticket_route(ticket=ticket, now=intake.now, default_team=intake.default_team)


def sla(ticket: Ticket, intake: Intake) -> None:
    """The SLA clock starts (a new ticket) or moves (the customer wrote again)."""
    sla_recompute(ticket=ticket, now=intake.now)


NEW_TICKET_STEPS: Sequence[Step] = (route, sla)
CUSTOMER_MESSAGE_STEPS: Sequence[Step] = (sla,)


def _run(steps: Sequence[Step], ticket: Ticket, intake: Intake) -> None:
    for step in steps:
        step(ticket, intake)


def ticket_open(*, route: bool = True, default_team: Team | None = None, **fields: Any) -> Ticket:
    """Open a ticket with the customer's first message (`fields` as `ticket_create` takes them) and run
    the new-ticket steps on it, all in one transaction. `route=False` leaves routing to the caller."""
    with transaction.atomic():
        ticket = ticket_create(**fields)
        entry = ticket.entries.order_by("pk").first()
        intake = Intake(now=ticket.created_at, entry=entry, default_team=default_team, route=route)
        _run(NEW_TICKET_STEPS, ticket, intake)
    return ticket


def customer_message_add(**fields: Any) -> TimelineEntry:
    """The customer writes again on a ticket (`fields` as `ticket_customer_message` takes them); the
    customer-message steps run on its ticket in the same transaction."""
    with transaction.atomic():
        entry = ticket_customer_message(**fields)
        _run(CUSTOMER_MESSAGE_STEPS, entry.ticket, Intake(now=entry.created_at, entry=entry))
    return entry

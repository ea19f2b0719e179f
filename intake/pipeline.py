"""Intake: what happens to a new ticket and to a customer's new message, in order, in one place.

A new ticket:           ticket_create_with_entry → language → triage → incident → tier 0 → route → sla
A customer's message:   ticket_customer_message → language → triage → incident → tier 0 → sla

The message's language is read before it is written, like secrets are redacted (intake/language.py):
what was read goes on its entry, and a new ticket starts in it, so `route` reads it.

`tickets.services` writes the ticket and its entry and knows nothing of the steps; each step below is
a function over the new ticket (or the ticket of the new entry) that writes through its own app's
services, in the caller's transaction. No signals: the order is the order of `NEW_TICKET_STEPS` and
`CUSTOMER_MESSAGE_STEPS`. The next steps (classify)
go before `route` in these tuples, each a `Step` (intake/types.py) with its own tests; a step's module
imports `Intake` from `intake.types`, never from here, since this module imports the steps.

What follows an agent's change (reply, status, assignment, transfer) is `casework.services`.
"""

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NotRequired, TypedDict, Unpack

from django.db import connection, transaction

from accounts.models import User
from approvals.redaction_steps import secret_redacted_step, secrets_redact
from approvals.risk_steps import (
    risk_first_step,
    risk_followup_step,
    risk_look_columns,
    risk_look_hold,
    risk_look_params,
)
from assistant.steps import (
    FirstReading,
    assistant_first_step,
    assistant_followup_step,
    unsettled_answer_column,
    unsettled_answer_hold,
    unsettled_answer_params,
)
from customers.models import Customer
from incidents.steps import (
    active_version_column,
    active_version_hold,
    active_version_params,
    incident_step,
)
from intake.language import language_first_step, language_followup_step, message_language_read
from intake.types import Intake, Step
from routing.models import Team
from routing.services import ticket_route
from sla.services import sla_recompute
from sla.services.clock import message_with_clock
from sla.services.opening import ClockOpening
from tickets.attachments import IncomingFile
from tickets.merging import merge_target
from tickets.models import EntryKind, Ticket, TimelineEntry
from tickets.services import (
    AlsoWrite,
    ticket_create_with_entry,
    ticket_customer_message,
    write_transaction,
)
from triage.steps import triage_step

__all__ = [
    "CUSTOMER_MESSAGE_STEPS",
    "NEW_TICKET_STEPS",
    "CustomerMessage",
    "Intake",
    "NewTicket",
    "Step",
    "customer_message_add",
    "customer_message_held_columns",
    "customer_message_held_params",
    "customer_message_hold",
    "route",
    "sla",
    "sla_first",
    "ticket_open",
    "ticket_open_as_written",
]


class NewTicket(TypedDict):
    """A new ticket and its first message, as `tickets.services.ticket_create_with_entry` takes them."""

    customer: Customer
    subject: str
    body: str
    channel: NotRequired[str]
    actor: NotRequired[User | None]
    body_format: NotRequired[str]
    priority: NotRequired[int]
    category: NotRequired[str]
    language: NotRequired[str | None]
    tags: NotRequired[Iterable[str]]
    # A team the caller chose: routing then leaves the case there.
    team: NotRequired[Team | None]
    tier: NotRequired[int]
    assignee: NotRequired[User | None]
    attachments: NotRequired[Sequence[IncomingFile]]
    seq: NotRequired[int | None]
    client_id: NotRequired[str]
    entry_data: NotRequired[dict[str, Any] | None]


class CustomerMessage(TypedDict):
    """The customer's new message, as `tickets.services.ticket_customer_message` takes it."""

    ticket: Ticket
    body: str
    channel: NotRequired[str | None]
    body_format: NotRequired[str]
    attachments: NotRequired[Sequence[IncomingFile]]
    actor: NotRequired[User | None]
    seq: NotRequired[int | None]
    client_id: NotRequired[str]
    entry_data: NotRequired[dict[str, Any] | None]
    # The caller read `ticket` under its row lock in this transaction (live chat locks it with the
    # conversation): the core does not read it again.
    held: NotRequired[bool]
    # The caller's write in the message's own statement (live chat numbers its conversation).
    also: NotRequired[AlsoWrite | None]
    # The message's time, chosen before the write (`_with_clock`).
    at: NotRequired[dt.datetime | None]


def route(ticket: Ticket, intake: Intake) -> None:
    """The routing rules set tier, team and priority, and an available agent is offered the case."""
    if intake.route and ticket.team_id is None:
        ticket_route(ticket=ticket, now=intake.now, default_team=intake.default_team, push=intake.push)


def sla(ticket: Ticket, intake: Intake) -> None:
    """The SLA clock moves: the customer wrote again."""
    sla_recompute(ticket=ticket, now=intake.now, entry=intake.entry)


def sla_first(ticket: Ticket, intake: Intake) -> None:
    """The SLA clock of a case opened in this transaction starts (nothing before it can have one): the
    one written with the case, brought up to what the steps changed, or a new one."""
    if intake.clock is not None:
        intake.clock.follow(ticket, now=intake.now, entry=intake.entry)
    else:
        sla_recompute(ticket=ticket, now=intake.now, entry=intake.entry, new_ticket=True)


# redaction: what the door took out of the message is recorded, and the customer warned after commit.
# triage: hashes, addresses, memos and networks become mentions; their look-up is queued after commit.
# incident: a message about an active incident links its ticket and is answered with its notice.
# tier 0: the message is read in the worker (language, intent, risk); a new case's routing waits for
#   that reading, which routes it (assistant.services), so `route` below is skipped for it.
# risk: a chat, or a case asking for a high-risk action, is assessed in the worker (approvals.risk_steps).
# language: a message that says enough in another language moves the ticket's language (intake/language.py).
NEW_TICKET_STEPS: Sequence[Step] = (
    secret_redacted_step,
    language_first_step,
    triage_step,
    incident_step,
    assistant_first_step,
    risk_first_step,
    route,
    sla_first,
)
CUSTOMER_MESSAGE_STEPS: Sequence[Step] = (
    secret_redacted_step,
    language_followup_step,
    triage_step,
    incident_step,
    assistant_followup_step,
    risk_followup_step,
    sla,
)


# What the customer-message steps would read, selected instead by a caller's statement that locks the
# ticket before the message is written (live chat's lock): the incident step's version of the active
# incidents, the risk step's look, tier 0's last reading. Each step takes its value once, on the ticket
# it was held on.
CUSTOMER_MESSAGE_HELD_WIDTH = 4


def customer_message_held_columns(ticket: str) -> str:
    """The columns, for a statement where the SQL expression `ticket` is the ticket's id
    (parameters: `customer_message_held_params`; `CUSTOMER_MESSAGE_HELD_WIDTH` of them)."""
    return f"{active_version_column()}, {risk_look_columns(ticket)}, {unsettled_answer_column(ticket)}"


def customer_message_held_params() -> dict[str, object]:
    return {**active_version_params(), **risk_look_params(), **unsettled_answer_params()}


def customer_message_hold(ticket: Ticket, values: Sequence[Any], *, waited: bool = False) -> None:
    """The values the caller's statement read, in this transaction: the steps of the next customer
    message on `ticket` (this instance, the case itself, not one it was merged into) use them.
    `waited`: the statement's lock waited for another writer of the chat, which may have finished a
    tier-0 reading its subqueries could not see: tier 0's step then reads for itself."""
    active_version_hold(ticket, values[0])
    risk_look_hold(ticket, values[1:3])
    if not waited:
        unsettled_answer_hold(ticket, values[3])


def _run(steps: Sequence[Step], ticket: Ticket, intake: Intake) -> None:
    # A step may hand the later steps a changed `Intake` (tier 0 holds routing until it has read).
    with _all_or_nothing():
        for step in steps:
            intake = step(ticket, intake) or intake


@contextmanager
def _all_or_nothing() -> Iterator[None]:
    """The steps run after the write, in the caller's transaction without a savepoint of their own
    (`write_transaction`): whatever a step raises, a refusal included, marks the transaction for
    rollback, so a caller that catches it can never commit the message without its steps."""
    try:
        yield
    except BaseException:
        if transaction.get_connection().in_atomic_block:
            transaction.set_rollback(True)
        raise


def ticket_open(
    *,
    default_team: Team | None = None,
    route: bool = True,
    push: bool = True,
    **fields: Unpack[NewTicket],
) -> Ticket:
    """Open a ticket with the customer's first message and run the new-ticket steps on it, all in one
    transaction. `default_team` takes the case when no routing rule decides; `route=False` leaves it
    without a team for a caller that routes on its own terms; `push=False` routes a live chat without
    handing it to an agent (the chat service offers it to one, who accepts)."""
    return ticket_open_as_written(default_team=default_team, route=route, push=push, **fields)[0]


class _Statements:
    """An execute wrapper that counts the statements run inside it."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: Any, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def ticket_open_as_written(
    *,
    default_team: Team | None = None,
    route: bool = True,
    push: bool = True,
    **fields: Unpack[NewTicket],
) -> tuple[Ticket, TimelineEntry | None]:
    """`ticket_open`, with the first message when the new-ticket steps ran no statement: the ticket
    (its related rows and tags), and that message, are then the rows as they are in the database, so a
    caller may answer from them instead of reading them back (tier 0 on, as in production, defers
    routing; a redaction, a language change, routing, an incident's link all write). None otherwise."""
    with write_transaction():
        # Secrets the customer pasted are replaced before anything is written (approvals.redaction_steps).
        prior = fields.get("language") or fields["customer"].language
        read = message_language_read(secrets_redact(fields), prior=prior, first=True)
        # Tier 0's pending reading and the SLA clock are written by the ticket's own statement where
        # the core can (PostgreSQL); their steps below then queue the reading and follow the clock.
        reading = FirstReading(default_team=default_team, push=push, route=route)
        clock = ClockOpening()
        ticket, entry = ticket_create_with_entry(**read, also=(reading.write, clock.write))
        intake = Intake(
            now=ticket.created_at,
            entry=entry,
            default_team=default_team,
            route=route,
            push=push,
            new_ticket=True,
            assessment_id=reading.id,
            clock=clock,
        )
        steps = _Statements()
        with connection.execute_wrapper(steps):
            _run(NEW_TICKET_STEPS, ticket, intake)
    return ticket, (entry if steps.count == 0 else None)


def customer_message_add(**fields: Unpack[CustomerMessage]) -> TimelineEntry:
    """The customer writes again on a ticket; the customer-message steps run in the same transaction
    on the case the agents work it on: its ticket, or the one a merged chat's ticket went into (a chat's
    message stays on its own ticket, tickets.services.ticket_customer_message)."""
    with write_transaction():
        redacted = secrets_redact(fields)
        read = message_language_read(redacted, prior=fields["ticket"].language, first=False)
        entry = ticket_customer_message(**_with_clock(read))
        _run(CUSTOMER_MESSAGE_STEPS, merge_target(entry.ticket), Intake(now=entry.created_at, entry=entry))
    return entry


def _with_clock(fields: dict[str, Any]) -> dict[str, Any]:
    """A message on a ticket whose SLA clock the caller locked with it (live chat's lock): its time is
    chosen now and the clock, moved to it, is written by the message's own statement (`also`); the
    `sla` step then finds it done (sla.services.clock.clock_ahead_of_message). Not for a ticket merged
    into another, whose steps move the other case's clock."""
    ticket = fields["ticket"]
    if not fields.get("held") or fields.get("attachments") or ticket.merged_into_id is not None:
        return fields
    at, also = message_with_clock(ticket, kind=EntryKind.CUSTOMER_MESSAGE, also=fields.get("also"))
    return {**fields, "at": at, "also": also}

"""Casework: what follows an agent's (or a sweep's) change to a ticket, in one place.

An agent replies, changes the status, assigns, edits, transfers or escalates; a sweep closes solved
tickets or moves waiting ones. Each function here is that change, in order:

    the write (tickets.services, or routing.services for a move between teams) → the SLA clock follows

all in the caller's transaction, so a change and its clock commit or roll back together. Views, the
API, the chat consumers and services, mail and the tasks call these; `tickets.services` alone writes
without moving the clock (the SLA sweeps use it so, and recompute once at the end). What follows a
customer's message is `intake.pipeline`.
"""

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from customfields.services import ticket_solve_check
from routing import services as routing
from routing.models import Team
from sla.services import sla_recompute
from sla.services.clock import message_with_clock
from tickets import services as core
from tickets.attachments import IncomingFile
from tickets.models import BodyFormat, EntryKind, Status, Ticket, TimelineEntry
from tickets.services import KEEP, _Keep

logger = logging.getLogger(__name__)


def _clock_follows(
    ticket: Ticket, entry: TimelineEntry | None = None, now: dt.datetime | None = None
) -> None:
    # `entry`: the reply just written, so the clock need not read the timeline to find it. `now`: the
    # reply's time when its statement wrote the clock moved to it (`_clock_ahead`).
    sla_recompute(ticket=ticket, entry=entry, now=now)


def _together() -> AbstractContextManager[object]:
    """The write and its clock in one transaction. Inside a caller's transaction (a chat reply, a sweep's
    case) that transaction is the one, and no savepoint is taken here: the write keeps its own, so a
    refused write leaves the caller's transaction usable, and a chat reply, a hot path, pays for no
    extra statements. Otherwise one transaction is opened for the two."""
    return nullcontext() if transaction.get_connection().in_atomic_block else transaction.atomic()


# --- An agent's changes ---------------------------------------------------------------------------


def ticket_reply(
    *,
    ticket: Ticket,
    author: User,
    body: str,
    body_format: str = BodyFormat.TEXT,
    attachments: Sequence[IncomingFile] = (),
    status: str | None = None,
    seq: int | None = None,
    client_id: str = "",
    responds: bool = True,
    held: bool = False,
    also: core.AlsoWrite | None = None,
    seen: int | None = None,
) -> TimelineEntry:
    """A public reply (the first stamps the first response, unless `responds=False`); the clock closes or
    restarts its targets. `held=True`: the caller holds the ticket's row lock (live chat), and `also`
    adds its write to the reply's statement (tickets.services). `seen`: the last entry the author saw;
    a newer customer message or another's reply refuses it (core.ReplyCollision). A reply that solves
    the ticket needs its required custom fields filled in (customfields)."""
    if status == Status.SOLVED:
        ticket_solve_check(ticket=ticket)
    with _together():
        at, also = _clock_ahead(ticket, held=held, attachments=attachments, status=status, also=also)
        entry = core.ticket_reply(
            ticket=ticket,
            author=author,
            body=body,
            body_format=body_format,
            attachments=attachments,
            status=status,
            seq=seq,
            client_id=client_id,
            responds=responds,
            held=held,
            also=also,
            seen=seen,
            at=at,
        )
        _clock_follows(entry.ticket, entry, now=at)
    return entry


def _clock_ahead(
    ticket: Ticket,
    *,
    held: bool,
    attachments: Sequence[IncomingFile],
    status: str | None,
    also: core.AlsoWrite | None,
) -> tuple[dt.datetime | None, core.AlsoWrite | None]:
    """A reply on a ticket whose SLA clock the caller locked with it (live chat's lock), written in one
    statement: its time chosen now and the clock, moved to it, written by the reply's own statement;
    `_clock_follows` then finds it done (sla.services.clock.clock_ahead_of_message). Not for a first
    response or a status change (the reply moves what the clock follows), nor a merged ticket."""
    if not held or attachments or status or ticket.first_response_at is None or ticket.merged_into_id:
        return None, also
    return message_with_clock(ticket, kind=EntryKind.AGENT_REPLY, also=also)


def ticket_reply_recorded(
    *,
    ticket: Ticket,
    body: str,
    body_format: str = BodyFormat.TEXT,
    attachments: Sequence[IncomingFile] = (),
    entry_data: dict[str, Any] | None = None,
) -> TimelineEntry:
    """A reply sent from outside the helpdesk counts as a response on the clock too."""
    with _together():
        entry = core.ticket_reply_recorded(
            ticket=ticket,
            body=body,
            body_format=body_format,
            attachments=attachments,
            entry_data=entry_data,
        )
        _clock_follows(entry.ticket, entry)
    return entry


def ticket_set_status(*, ticket: Ticket, actor: User | None, status: str) -> Ticket:
    """Pending and on hold pause the clock, solved stops it, open runs it again. A ticket is solved only
    with its required custom fields filled in (customfields)."""
    if status == Status.SOLVED:
        ticket_solve_check(ticket=ticket)
    with _together():
        ticket = core.ticket_set_status(ticket=ticket, actor=actor, status=status)
        _clock_follows(ticket)
    return ticket


def ticket_assign(
    *, ticket: Ticket, actor: User | None, assignee: User | None, team: Team | _Keep | None = KEEP
) -> Ticket:
    """Assign (and maybe move to another team); a new team may bring another policy and calendar."""
    with _together():
        ticket = core.ticket_assign(ticket=ticket, actor=actor, assignee=assignee, team=team)
        if not isinstance(team, _Keep):
            _clock_follows(ticket)
    return ticket


def ticket_update(*, ticket: Ticket, actor: User | None, **changes: Any) -> Ticket:
    """Priority, category and tier choose the policy: the clock follows an edit."""
    with _together():
        ticket = core.ticket_update(ticket=ticket, actor=actor, **changes)
        _clock_follows(ticket)
    return ticket


def ticket_transfer(
    *,
    ticket: Ticket,
    actor: User | None,
    team: Team,
    note: str = "",
    event: str = "transferred",
    push: bool = True,
) -> Ticket:
    """Move a case to another team (routing), then the clock runs on that team's policy and calendar."""
    with _together():
        ticket = routing.ticket_transfer(
            ticket=ticket, actor=actor, team=team, note=note, event=event, push=push
        )
        _clock_follows(ticket)
    return ticket


def ticket_escalate(*, ticket: Ticket, actor: User | None, note: str = "") -> Ticket:
    """Send a case one tier up (routing chooses the team); the clock follows it there."""
    with _together():
        ticket = routing.ticket_escalate(ticket=ticket, actor=actor, note=note)
        _clock_follows(ticket)
    return ticket


# --- The sweeps that change tickets ---------------------------------------------------------------


def _each(ids: Iterable[int], one: Callable[[int], Ticket | None], what: str) -> int:
    """Run `one(pk)` for each id in a transaction of its own with the clock following; a case that
    fails is logged and left for the next run, and does not hold up the others."""
    done = 0
    for pk in ids:
        try:
            with transaction.atomic():
                ticket = one(pk)
                if ticket is not None:
                    _clock_follows(ticket)
                    done += 1
        except Exception:
            logger.exception("%s: ticket %s failed", what, pk)
    return done


def tickets_close_solved(*, older_than: dt.timedelta, limit: int = 500) -> int:
    """Close tickets solved longer ago than `older_than`. Safe to run twice or in parallel."""
    cutoff = timezone.now() - older_than
    return _each(
        core.solved_ticket_ids(cutoff=cutoff, limit=limit),
        lambda pk: core.ticket_close_solved(pk=pk, cutoff=cutoff),
        "closing solved",
    )


def routing_strays_sweep(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Give a team to every unresolved case that has none, with the reason on its routing record."""
    now = now or timezone.now()
    strays = routing.strays_due(limit=limit)
    if not strays:
        return 0
    teams = routing.teams_all()
    if not teams:
        return 0  # nowhere to send them until a team exists
    return _each(strays, lambda pk: routing.ticket_home_stray(pk=pk, teams=teams, now=now), "homing")


def routing_overflow_sweep(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Move cases that waited past their team's target, with nobody there free, to an on-shift team."""
    now = now or timezone.now()
    waiting, teams = routing.overflow_due(now=now, limit=limit)
    return _each(waiting, lambda pk: routing.ticket_overflow(pk=pk, teams=teams, now=now), "overflow")

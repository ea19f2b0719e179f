"""The SLA clock of a ticket: what has run, what is due, under which policy and calendar.

`sla_recompute` is the one place deadlines are computed. The intake pipeline (a new ticket, a
customer's message) and casework (an agent's or a sweep's change) call it after the write, in the
writing transaction, while the ticket's row lock is still held; it locks the clock row after the
ticket's, the same order the sweeps take them in.
"""

import datetime as dt
import functools
import logging
import operator
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min, Subquery
from django.db.models.base import ModelState
from django.utils import timezone

from helpdesk import rows
from helpdesk.config_cache import cached_at
from helpdesk.models import ConfigVersion
from helpdesk.prepared import prepared_row
from sla.calendar import ALWAYS_OPEN, Calendar, add_business_seconds, business_seconds_between
from sla.config import CONFIG_NAME, SlaConfig, sla_config, sla_config_load
from sla.models import TARGETS, ClockState, SlaPolicy, Target, TicketClock
from sla.rules import CaseFacts, choose_policy
from tickets.models import UNRESOLVED, EntryKind, Status, Ticket, TimelineEntry
from tickets.services import AlsoWrite

PAUSED_STATUSES = (Status.PENDING, Status.ON_HOLD)
STOPPED_STATUSES = (Status.SOLVED, Status.CLOSED)

logger = logging.getLogger(__name__)


def _state_for(status: str) -> str:
    if status in PAUSED_STATUSES:
        return ClockState.PAUSED
    if status in STOPPED_STATUSES:
        return ClockState.STOPPED
    return ClockState.RUNNING


# --- Policies and calendars -----------------------------------------------------------------------


# The policy a case's facts choose, with its targets, under one configuration (which is never mutated,
# policy rows included: sla.config): every message of a chat asks again with the same facts. Replaced
# with the configuration; dropped whole should a process see more distinct facts than it keeps.
_Chosen = tuple[SlaPolicy | None, tuple[int | None, ...]]
_CHOSEN_KEPT = 4096
_chosen_under: tuple[SlaConfig | None, dict[CaseFacts, _Chosen]] = (None, {})


class Lookups:
    """Policies and calendars for one write or one sweep: the process's cached configuration, its
    version checked once (one statement) on first use, or with the version `token` read beside the
    clock (no statement of its own)."""

    def __init__(self) -> None:
        self._config: SlaConfig | None = None

    @property
    def config(self) -> SlaConfig:
        if self._config is None:
            self._config = sla_config()
        return self._config

    def checked(self, token: str | None) -> None:
        """The configuration's version as read in this transaction, before the first use."""
        if self._config is None:
            self._config = cached_at(CONFIG_NAME, token, sla_config_load)

    def policy_for(self, ticket: Ticket) -> SlaPolicy | None:
        return self.chosen(ticket)[0]

    def chosen(self, ticket: Ticket) -> _Chosen:
        """The ticket's policy and its targets in seconds (in `TARGETS`' order; None each without one)."""
        facts = CaseFacts(
            tier=ticket.tier,
            priority=ticket.priority,
            vip_level=ticket.customer.vip_level,
            channel=ticket.channel,
            category=ticket.category,
            team_id=ticket.team_id,
        )
        config = self.config
        global _chosen_under
        config_then, chosen = _chosen_under
        if config_then is not config:
            chosen = {}
            _chosen_under = (config, chosen)
        found = chosen.get(facts)
        if found is None:
            spec = choose_policy(config.specs, facts)
            policy = config.policies[spec.id] if spec else None
            targets = tuple(policy.target_seconds(t) if policy else None for t in TARGETS)
            found = (policy, targets)
            if len(chosen) >= _CHOSEN_KEPT:
                chosen.clear()
            chosen[facts] = found
        return found

    def calendar_id_for_team(self, team_id: int | None) -> int | None:
        return None if team_id is None else self.config.team_calendars.get(team_id)

    def calendar(self, calendar_id: int | None) -> Calendar:
        if calendar_id is None:
            return ALWAYS_OPEN
        return self.config.calendars.get(calendar_id, ALWAYS_OPEN)


def warning_share(policy: SlaPolicy | None) -> float:
    percent = (policy.warning_percent if policy else None) or settings.SLA_WARNING_PERCENT
    return min(max(percent, 1), 99) / 100


# --- The clock ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Counted:
    """The clock as it stood before this update: enough to say how much had run at any instant since."""

    consumed: float
    since: dt.datetime
    running: bool
    calendar: Calendar

    def at(self, instant: dt.datetime) -> float:
        if not self.running or instant <= self.since:
            return self.consumed
        return self.consumed + business_seconds_between(self.calendar, self.since, instant)


def _instant(
    calendar: Calendar,
    *,
    now: dt.datetime,
    consumed: float,
    mark: float,
    running: bool,
    stored: dt.datetime | None,
) -> dt.datetime | None:
    """When the clock reaches `mark`. Once passed it stays where it was (or now), paused or not, so the
    sweep still acts on it; a mark still ahead has no instant while the clock does not run."""
    left = mark - consumed
    if left <= 0:
        return stored if stored is not None and stored <= now else now
    if not running:
        return None
    return add_business_seconds(calendar, now, left)


def _close(clock: TicketClock, target: str, completed_at: dt.datetime) -> bool:
    """Stop an open target; a late completion the sweep had not caught yet counts as a breach.
    Returns whether it was late."""
    due = getattr(clock, f"{target}_due_at")
    breached = getattr(clock, f"{target}_breached_at")
    if breached is None and due is not None and completed_at > due:
        setattr(clock, f"{target}_breached_at", due)
        breached = due
    setattr(clock, f"{target}_due_at", None)
    setattr(clock, f"{target}_warn_at", None)
    return breached is not None


def _drop(clock: TicketClock, target: str) -> None:
    """The policy no longer sets this target: it has no deadline, and missed nothing."""
    setattr(clock, f"{target}_due_at", None)
    setattr(clock, f"{target}_warn_at", None)


def _schedule(
    clock: TicketClock, target: str, *, start: float, calendar: Calendar, share: float, now: dt.datetime
) -> None:
    length: int = getattr(clock, f"{target}_target")
    running = clock.is_running
    for field, mark in (("due_at", start + length), ("warn_at", start + share * length)):
        name = f"{target}_{field}"
        at = _instant(
            calendar,
            now=now,
            consumed=clock.consumed_seconds,
            mark=mark,
            running=running,
            stored=getattr(clock, name),
        )
        setattr(clock, name, at)


def _conversation(ticket: Ticket) -> tuple[dt.datetime | None, dt.datetime | None]:
    """(last agent reply, first customer message after it): the message waiting for an answer."""
    last_reply = ticket.entries.filter(kind=EntryKind.AGENT_REPLY).aggregate(at=Max("created_at"))["at"]
    if last_reply is None:
        return None, None
    waiting = ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE, created_at__gt=last_reply).aggregate(
        at=Min("created_at")
    )["at"]
    return last_reply, waiting


def _conversation_after(
    clock: TicketClock, ticket: Ticket, entry: "TimelineEntry | _Message | None", fresh: bool
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The conversation as `_conversation` would read it, from what the clock stored and the entry just
    written, when that is enough: every entry before this one was followed by a recompute, so
    `awaiting_since` is the message that waited then. A new clock, or no entry (a sweep, a status
    change, an old ticket), reads the timeline. The last reply matters only when a wait ends."""
    if ticket.first_response_at is None:
        return None, None
    if entry is None or fresh:
        return _conversation(ticket)
    if entry.kind == EntryKind.AGENT_REPLY:
        # It is the newest reply, and nothing the customer wrote can follow it yet.
        return entry.created_at, None
    if (
        entry.kind == EntryKind.CUSTOMER_MESSAGE
        and clock.awaiting_since is None
        and entry.created_at > ticket.first_response_at
    ):
        # Answered before (or no reply since the first response): this message now waits.
        return None, entry.created_at
    # A message while one already waits, a note, an event: the wait is what it was.
    return None, clock.awaiting_since


def _next_response(
    clock: TicketClock,
    ticket: Ticket,
    conversation: tuple[dt.datetime | None, dt.datetime | None],
    before: _Counted,
    calendar: Calendar,
    share: float,
    now: dt.datetime,
) -> None:
    last_reply, waiting = conversation
    if clock.awaiting_since is not None and clock.awaiting_since != waiting:
        # The awaited message was answered: the cycle ends, met or missed.
        late = _close(clock, Target.NEXT_RESPONSE, last_reply or now)
        if clock.next_response_target is not None or late:
            if late:
                clock.next_response_missed += 1
            else:
                clock.next_response_met += 1
        clock.awaiting_since = None
        clock.next_response_from_seconds = None
    if waiting is not None and clock.awaiting_since is None:
        clock.next_response_cycle += 1
        clock.awaiting_since = waiting
        clock.next_response_from_seconds = before.at(waiting)
        clock.next_response_warned_at = None
        clock.next_response_breached_at = None
    if clock.awaiting_since is None or clock.next_response_target is None:
        _drop(clock, Target.NEXT_RESPONSE)
        return
    if clock.state == ClockState.STOPPED:
        # Solved without answering: a deadline already passed still counts against it.
        _close(clock, Target.NEXT_RESPONSE, ticket.solved_at or now)
        return
    start = clock.next_response_from_seconds or 0.0
    _schedule(clock, Target.NEXT_RESPONSE, start=start, calendar=calendar, share=share, now=now)


# Per target, in `TARGETS`' order: (breached_at, due_at, warned_at, warn_at).
_TARGET_TIMES = operator.attrgetter(
    *(f"{t}_{field}" for t in TARGETS for field in ("breached_at", "due_at", "warned_at", "warn_at"))
)


def _summarise(clock: TicketClock) -> None:
    times = _TARGET_TIMES(clock)
    warns = times[3::4]
    clock.attention_at = min((w for w in warns if w is not None), default=None)
    pending = []
    for breached, due, warned, warn in zip(times[0::4], times[1::4], times[2::4], warns, strict=True):
        if breached is not None:
            continue
        pending.append(due)
        if warned is None:
            pending.append(warn)
    clock.next_check_at = min((p for p in pending if p is not None), default=None)


# What a recompute may leave as it was: the counted time moves on every call, and is equally true at
# the older `counted_until` (business time since then is counted the next time), so a call that changes
# nothing else writes nothing.
_ALWAYS_MOVING = frozenset({"consumed_seconds", "counted_until", "updated_at"})


@functools.cache
def _kept_names() -> tuple[str, ...]:
    return tuple(f.attname for f in TicketClock._meta.concrete_fields if f.name not in _ALWAYS_MOVING)


@functools.cache
def _moving_names() -> tuple[str, ...]:
    return tuple(f.attname for f in TicketClock._meta.concrete_fields if f.name in _ALWAYS_MOVING)


@functools.cache
def _kept_getter() -> Any:
    return operator.attrgetter(*_kept_names())


def _kept(clock: TicketClock) -> tuple[object, ...]:
    kept: tuple[object, ...] = _kept_getter()(clock)
    return kept


def _changed(stored: tuple[object, ...], now: tuple[object, ...]) -> tuple[str, ...]:
    """The columns an UPDATE of the locked clock writes: those that moved, and the counted time."""
    moved = {name for name, before, after in zip(_kept_names(), stored, now, strict=True) if before != after}
    return tuple(sorted(moved.union(_moving_names())))


def _in_transaction() -> AbstractContextManager[object]:
    """Callers hold the ticket's row lock, so they are in a transaction: it is the one, and no savepoint
    is taken (a failure here fails the caller's write too, as it must). Alone, one is opened."""
    return nullcontext() if transaction.get_connection().in_atomic_block else transaction.atomic()


def sla_recompute(
    *,
    ticket: Ticket,
    now: dt.datetime | None = None,
    lookups: Lookups | None = None,
    entry: TimelineEntry | None = None,
    new_ticket: bool = False,
) -> TicketClock:
    """Bring the ticket's SLA clock up to date with the ticket as it is now.

    Counts the business time run since the last update with the calendar then in force, pauses or
    resumes with the status, re-chooses the policy (priority, tier, team, ... may have changed), and
    stores the deadlines. Callers hold the ticket's row lock; this locks the clock.

    `entry` is the timeline entry the caller has just written, if any: with it the conversation
    (which customer message waits for an answer) follows from the clock's stored state, without
    reading the timeline. A clock whose deadlines and state come out unchanged is not written.

    `new_ticket`: the caller inserted the ticket in this transaction and nothing has started its clock
    yet (intake's first step for a new case), so no other transaction can hold or insert its clock and
    there is no row to lock: the clock is inserted without looking for one.
    """
    now = now or timezone.now()
    own = lookups is None
    lookups = lookups or Lookups()
    with _in_transaction():
        ahead = None if new_ticket else _taken_ahead(ticket)
        if ahead is not None and ahead.same(ticket, now=now, entry=entry):
            return ahead.clock
        if ahead is not None:
            # A step changed what the clock follows: computed again from the clock as it was locked.
            clock: TicketClock | None = ahead.before
        else:
            clock = None if new_ticket else (_held(ticket) or _locked_clock(ticket, with_config_token=own))
        if own and clock is not None:
            lookups.checked(clock.config_token)  # type: ignore[attr-defined]
        fresh = clock is None
        if clock is None:
            # A ticket older than its clock is counted as if it had run on its team's calendar throughout.
            clock = TicketClock(
                ticket=ticket,
                opened_at=ticket.created_at,
                counted_until=ticket.created_at,
                calendar_id=lookups.calendar_id_for_team(ticket.team_id),
            )
        # The columns as the database holds them: the clock locked, or as the message's statement wrote it.
        stored = None if fresh else (ahead.stored if ahead is not None else _kept(clock))
        conversation = _conversation_after(clock, ticket, entry, fresh)
        clock_advance(clock, ticket, conversation=conversation, now=now, lookups=lookups)
        if fresh:
            clock.save(force_insert=True)
        elif (kept := _kept(clock)) != stored:
            assert stored is not None
            _save(clock, _changed(stored, kept))
    return clock


# --- A clock the caller locked in its own statement --------------------------------------------------


def held_clock_columns(alias: str) -> str:
    """What a caller's locking statement selects to hold the ticket's clock (it joins `sla_ticketclock`
    as `alias` on the ticket and adds `alias` to its FOR UPDATE OF, after the ticket): the clock's
    columns, then the configuration's version (parameter `%(sla_config)s`, `held_clock_params`)."""
    return _held_clock_columns(alias)


@functools.cache
def _held_clock_columns(alias: str) -> str:
    version = f"(SELECT v.token FROM {ConfigVersion._meta.db_table} v WHERE v.name = %(sla_config)s)"  # noqa: S608
    return f"{rows.columns(TicketClock, alias)}, {version}"


def held_clock_params() -> dict[str, str]:
    return {"sla_config": CONFIG_NAME}


def held_clock_width() -> int:
    return rows.width(TicketClock) + 1


def clock_hold(ticket: Ticket, values: Sequence[Any]) -> None:
    """The ticket's clock as the caller's statement read and locked it (`held_clock_columns`), in this
    transaction: the next `sla_recompute` of this ticket takes it instead of locking it again (live
    chat locks it with the conversation and the ticket, one statement for the three). Taken once:
    the clock that recompute writes is read again by any later one."""
    clock = rows.instance(TicketClock, values[: rows.width(TicketClock)])
    clock.config_token = values[rows.width(TicketClock)]  # type: ignore[attr-defined]
    ticket._sla_held_clock = clock  # type: ignore[attr-defined]


def _held(ticket: Ticket) -> TicketClock | None:
    clock: TicketClock | None = ticket.__dict__.pop("_sla_held_clock", None)
    return clock if clock is not None and clock.ticket_id == ticket.pk else None


def clock_facts(ticket: Ticket) -> tuple[object, ...]:
    """What a clock is computed from, of the ticket (`Lookups.policy_for`, `clock_advance`)."""
    return (
        ticket.status,
        ticket.tier,
        ticket.priority,
        ticket.channel,
        ticket.category,
        ticket.team_id,
        ticket.customer.vip_level,
        ticket.created_at,
        ticket.first_response_at,
        ticket.solved_at,
    )


@dataclass(frozen=True)
class _Ahead:
    """A held clock moved to a message before the message was written (`clock_ahead_of_message`)."""

    clock: TicketClock  # moved to the message: what the database holds once the message is written
    before: TicketClock  # as the caller's statement locked it
    stored: tuple[object, ...]  # `_kept(clock)`: the columns the message's statement leaves
    facts: tuple[object, ...]
    kind: str
    at: dt.datetime

    def same(self, ticket: Ticket, *, now: dt.datetime, entry: TimelineEntry | None) -> bool:
        return (
            entry is not None
            and entry.kind == self.kind
            and entry.created_at == now == self.at
            and clock_facts(ticket) == self.facts
        )


def clock_ahead_of_message(
    ticket: Ticket, *, kind: str, at: dt.datetime
) -> tuple[str, dict[str, Any]] | None:
    """The clock the caller's statement locked (`clock_hold`), moved as the next `sla_recompute` would
    move it for a message of `kind` written at `at` on `ticket` as it is now, before that message is
    written: the UPDATE of the columns that moved, for the message's own statement (its parameters
    named `also_clock_*`), or None when nothing moved but the counted time (or nothing is held).

    The recompute the intake pipeline runs after its steps, for that entry at that time, then finds the
    work done and writes nothing: unless a step changed what the clock follows (the case's status,
    policy facts, first response), in which case it computes the clock again from the one locked and
    writes what differs from this one. Its result is the same either way."""
    held = _held(ticket)
    if held is None:
        return None
    lookups = Lookups()
    lookups.checked(held.config_token)  # type: ignore[attr-defined]
    clock = _copied(held)
    stored = _kept(held)
    message = _Message(kind=kind, created_at=at)
    clock_advance(
        clock,
        ticket,
        conversation=_conversation_after(clock, ticket, message, False),
        now=at,
        lookups=lookups,
    )
    kept = _kept(clock)
    write = None
    if kept != stored:
        fields = _changed(stored, kept)
        prefix = "also_clock_"
        write = (rows.update_sql(TicketClock, fields, prefix), rows.update_params(clock, fields, prefix))
    ticket._sla_ahead = _Ahead(  # type: ignore[attr-defined]
        clock=clock,
        before=held,
        stored=kept,
        facts=clock_facts(ticket),
        kind=kind,
        at=at,
    )
    return write


def message_with_clock(
    ticket: Ticket, *, kind: str, also: AlsoWrite | None
) -> tuple[dt.datetime, AlsoWrite | None]:
    """A message's time, chosen now, and the writes of its own statement: the caller's `also`, then the
    clock the caller locked with the ticket moved to that time (`clock_ahead_of_message`), when it moved."""
    at = timezone.now()
    write = clock_ahead_of_message(ticket, kind=kind, at=at)
    if write is None:
        return at, also
    clock = AlsoWrite(*write)
    return at, clock if also is None else also.followed_by(clock)


@dataclass(frozen=True)
class _Message:
    """A message not written yet, as `_conversation_after` reads an entry."""

    kind: str
    created_at: dt.datetime


def _copied(clock: TicketClock) -> TicketClock:
    """`copy.copy(clock)` without pickling's round trip: its values, and a state of its own."""
    copied = TicketClock.__new__(TicketClock)
    copied.__dict__.update(clock.__dict__)
    copied._state = ModelState()
    copied._state.adding, copied._state.db = clock._state.adding, clock._state.db
    copied._state.fields_cache = dict(clock._state.fields_cache)
    return copied


def _taken_ahead(ticket: Ticket) -> _Ahead | None:
    ahead: _Ahead | None = ticket.__dict__.pop("_sla_ahead", None)
    return ahead if ahead is not None and ahead.clock.ticket_id == ticket.pk else None


def _locked_clock(ticket: Ticket, *, with_config_token: bool) -> TicketClock | None:
    if connection.vendor == "postgresql":
        # The hottest read of a message: SQL written once per process, prepared on its connection.
        params = {"ticket": ticket.pk, **({"config": CONFIG_NAME} if with_config_token else {})}
        row = prepared_row(_locked_clock_sql(with_config_token), params)
        if row is None:
            return None
        clock = rows.instance(TicketClock, row[: rows.width(TicketClock)])
        if with_config_token:
            clock.config_token = row[-1]  # type: ignore[attr-defined]
        return clock
    clocks = TicketClock.objects.select_for_update().filter(ticket_id=ticket.pk)
    if with_config_token:
        # The configuration's version beside the clock: one statement for both.
        version = ConfigVersion.objects.filter(name=CONFIG_NAME).values("token")[:1]
        clocks = clocks.annotate(config_token=Subquery(version))
    return clocks.first()


@functools.cache
def _locked_clock_sql(with_config_token: bool) -> str:
    # The configuration's version beside the clock: one statement for both.
    token = (
        f", (SELECT v.token FROM {ConfigVersion._meta.db_table} v WHERE v.name = %(config)s)"  # noqa: S608
        if with_config_token
        else ""
    )
    return (
        f'SELECT {rows.columns(TicketClock, "c")}{token} FROM "{TicketClock._meta.db_table}" c'  # noqa: S608
        " WHERE c.ticket_id = %(ticket)s FOR UPDATE OF c"
    )


def _save(clock: TicketClock, fields: tuple[str, ...]) -> None:
    """`clock.save(update_fields=fields)` of a stored clock held under its row lock, with its UPDATE
    written once per process for each set of columns (a message moves the same few each time)."""
    if connection.vendor != "postgresql":
        clock.save(update_fields=fields)
        return
    prepared_row(rows.update_sql(TicketClock, fields), rows.update_params(clock, fields))


def clock_advance(
    clock: TicketClock,
    ticket: Ticket,
    *,
    conversation: tuple[dt.datetime | None, dt.datetime | None],
    now: dt.datetime,
    lookups: Lookups,
) -> None:
    """Move `clock` (in memory) to `now` for the ticket as it is; no queries beyond the lookups."""
    before = _Counted(
        consumed=clock.consumed_seconds,
        since=clock.counted_until,
        running=clock.is_running,
        calendar=lookups.calendar(clock.calendar_id),
    )
    clock.consumed_seconds = before.at(now)
    clock.counted_until = max(now, clock.counted_until)

    state = _state_for(ticket.status)
    if state != clock.state:
        clock.state = state
        clock.paused_at = None if state == ClockState.RUNNING else now
    clock.calendar_id = lookups.calendar_id_for_team(ticket.team_id)
    calendar = lookups.calendar(clock.calendar_id)
    policy, targets = lookups.chosen(ticket)
    clock.policy = policy
    clock.first_response_target, clock.next_response_target, clock.resolution_target = targets
    share = warning_share(policy)

    if ticket.first_response_at is not None:
        _close(clock, Target.FIRST_RESPONSE, ticket.first_response_at)
    elif clock.first_response_target is None:
        _drop(clock, Target.FIRST_RESPONSE)
    elif state == ClockState.STOPPED:
        _close(clock, Target.FIRST_RESPONSE, ticket.solved_at or now)
    else:
        _schedule(clock, Target.FIRST_RESPONSE, start=0.0, calendar=calendar, share=share, now=now)

    _next_response(clock, ticket, conversation, before, calendar, share, now)

    if clock.resolution_target is None:
        _drop(clock, Target.RESOLUTION)
    elif state == ClockState.STOPPED:
        _close(clock, Target.RESOLUTION, ticket.solved_at or now)
    else:
        _schedule(clock, Target.RESOLUTION, start=0.0, calendar=calendar, share=share, now=now)

    unresolved = ticket.status in UNRESOLVED and clock.exec_escalated_at is None
    clock.exec_due_at = (
        ticket.created_at + dt.timedelta(days=settings.SLA_EXECUTIVE_ESCALATION_DAYS) if unresolved else None
    )
    _summarise(clock)


def sla_recompute_open(*, after_id: int = 0, batch: int = 500) -> int:
    """Recompute every unresolved ticket (after a policy or calendar edit); returns how many.

    A ticket locked by a writer is skipped: that writer recomputes it with the new rules anyway.
    """
    done = 0
    lookups = Lookups()
    while True:
        ids = list(
            Ticket.objects.filter(status__in=UNRESOLVED, pk__gt=after_id)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return done
        with transaction.atomic():
            for ticket in (
                Ticket.objects.filter(pk__in=ids)
                .select_related("customer")
                .select_for_update(skip_locked=True, of=("self",))
            ):
                try:
                    with transaction.atomic():
                        sla_recompute(ticket=ticket, lookups=lookups)
                except Exception:
                    # One ticket whose clock cannot be computed must not leave the rest on old rules.
                    logger.exception("SLA recompute of ticket %s failed", ticket.pk)
                    continue
                done += 1
        after_id = ids[-1]

"""The sweeps: warnings and breaches, and the 7-day executive escalation.

They read only due rows, through partial indexes, and claim each clock together with its ticket
(`FOR UPDATE ... SKIP LOCKED`); the clock is marked and the actions run in the same transaction. So a
sweep run twice, by two workers at once, or again after a worker died mid-run acts on each event
exactly once. The sweeps raise a priority, escalate or assign through the ticket and routing services,
which write without moving the clock, and recompute the clock once at the end of each case.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.models import AuditEvent
from audit.services import audit_event, audit_record, audit_record_many
from customers.models import Customer
from helpdesk.bulk import update_rows
from helpdesk.dates import STAMP_FORMAT, format_stamp
from helpdesk.errors import DomainError
from routing.models import Team
from routing.services import agent_load, choose_team, ticket_escalate, ticket_transfer
from sla.models import TARGETS, NoticeKind, SlaPolicy, Target, TicketClock
from sla.services.clock import Lookups, clock_advance, sla_recompute
from sla.services.notices import (
    Notice,
    active_users,
    name_list,
    notify,
    notify_many,
    system_event,
    team_leads,
    team_leads_many,
)
from tickets.models import UNRESOLVED, Priority, Status, Ticket, Tier, TimelineEntry
from tickets.services import ticket_assign, ticket_update
from tickets.timeline import timeline_event, timeline_events_add

logger = logging.getLogger(__name__)
# A case whose action failed is tried again after this long, so one bad case cannot stall a sweep.
RETRY_AFTER = dt.timedelta(minutes=5)

# --- The warning and breach sweep -----------------------------------------------------------------


@dataclass
class _Due:
    warnings: list[str]
    breaches: list[str]


def _due(clock: TicketClock, now: dt.datetime) -> _Due:
    due = _Due([], [])
    for t in TARGETS:
        if getattr(clock, f"{t}_breached_at") is not None:
            continue
        due_at, warn_at = getattr(clock, f"{t}_due_at"), getattr(clock, f"{t}_warn_at")
        if due_at is not None and due_at <= now:
            due.breaches.append(t)
        elif warn_at is not None and warn_at <= now and getattr(clock, f"{t}_warned_at") is None:
            due.warnings.append(t)
    return due


def _mark(clock: TicketClock, due: _Due, now: dt.datetime) -> None:
    """The markers that make the sweep act once: written with the clock, in the batch's transaction."""
    for t in due.breaches:
        setattr(clock, f"{t}_breached_at", getattr(clock, f"{t}_due_at"))
        if getattr(clock, f"{t}_warned_at") is None:
            setattr(clock, f"{t}_warned_at", now)
    for t in due.warnings:
        setattr(clock, f"{t}_warned_at", now)


def _cycle(clock: TicketClock, target: str) -> int:
    return clock.next_response_cycle if target == Target.NEXT_RESPONSE else 0


def _when(at: dt.datetime | None) -> str:
    # Stored in the timeline's reasons, read later by agents in every zone: so UTC, and said so.
    if at is None:
        return "—"
    # The stamp shows the minute: cases due in the same minute (a surge's) share one formatting.
    at = at.astimezone(dt.UTC)
    minute = at if _STAMP_HAS_SECONDS else at.replace(second=0, microsecond=0)
    return _stamp(minute, get_language())


_STAMP_HAS_SECONDS = any(c in STAMP_FORMAT for c in "suvU")


@lru_cache(maxsize=4096)
def _stamp(minute: dt.datetime, language: str | None) -> str:
    return f"{format_stamp(minute, dt.UTC)} UTC"


@dataclass
class _Case:
    """One claimed clock and what the sweep does about it, gathered before anything is written."""

    clock: TicketClock
    ticket: Ticket
    due: _Due
    warnings: list[tuple[str, Notice]] = field(default_factory=list)
    breaches: list[Notice] = field(default_factory=list)
    raised: tuple[int, int] | None = None  # (from, to)


def _plan(clock: TicketClock, now: dt.datetime, leads: dict[int | None, list[User]]) -> _Case:
    ticket, policy = clock.ticket, clock.policy
    case = _Case(clock, ticket, _due(clock, now))
    for t in case.due.warnings:
        to = [ticket.assignee] if ticket.assignee and (policy is None or policy.warn_notify_assignee) else []
        due_at = getattr(clock, f"{t}_due_at")
        case.warnings.append(
            (
                t,
                Notice(
                    ticket, tuple(to), NoticeKind.WARNING, target=t, cycle=_cycle(clock, t), due_at=due_at
                ),
            )
        )
    if case.due.breaches:
        to = []
        if ticket.assignee and (policy is None or policy.breach_notify_assignee):
            to.append(ticket.assignee)
        if policy is None or policy.breach_notify_leads:
            to += leads[ticket.team_id]
        for t in case.due.breaches:
            due_at = getattr(clock, f"{t}_due_at")
            case.breaches.append(
                Notice(ticket, tuple(to), NoticeKind.BREACH, target=t, cycle=_cycle(clock, t), due_at=due_at)
            )
        # One step per sweep of a case, however many of its targets broke at once.
        if (
            policy
            and policy.breach_raise_priority
            and ticket.priority < Priority.URGENT
            and ticket.status != Status.CLOSED
        ):
            case.raised = (ticket.priority, ticket.priority + 1)
    _mark(clock, case.due, now)
    return case


def _act(clocks: list[TicketClock], now: dt.datetime, lookups: Lookups) -> int:
    """Mark what is due on claimed clocks and act on it, the whole batch in a fixed number of statements;
    the caller's transaction holds every clock's and ticket's lock.

    What each case gets is what it got one at a time: the notices (one row per person per event, then
    mail and a push after commit), a timeline event per warning and per breach, the priority raised one
    step through the same event and audit record as `ticket_update`, escalation through routing (one
    case at a time: it chooses a team), an audit record per change; then the clock follows the ticket.
    """
    breaching_teams = [c.ticket.team_id for c in clocks if c.policy is None or c.policy.breach_notify_leads]
    leads = team_leads_many(breaching_teams) if any(_due(c, now).breaches for c in clocks) else {}
    stored = [_clock_values(c) for c in clocks]
    cases = [_plan(clock, now, leads) for clock in clocks]

    notices = [n for c in cases for _, n in c.warnings] + [n for c in cases for n in c.breaches]
    told = iter(notify_many(notices))
    warned_told = [[next(told) for _ in c.warnings] for c in cases]
    breach_told = [[next(told) for _ in c.breaches] for c in cases]

    entries: list[TimelineEntry] = []
    audits: list[AuditEvent] = []
    breach_entries: dict[int, TimelineEntry] = {}
    escalating: list[_Case] = []
    raised: list[Ticket] = []
    for case, warned, breached in zip(cases, warned_told, breach_told, strict=True):
        ticket = case.ticket
        for (t, notice), people in zip(case.warnings, warned, strict=True):
            reasons = [
                _("%(target)s is due at %(due)s.") % {"target": Target(t).label, "due": _when(notice.due_at)}
            ]
            if people:
                reasons.append(_("Notified: %(names)s.") % {"names": name_list(people)})
            entries.append(
                timeline_event(
                    ticket, "sla_warning", reasons=reasons, target=t, notified=[p.pk for p in people]
                )
            )
            audits.append(
                audit_event(
                    action="ticket.sla_warned", obj=ticket, actor_label="system:sla", after={"target": t}
                )
            )
        if not case.breaches:
            continue
        everyone = list(dict.fromkeys(p for people in breached for p in people))
        reasons = [
            _("%(target)s was due at %(due)s.") % {"target": Target(n.target).label, "due": _when(n.due_at)}
            for n in case.breaches
        ]
        if everyone:
            reasons.append(_("Notified: %(names)s.") % {"names": name_list(everyone)})
        actions: list[str] = []
        # The breach reads first on the timeline; what was done about it follows and is added to it.
        entry = timeline_event(
            ticket,
            "sla_breached",
            reasons=reasons,
            targets=case.due.breaches,
            notified=[p.pk for p in everyone],
        )
        entries.append(entry)
        if case.raised is not None:
            before, after = case.raised
            ticket.priority = after
            ticket.updated_at = timezone.now()
            raised.append(ticket)
            entries.append(timeline_event(ticket, "priority_changed", **{"from": before, "to": after}))
            audits.append(
                audit_event(
                    action="ticket.updated",
                    obj=ticket,
                    before={"priority": before},
                    after={"priority": after},
                )
            )
            reasons.append(_("Priority raised to %(priority)s.") % {"priority": Priority(after).label})
            actions.append("priority")
        entry.data |= {"reasons": reasons, "actions": actions}
        if case.clock.policy and case.clock.policy.breach_escalate:
            escalating.append(case)
            breach_entries[ticket.pk] = entry
        else:
            audits.append(_breach_audit(ticket, everyone, case.due.breaches, actions))

    timeline_events_add(entries)
    update_rows(raised, ["priority", "updated_at"])
    for case in escalating:
        everyone = breach_entries[case.ticket.pk].data["notified"]
        case.ticket = _escalate(case.ticket, breach_entries[case.ticket.pk])
        audits.append(
            _breach_audit_ids(
                case.ticket, everyone, case.due.breaches, breach_entries[case.ticket.pk].data["actions"]
            )
        )
    audit_record_many(audits)

    # The clocks follow their tickets as the actions left them: no message was written, so the
    # conversation is what each clock holds.
    for case in cases:
        clock_advance(
            case.clock, case.ticket, conversation=(None, case.clock.awaiting_since), now=now, lookups=lookups
        )
    # Only the columns some clock of the batch changed (always a marker, the counted time, updated_at).
    changed = [c.clock for c in cases]
    moved = {i for before, clock in zip(stored, changed, strict=True) for i in _differences(before, clock)}
    update_rows(changed, [_CLOCK_FIELDS[i] for i in sorted(moved)] + ["updated_at"])
    return sum(len(c.due.warnings) + len(c.due.breaches) for c in cases)


_CLOCK_FIELDS = [
    f.name for f in TicketClock._meta.concrete_fields if not f.primary_key and f.name != "updated_at"
]
_CLOCK_ATTNAMES = [TicketClock._meta.get_field(name).attname for name in _CLOCK_FIELDS]  # type: ignore[union-attr]


def _clock_values(clock: TicketClock) -> list[object]:
    return [getattr(clock, a) for a in _CLOCK_ATTNAMES]


def _differences(before: list[object], clock: TicketClock) -> list[int]:
    return [
        i for i, (old, a) in enumerate(zip(before, _CLOCK_ATTNAMES, strict=True)) if getattr(clock, a) != old
    ]


def _breach_audit(ticket: Ticket, told: list[User], targets: list[str], actions: list[str]) -> AuditEvent:
    return _breach_audit_ids(ticket, [p.pk for p in told], targets, actions)


def _breach_audit_ids(ticket: Ticket, told: list[int], targets: list[str], actions: list[str]) -> AuditEvent:
    return audit_event(
        action="ticket.sla_breached",
        obj=ticket,
        actor_label="system:sla",
        after={"targets": targets, "notified": sorted(told), "actions": actions},
    )


def _escalate(ticket: Ticket, entry: TimelineEntry) -> Ticket:
    """Escalate through routing (it chooses the team), then complete the breach's event with it."""
    reasons, actions = entry.data["reasons"], entry.data["actions"]
    try:
        with transaction.atomic():
            moved = ticket_escalate(ticket=ticket, actor=None, note="")
    except DomainError as exc:  # at the top tier already, or no team above
        reasons.append(_("Not escalated: %(reason)s.") % {"reason": exc.message})
        moved = ticket
    else:
        reasons.append(_("Escalated to %(team)s.") % {"team": moved.team})
        actions.append("escalated")
    entry.save(update_fields=["data"])
    return moved


def _claimed(queryset: Any, batch: int) -> list[TicketClock]:
    return list(
        queryset.select_related(
            "ticket", "ticket__customer", "ticket__assignee", "ticket__team", "policy"
        ).select_for_update(skip_locked=True, of=("self", "ticket"))[:batch]
    )


def _claimed_due(queryset: Any, batch: int, lookups: Lookups) -> list[TicketClock]:
    """Due clocks with their tickets, claimed; assignees and customers read apart (a few rows, the
    customers' one fact the policies need) and the policies taken from the cached configuration."""
    clocks: list[TicketClock] = list(
        queryset.select_related("ticket").select_for_update(skip_locked=True, of=("self", "ticket"))[:batch]
    )
    if not clocks:
        return clocks
    people = User.objects.in_bulk({c.ticket.assignee_id for c in clocks if c.ticket.assignee_id})
    # The policy's conditions read one fact of the customer.
    customers = Customer.objects.only("vip_level").in_bulk({c.ticket.customer_id for c in clocks})
    policies = lookups.config.policies
    # A clock may still name a policy since made inactive: it keeps that policy's actions until it moves.
    retired = {c.policy_id for c in clocks if c.policy_id is not None and c.policy_id not in policies}
    others = SlaPolicy.objects.in_bulk(retired) if retired else {}
    for clock in clocks:
        clock.ticket.assignee = people.get(clock.ticket.assignee_id) if clock.ticket.assignee_id else None
        clock.ticket.customer = customers[clock.ticket.customer_id]
        if clock.policy_id is not None:
            clock.policy = policies.get(clock.policy_id) or others[clock.policy_id]
    return clocks


def sla_sweep(*, now: dt.datetime | None = None, batch: int | None = None, limit: int = 10_000) -> int:
    """Warn and breach every clock that is due; returns how many warnings and breaches it acted on.

    Reads only due rows, through the partial index on `next_check_at`. Each batch is one transaction:
    claimed with SKIP LOCKED, marked, acted on and its clocks written together, so a worker killed
    mid-batch leaves it unmarked and untouched for the next run, and two sweeps never act on one case.
    """
    now = now or timezone.now()
    batch = batch or settings.SLA_SWEEP_BATCH
    lookups = Lookups()
    acted = seen = 0
    while seen < limit:
        with transaction.atomic():
            clocks = _claimed_due(
                TicketClock.objects.filter(next_check_at__lte=now).order_by("next_check_at"),
                min(batch, limit - seen),
                lookups,
            )
            if not clocks:
                break
            acted += _act_batch_safely(clocks, now, lookups)
            seen += len(clocks)
    return acted


def _act_batch_safely(clocks: list[TicketClock], now: dt.datetime, lookups: Lookups) -> int:
    """The batch at once; if that fails, each case alone, so one bad case cannot stall the rest."""
    try:
        with transaction.atomic():
            return _act(clocks, now, lookups)
    except Exception:
        logger.exception("SLA action on a batch of %d failed; acting on each case alone", len(clocks))
    acted = 0
    # Re-read: the failed attempt changed the objects in memory. The locks are this transaction's own.
    for clock in _claimed(
        TicketClock.objects.filter(pk__in=[c.pk for c in clocks]).order_by("pk"), len(clocks)
    ):
        acted += _act_safely(clock, now, lookups)
    return acted


def _act_safely(clock: TicketClock, now: dt.datetime, lookups: Lookups, executive: bool = False) -> int:
    try:
        with transaction.atomic():
            return _escalate_executive(clock, now, lookups) if executive else _act([clock], now, lookups)
    except Exception:
        logger.exception("SLA action on ticket %s failed; retrying in %s", clock.pk, RETRY_AFTER)
        field_name = "exec_due_at" if executive else "next_check_at"
        TicketClock.objects.filter(pk=clock.pk).update(**{field_name: now + RETRY_AFTER})
        return 0


# --- The executive escalation ---------------------------------------------------------------------


def executive_owner(team: Team | None) -> User | None:
    """The executive team's lead if it has one, else the least loaded supervisor."""
    if team is not None:
        lead = active_users(memberships__team=team, memberships__is_lead=True)
        if lead:
            return lead[0]
    supervisors = active_users(role=Role.SUPERVISOR) or active_users(role=Role.ADMIN)
    if not supervisors:
        return None
    load = agent_load([s.pk for s in supervisors])
    return min(supervisors, key=lambda s: (load[s.pk][1], s.pk))


def _escalate_executive(clock: TicketClock, now: dt.datetime, lookups: Lookups) -> int:
    ticket = clock.ticket
    if clock.exec_escalated_at is not None or ticket.status not in UNRESOLVED:
        sla_recompute(ticket=ticket, now=now, lookups=lookups)
        return 0
    TicketClock.objects.filter(pk=clock.pk).update(exec_escalated_at=now, exec_due_at=None)
    days = settings.SLA_EXECUTIVE_ESCALATION_DAYS
    reasons = [_("Unresolved %(days)d days after it was opened.") % {"days": days}]
    team = ticket.team if ticket.tier == Tier.EXECUTIVE and ticket.team else None
    team = team or choose_team(tier=Tier.EXECUTIVE, skill=ticket.skill, language=ticket.language, now=now)
    if team is not None and team.pk != ticket.team_id:
        note = _("Unresolved %(days)d days after it was opened: executive escalation.") % {"days": days}
        ticket = ticket_transfer(
            ticket=ticket, actor=None, team=team, note=note, event="escalated", push=False
        )
    elif team is None and ticket.tier != Tier.EXECUTIVE:
        ticket = ticket_update(ticket=ticket, actor=None, tier=Tier.EXECUTIVE.value)
        reasons.append(_("No executive team is set up; the case stays with its team at tier 3."))
    owner = executive_owner(team)
    if owner is not None and owner.pk != ticket.assignee_id:
        ticket = ticket_assign(ticket=ticket, actor=None, assignee=owner)
    reasons.append(_("Owner: %(name)s.") % {"name": owner.display_name if owner else _("nobody")})
    told = notify(
        ticket, ([owner] if owner else []) + team_leads(team.pk if team else None), kind=NoticeKind.EXECUTIVE
    )
    if told:
        reasons.append(_("Notified: %(names)s.") % {"names": name_list(told)})
    system_event(ticket, "executive_escalation", reasons, owner=owner.pk if owner else None, days=days)
    audit_record(
        action="ticket.executive_escalated",
        obj=ticket,
        actor_label="system:sla",
        after={"team": team.pk if team else None, "owner": owner.pk if owner else None},
    )
    sla_recompute(
        ticket=Ticket.objects.select_related("customer").get(pk=ticket.pk), now=now, lookups=lookups
    )
    return 1


def sla_executive_escalation_sweep(
    *, now: dt.datetime | None = None, batch: int | None = None, limit: int = 10_000
) -> int:
    """Move every case unresolved N days after it was opened to tier 3, once per case, reopened or not."""
    now = now or timezone.now()
    batch = batch or settings.SLA_SWEEP_BATCH
    lookups = Lookups()
    escalated = seen = 0
    while seen < limit:
        with transaction.atomic():
            clocks = _claimed(TicketClock.objects.filter(exec_due_at__lte=now).order_by("exec_due_at"), batch)
            if not clocks:
                break
            for clock in clocks:
                escalated += _act_safely(clock, now, lookups, executive=True)
            seen += len(clocks)
    return escalated

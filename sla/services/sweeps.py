"""The sweeps: warnings and breaches, and the 7-day executive escalation.

They read only due rows, through partial indexes, and claim each clock together with its ticket
(`FOR UPDATE ... SKIP LOCKED`); the clock is marked and the actions run in the same transaction. So a
sweep run twice, by two workers at once, or again after a worker died mid-run acts on each event
exactly once. The sweeps raise a priority, escalate or assign through the ticket and routing services,
which write without moving the clock, and recompute the clock once at the end of each case.
"""

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.services import audit_record
from helpdesk.dates import format_stamp
from helpdesk.errors import DomainError
from routing.models import Team
from routing.services import agent_load, choose_team, ticket_escalate, ticket_transfer
from sla.models import TARGETS, NoticeKind, Target, TicketClock
from sla.services.clock import Lookups, sla_recompute
from sla.services.notices import active_users, name_list, notify, system_event, team_leads
from tickets.models import UNRESOLVED, Priority, Ticket, Tier
from tickets.services import ticket_assign, ticket_update

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


def _warn(clock: TicketClock, ticket: Ticket, target: str) -> None:
    policy = clock.policy
    due_at = getattr(clock, f"{target}_due_at")
    recipients = (
        [ticket.assignee] if ticket.assignee and (policy is None or policy.warn_notify_assignee) else []
    )
    told = notify(
        ticket, recipients, kind=NoticeKind.WARNING, target=target, cycle=_cycle(clock, target), due_at=due_at
    )
    label = Target(target).label
    reasons = [_("%(target)s is due at %(due)s.") % {"target": label, "due": _when(due_at)}]
    if told:
        reasons.append(_("Notified: %(names)s.") % {"names": name_list(told)})
    system_event(ticket, "sla_warning", reasons, target=target, notified=[p.pk for p in told])
    audit_record(action="ticket.sla_warned", obj=ticket, actor_label="system:sla", after={"target": target})


def _breach(clock: TicketClock, ticket: Ticket, targets: list[str]) -> None:
    policy = clock.policy
    recipients: list[User] = []
    if ticket.assignee and (policy is None or policy.breach_notify_assignee):
        recipients.append(ticket.assignee)
    if policy is None or policy.breach_notify_leads:
        recipients += team_leads(ticket.team_id)
    reasons = []
    told: list[User] = []
    for target in targets:
        due_at = getattr(clock, f"{target}_due_at")
        reasons.append(
            _("%(target)s was due at %(due)s.") % {"target": Target(target).label, "due": _when(due_at)}
        )
        told += notify(
            ticket,
            recipients,
            kind=NoticeKind.BREACH,
            target=target,
            cycle=_cycle(clock, target),
            due_at=due_at,
        )
    told = list(dict.fromkeys(told))
    if told:
        reasons.append(_("Notified: %(names)s.") % {"names": name_list(told)})
    # The breach reads first on the timeline; what was done about it follows and is added to it.
    entry = system_event(ticket, "sla_breached", reasons, targets=targets, notified=[p.pk for p in told])
    actions: list[str] = []
    # One step per sweep of a case, however many of its targets broke at once.
    if policy and policy.breach_raise_priority and ticket.priority < Priority.URGENT:
        raised = Priority(ticket.priority + 1)
        ticket_update(ticket=ticket, actor=None, priority=raised.value)
        reasons.append(_("Priority raised to %(priority)s.") % {"priority": raised.label})
        actions.append("priority")
    if policy and policy.breach_escalate:
        try:
            moved = ticket_escalate(ticket=ticket, actor=None, note="")
        except DomainError as exc:  # at the top tier already, or no team above
            reasons.append(_("Not escalated: %(reason)s.") % {"reason": exc.message})
        else:
            reasons.append(_("Escalated to %(team)s.") % {"team": moved.team})
            actions.append("escalated")
    entry.data |= {"reasons": reasons, "actions": actions}
    entry.save(update_fields=["data"])
    audit_record(
        action="ticket.sla_breached",
        obj=ticket,
        actor_label="system:sla",
        after={"targets": targets, "notified": sorted(p.pk for p in told), "actions": actions},
    )


def _cycle(clock: TicketClock, target: str) -> int:
    return clock.next_response_cycle if target == Target.NEXT_RESPONSE else 0


def _when(at: dt.datetime | None) -> str:
    # Stored in the timeline's reasons, read later by agents in every zone: so UTC, and said so.
    return f"{format_stamp(at, dt.UTC)} UTC" if at else "—"


def _act(clock: TicketClock, now: dt.datetime, lookups: Lookups) -> int:
    """Mark what is due on one claimed clock and act on it; the caller's transaction holds both locks."""
    due = _due(clock, now)
    marks: dict[str, dt.datetime] = {}
    for t in due.breaches:
        marks[f"{t}_breached_at"] = getattr(clock, f"{t}_due_at")
        if getattr(clock, f"{t}_warned_at") is None:
            marks[f"{t}_warned_at"] = now
    for t in due.warnings:
        marks[f"{t}_warned_at"] = now
    if marks:
        TicketClock.objects.filter(pk=clock.pk).update(**marks)
        for field, value in marks.items():
            setattr(clock, field, value)
    ticket = clock.ticket
    for t in due.warnings:
        _warn(clock, ticket, t)
    if due.breaches:
        _breach(clock, ticket, due.breaches)
    # The actions may have changed the ticket (priority, team); the clock follows it.
    sla_recompute(
        ticket=Ticket.objects.select_related("customer").get(pk=ticket.pk), now=now, lookups=lookups
    )
    return len(due.warnings) + len(due.breaches)


def _claimed(queryset: Any, batch: int) -> list[TicketClock]:
    return list(
        queryset.select_related(
            "ticket", "ticket__customer", "ticket__assignee", "ticket__team", "policy"
        ).select_for_update(skip_locked=True, of=("self", "ticket"))[:batch]
    )


def sla_sweep(*, now: dt.datetime | None = None, batch: int | None = None, limit: int = 10_000) -> int:
    """Warn and breach every clock that is due; returns how many warnings and breaches it acted on.

    Reads only due rows, through the partial index on `next_check_at`. Each batch is one transaction:
    a worker killed mid-batch leaves it unmarked and untouched for the next run.
    """
    now = now or timezone.now()
    batch = batch or settings.SLA_SWEEP_BATCH
    lookups = Lookups()
    acted = seen = 0
    while seen < limit:
        with transaction.atomic():
            clocks = _claimed(
                TicketClock.objects.filter(next_check_at__lte=now).order_by("next_check_at"), batch
            )
            if not clocks:
                break
            for clock in clocks:
                acted += _act_safely(clock, now, lookups)
            seen += len(clocks)
    return acted


def _act_safely(clock: TicketClock, now: dt.datetime, lookups: Lookups, executive: bool = False) -> int:
    try:
        with transaction.atomic():
            return _escalate_executive(clock, now, lookups) if executive else _act(clock, now, lookups)
    except Exception:
        logger.exception("SLA action on ticket %s failed; retrying in %s", clock.pk, RETRY_AFTER)
        field = "exec_due_at" if executive else "next_check_at"
        TicketClock.objects.filter(pk=clock.pk).update(**{field: now + RETRY_AFTER})
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

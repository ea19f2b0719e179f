"""Transfers and escalations between teams and tiers, and the follow-the-sun overflow sweep."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from audit.services import audit_record
from helpdesk.errors import DomainError
from routing.models import (
    Team,
    Tier,
)
from routing.services.assignment import assignment_push
from routing.services.common import (
    WAITING,
)
from routing.services.decide import _teams, choose_team, overflow_team, team_choose
from tickets.models import (
    UNRESOLVED,
    Channel,
    EntryKind,
    Status,
    Ticket,
    TimelineEntry,
)
from tickets.timeline import timeline_event_add

# --- Transfers, escalations, overflow -------------------------------------------------------------


def ticket_transfer(
    *,
    ticket: Ticket,
    actor: User | None,
    team: Team,
    note: str = "",
    event: str = "transferred",
    push: bool = True,
) -> Ticket:
    """Move a case to another team (and that team's tier); it waits there for a new agent.

    `push=False` leaves it waiting unassigned: a live chat is offered to the new team instead.
    """
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().select_related("customer").get(pk=ticket.pk)
        if ticket.status == Status.CLOSED:
            raise DomainError(gettext("a closed ticket cannot be transferred"), code="closed")
        before = {"team": ticket.team_id, "tier": ticket.tier, "assignee": ticket.assignee_id}
        if before["team"] == team.pk and event == "transferred":
            raise DomainError(gettext("the ticket is already with that team"))
        ticket.team = team
        ticket.tier = team.tier
        ticket.assignee = None
        ticket.updated_at = timezone.now()
        ticket.save(update_fields=["team", "tier", "assignee", "updated_at"])
        timeline_event_add(
            ticket,
            event,
            actor=actor,
            **{"from": before["team"], "to": team.pk, "to_name": team.name, "tier": team.tier, "note": note},
        )
        if note.strip():
            TimelineEntry.objects.create(
                ticket=ticket,
                kind=EntryKind.INTERNAL_NOTE,
                channel=ticket.channel,
                author=actor,
                body=note.strip(),
                created_at=timezone.now(),
            )
        audit_record(
            action=f"ticket.{event}",
            obj=ticket,
            actor=actor,
            actor_label=None if actor else "system:routing",
            before=before,
            after={"team": team.pk, "tier": team.tier, "assignee": None},
        )
        if push:
            assignment_push(ticket=ticket)
    return ticket


def ticket_escalate(*, ticket: Ticket, actor: User | None, note: str = "") -> Ticket:
    """Send a case one tier up, to a team there with the case's skill."""
    if ticket.tier >= Tier.EXECUTIVE:
        raise DomainError(gettext("the ticket is already at the executive tier"))
    target = choose_team(
        tier=ticket.tier + 1, skill=ticket.skill, language=ticket.language, now=timezone.now()
    )
    if target is None:
        raise DomainError(gettext("no team is set up for tier %(tier)d") % {"tier": ticket.tier + 1})
    return ticket_transfer(ticket=ticket, actor=actor, team=target, note=note, event="escalated")


def overflow_due(*, now: dt.datetime, limit: int = 200) -> tuple[list[int], dict[int, Team]]:
    """The ids of the cases that may have waited past their team's target, most urgent first, and the
    teams; `ticket_overflow` decides each one under its row lock."""
    teams = {t.pk: t for t in _teams()}
    shortest = min((t.wait_target_seconds for t in teams.values()), default=0)
    waiting = list(
        Ticket.objects.filter(
            assignee__isnull=True,
            status__in=WAITING,
            team__isnull=False,
            created_at__lt=now - dt.timedelta(seconds=shortest),
        )
        # Live chats overflow through their offers (livechat.services), to be accepted: pushing one
        # here would hand it to an agent outright, past the offers that count against capacity.
        .exclude(channel=Channel.CHAT, conversation__isnull=False)
        .order_by("-priority", "-vip_rank", "id")
        .values_list("pk", flat=True)[:limit]
    )
    return waiting, teams


def ticket_overflow(*, pk: int, teams: dict[int, Team], now: dt.datetime) -> Ticket | None:
    """Move one case that waited past its team's target, with nobody there free, to an on-shift team;
    the moved ticket, or None when it stays. The row is claimed with SKIP LOCKED and re-read under the
    lock, so two sweeps at once, or a sweep racing an agent's "get next", act on a case once."""
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("customer")
            .filter(pk=pk, assignee__isnull=True, status__in=WAITING, team__isnull=False)
            .first()
        )
        if ticket is None or ticket.team_id not in teams:
            return None
        team = teams[ticket.team_id]
        if now - ticket.created_at < dt.timedelta(seconds=team.wait_target_seconds):
            return None
        if assignment_push(ticket=ticket, now=now):
            return None
        other = overflow_team(ticket, now=now, exclude={team.pk}, needs_free_agent=True)
        if other is None:
            return None
        return ticket_transfer(ticket=ticket, actor=None, team=other, event="overflowed", note="")


def strays_due(*, limit: int = 200) -> list[int]:
    """The ids of unresolved cases that have no team.

    No path should leave a case without a team, but one that does (a case from before the teams were
    set up, an old version's choice) would be off the board and out of "get next" for good.
    """
    return list(
        Ticket.objects.filter(team__isnull=True, status__in=UNRESOLVED)
        .order_by("id")
        .values_list("pk", flat=True)[:limit]
    )


def teams_all() -> list[Team]:
    return _teams()


def ticket_home_stray(*, pk: int, teams: list[Team], now: dt.datetime) -> Ticket | None:
    """Give one case without a team a team, with the reason on its routing record; None if it has one."""
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("customer")
            .filter(pk=pk, team__isnull=True, status__in=UNRESOLVED)
            .first()
        )
        if ticket is None:
            return None
        chosen = team_choose(
            tier=ticket.tier,
            skill=ticket.skill,
            language=ticket.language,
            now=now,
            teams=teams,
            is_chat=ticket.channel == Channel.CHAT,
            any_tier=True,
        )
        if chosen.team is None:
            return None  # no team exists at all
        return ticket_home(ticket=ticket, team=chosen.team, reason=chosen.reason, now=now)


def ticket_home(*, ticket: Ticket, team: Team, reason: str, now: dt.datetime) -> Ticket:
    """Put a case that has no team into `team`, keeping its agent; the reason joins its routing record."""
    reasons = [f"had no team: sent to {team.name}" + (f" ({reason})" if reason else "")]
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().select_related("customer").get(pk=ticket.pk)
        if ticket.team_id is not None:
            return ticket
        ticket.team = team
        ticket.tier = team.tier
        ticket.updated_at = now
        ticket.routing = {
            **(ticket.routing or {}),
            "team_name": team.name,
            "reasons": [*((ticket.routing or {}).get("reasons") or []), *reasons],
        }
        ticket.save(update_fields=["team", "tier", "updated_at", "routing"])
        timeline_event_add(
            ticket, "routed", team=team.pk, team_name=team.name, tier=team.tier, reasons=reasons
        )
        audit_record(
            action="ticket.routed",
            obj=ticket,
            actor_label="system:routing",
            before={"team": None},
            after={"team": team.pk, "tier": team.tier},
        )
        if ticket.assignee_id is None and ticket.channel != Channel.CHAT:
            # Live chats are offered to an agent by the chat service, not assigned outright.
            assignment_push(ticket=ticket, now=now)
    return ticket

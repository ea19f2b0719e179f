"""The supervisor's board: every team's backlog and every agent's load, read in a fixed number of
queries however many teams and agents there are (it refreshes every few seconds on open screens).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils import timezone

from accounts.models import User
from customers.models import VipLevel
from helpdesk.db_router import reporting
from routing.models import AgentStatus, Presence, Team, TeamMembership
from routing.services import WAITING, agent_capacity, agent_load, presence_ttl, team_on_shift
from tickets.models import Ticket

PRESENCE_ORDER: dict[str, int] = {Presence.ONLINE: 0, Presence.AWAY: 1, Presence.OFFLINE: 2}


@dataclass(frozen=True)
class Load:
    chats: int = 0
    chat_capacity: int = 0
    tickets: int = 0
    ticket_capacity: int = 0

    def __add__(self, other: "Load") -> "Load":
        return Load(
            self.chats + other.chats,
            self.chat_capacity + other.chat_capacity,
            self.tickets + other.tickets,
            self.ticket_capacity + other.ticket_capacity,
        )


@dataclass(frozen=True)
class AgentRow:
    user: User
    presence: str
    teams: list[Team]
    load: Load
    last_assigned_at: dt.datetime | None


@dataclass(frozen=True)
class Backlog:
    waiting: int = 0
    vip_waiting: int = 0
    oldest_at: dt.datetime | None = None


@dataclass(frozen=True)
class TeamRow:
    team: Team
    on_shift: bool
    backlog: Backlog
    oldest_wait: dt.timedelta | None
    members: int
    online: int
    # Of the agents online now: what they hold against what they may hold.
    load: Load

    @property
    def over_target(self) -> bool:
        return (
            self.oldest_wait is not None and self.oldest_wait.total_seconds() > self.team.wait_target_seconds
        )


@dataclass(frozen=True)
class Board:
    now: dt.datetime
    teams: list[TeamRow]
    agents: list[AgentRow]
    # Cases waiting with no team at all: routing found none that fits.
    teamless: Backlog = field(default_factory=Backlog)

    @property
    def teamless_wait(self) -> dt.timedelta | None:
        return self.now - self.teamless.oldest_at if self.teamless.oldest_at else None

    @property
    def most_waiting(self) -> int:
        return max([t.backlog.waiting for t in self.teams] + [self.teamless.waiting], default=0)


def effective_presence(status: AgentStatus | None, now: dt.datetime) -> str:
    """What routing sees: a presence whose heartbeat stopped is offline, whatever the row still says."""
    if status is None or status.last_seen_at is None or now - status.last_seen_at > presence_ttl():
        return Presence.OFFLINE
    return status.presence


def _backlogs() -> dict[int | None, Backlog]:
    rows = (
        Ticket.objects.filter(assignee__isnull=True, status__in=WAITING)
        .values("team_id")
        .annotate(
            waiting=Count("id"),
            # The same VIPs as the VIP queue: the customer's level, whatever rank routing gave it.
            vip=Count("id", filter=~Q(customer__vip_level=VipLevel.STANDARD)),
            oldest=Min("created_at"),
        )
    )
    return {r["team_id"]: Backlog(r["waiting"], r["vip"], r["oldest"]) for r in rows}


def _agents(now: dt.datetime) -> list[AgentRow]:
    users = list(
        User.objects.filter(is_active=True, pk__in=TeamMembership.objects.values("user_id"))
        .select_related("agent_status")
        .prefetch_related("teams")
    )
    loads = agent_load([u.pk for u in users])
    rows = []
    for user in users:
        status = getattr(user, "agent_status", None)
        teams = list(user.teams.all())
        capacity = agent_capacity(user, status, teams)
        chats, tickets = loads[user.pk]
        rows.append(
            AgentRow(
                user=user,
                presence=effective_presence(status, now),
                teams=teams,
                load=Load(chats, capacity.chats, tickets, capacity.tickets),
                last_assigned_at=status.last_assigned_at if status else None,
            )
        )
    rows.sort(key=lambda r: (PRESENCE_ORDER.get(r.presence, 3), str(r.user).casefold()))
    return rows


@reporting()
def routing_board(*, now: dt.datetime | None = None) -> Board:
    now = now or timezone.now()
    teams = list(Team.objects.prefetch_related("shifts", "holidays").order_by("tier", "name"))
    backlogs = _backlogs()
    agents = _agents(now)
    members: dict[int, list[AgentRow]] = defaultdict(list)
    for agent in agents:
        for team in agent.teams:
            members[team.pk].append(agent)
    rows = []
    for team in teams:
        backlog = backlogs.get(team.pk, Backlog())
        online = [a for a in members[team.pk] if a.presence == Presence.ONLINE]
        rows.append(
            TeamRow(
                team=team,
                on_shift=team_on_shift(team, now),
                backlog=backlog,
                oldest_wait=now - backlog.oldest_at if backlog.oldest_at else None,
                members=len(members[team.pk]),
                online=len(online),
                load=sum((a.load for a in online), Load()),
            )
        )
    return Board(now=now, teams=rows, agents=agents, teamless=backlogs.get(None, Backlog()))

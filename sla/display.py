"""How a ticket's SLA clock reads to an agent: one line per target, coloured by how close it is."""

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext as _

from sla.models import TARGETS, ClockState, Target, TicketClock
from tickets.models import Status, Ticket

Tone = Literal["ok", "warning", "breached", "paused", "met", "missed"]
OPEN_TONES = ("ok", "warning", "breached", "paused")


@dataclass(frozen=True)
class TargetView:
    target: str
    label: str
    tone: Tone
    due_at: dt.datetime | None
    warn_at: dt.datetime | None
    # Seconds left (negative once overdue); business seconds left while the clock is paused.
    remaining: float | None

    @property
    def is_open(self) -> bool:
        return self.tone in OPEN_TONES


@dataclass(frozen=True)
class ClockView:
    clock: TicketClock
    targets: list[TargetView]

    @property
    def policy(self) -> str:
        """Read only on the ticket page: a queue row does not load policies."""
        return self.clock.policy.name if self.clock.policy else ""

    @property
    def paused(self) -> bool:
        return self.clock.state == ClockState.PAUSED

    @property
    def exec_due_at(self) -> dt.datetime | None:
        return self.clock.exec_due_at

    @property
    def exec_escalated_at(self) -> dt.datetime | None:
        return self.clock.exec_escalated_at

    @property
    def primary(self) -> TargetView | None:
        """The open target that runs out first: what a queue row shows."""
        running = [t for t in self.targets if t.is_open and t.remaining is not None]
        return min(running, key=lambda t: (t.tone == "paused", t.remaining), default=None)


def _mark(clock: TicketClock, target: str, length: int) -> float:
    if target == Target.NEXT_RESPONSE:
        return (clock.next_response_from_seconds or 0.0) + length
    return float(length)


def _view(clock: TicketClock, ticket: Ticket, target: str, now: dt.datetime) -> TargetView | None:
    length: int | None = getattr(clock, f"{target}_target")
    due_at, warn_at = getattr(clock, f"{target}_due_at"), getattr(clock, f"{target}_warn_at")
    breached = getattr(clock, f"{target}_breached_at") is not None
    label = str(Target(target).label)
    done = (
        (target == Target.FIRST_RESPONSE and ticket.first_response_at is not None)
        or (target == Target.RESOLUTION and ticket.status in (Status.SOLVED, Status.CLOSED))
        or (target == Target.NEXT_RESPONSE and clock.awaiting_since is None)
    )
    if target == Target.NEXT_RESPONSE and (done or length is None):
        return None  # shown only while a customer message waits for its answer
    if done or length is None:
        if length is None and not breached:
            return None
        return TargetView(target, label, "missed" if breached else "met", None, None, None)
    if due_at is not None:
        remaining = (due_at - now).total_seconds()
        tone: Tone = "breached" if breached or remaining <= 0 else "ok"
        if tone == "ok" and warn_at is not None and warn_at <= now:
            tone = "warning"
        return TargetView(target, label, tone, due_at, warn_at, remaining)
    if clock.state == ClockState.STOPPED:
        return TargetView(target, label, "missed" if breached else "met", None, None, None)
    left = _mark(clock, target, length) - clock.consumed_seconds
    return TargetView(target, label, "breached" if breached else "paused", None, None, left)


def clock_view(ticket: Ticket, now: dt.datetime) -> ClockView | None:
    try:
        clock = ticket.sla_clock
    except TicketClock.DoesNotExist:
        return None
    views = [v for t in TARGETS if (v := _view(clock, ticket, t, now)) is not None]
    return ClockView(clock=clock, targets=views)


def short_duration(seconds: float | None) -> str:
    """12s, 4m, 3h 05m, 2d 4h; overdue amounts carry a minus sign."""
    if seconds is None:
        return ""
    sign = "\N{MINUS SIGN}" if seconds < 0 else ""
    s = int(abs(seconds))
    if s < 60:
        text = _("%(s)ds") % {"s": s}
    elif s < 3600:
        text = _("%(m)dm") % {"m": s // 60}
    elif s < 86400:
        text = _("%(h)dh %(m)02dm") % {"h": s // 3600, "m": s % 3600 // 60}
    else:
        text = _("%(d)dd %(h)dh") % {"d": s // 86400, "h": s % 86400 // 3600}
    return sign + text

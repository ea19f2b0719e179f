"""What a customer is told when tier 0 hands the case to a person: who will answer and when.

Contract:

    handoff_notice(*, ticket, language, now) -> str

The team the case was routed to, described by what it does ("our wallets and on-chain specialists"),
never by its internal name; and an honest expected wait: the live chat queue's estimate, else the
first-response deadline of the ticket's SLA clock; outside the team's hours, when its next shift starts
(and that colleagues in another time zone are on duty, when a follow-the-sun team is). Security cases
add the standard safety line. In `language`, falling back to English. Reads only.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from assistant.answers import reply_language
from assistant.phrases import duration, phrase
from livechat.models import Conversation
from livechat.queue import chat_agents_online, queue_info
from routing.models import Team
from routing.services import overflow_team
from routing.services.decide import team_on_shift
from tickets.models import Channel, Ticket, Tier

# The routing skill a case was sent with -> the phrases' description of who handles it.
SKILL_TEAM: dict[str, str] = {
    "wallets": "wallets_onchain",
    "security": "account_security",
    "kyc": "kyc_verification",
    "payments": "payments_fiat",
    "p2p": "p2p",
    "trading": "trading",
    "api": "api",
}
# A next shift is looked for this far ahead (a team with no shift for longer is "as soon as possible").
SEARCH_DAYS = 15


def handoff_notice(*, ticket: Ticket, language: str, now: dt.datetime) -> str:
    words = reply_language(language)
    specialty = _specialty(ticket)
    parts = [
        phrase("handoff_team", words, team=phrase(f"team_{specialty}", words)),
        phrase("handoff_details", words),
        _when(ticket, words, now),
    ]
    if specialty == "account_security":
        parts.append(phrase("safety", words))
    return " ".join(p for p in parts if p)


def _specialty(ticket: Ticket) -> str:
    if ticket.tier == Tier.EXECUTIVE:
        return "executive"
    skill = ticket.skill or ""
    if not skill and ticket.team is not None and len(ticket.team.skills or ()) == 1:
        skill = ticket.team.skills[0]
    return SKILL_TEAM.get(skill, "general")


def _when(ticket: Ticket, words: str, now: dt.datetime) -> str:
    """The expected wait, in words."""
    team: Team | None = ticket.team
    if team is not None and not team_on_shift(team, now):
        start = next_shift_start(team, now)
        sentences = []
        if start is not None:
            sentences.append(
                phrase(
                    "handoff_off_shift",
                    words,
                    time=start.astimezone(dt.UTC).strftime("%H:%M"),
                    wait=duration((start - now).total_seconds(), words),
                )
            )
        if overflow_team(ticket, now=now, exclude={team.pk}) is not None:
            sentences.append(phrase("handoff_other_team", words))
        return " ".join(sentences) or phrase("handoff_soon", words)
    if ticket.channel == Channel.CHAT:
        conversation = Conversation.objects.filter(ticket_id=ticket.pk).select_related("ticket").first()
        if conversation is not None and conversation.is_queued and chat_agents_online(ticket, now):
            wait = queue_info(conversation, now)["expected_wait_seconds"]
            if wait is not None:
                return phrase("handoff_wait_chat", words, wait=duration(wait, words))
    due = _first_response_due(ticket)
    if due is not None and due > now:
        return phrase("handoff_wait", words, wait=duration((due - now).total_seconds(), words))
    return phrase("handoff_soon", words)


def _first_response_due(ticket: Ticket) -> dt.datetime | None:
    from sla.models import TicketClock

    clock = TicketClock.objects.filter(ticket_id=ticket.pk).only("first_response_due_at").first()
    return clock.first_response_due_at if clock is not None else None


def next_shift_start(team: Team, now: dt.datetime) -> dt.datetime | None:
    """When the team's next shift starts after `now` (aware, in the team's zone); None when it has none
    in the next SEARCH_DAYS days. A team without shifts works around the clock except on holidays."""
    try:
        zone: dt.tzinfo = zoneinfo.ZoneInfo(team.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        zone = dt.UTC  # as routing reads it
    local = now.astimezone(zone)
    holidays = {h.date for h in team.holidays.all()}
    shifts = [(s.weekday, s.start) for s in team.shifts.all()]
    for offset in range(SEARCH_DAYS):
        day = local.date() + dt.timedelta(days=offset)
        if day in holidays:
            continue
        if not shifts:
            start = dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)
            if start > local:
                return start
            continue
        starts = sorted(
            dt.datetime.combine(day, begin, tzinfo=zone)
            for weekday, begin in shifts
            if weekday == day.weekday()
        )
        for start in starts:
            if start > local:
                return start
    return None

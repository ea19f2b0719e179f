"""Routing by the case's language: the fallback when the team chosen speaks none of it, at routing and
whenever the ticket's language changes afterwards (detected in the customer's words, or corrected by an
agent). The rule itself is `routing.rules.language_fallback`; docs/languages.md tells it to admins."""

import datetime as dt

from routing.config import routing_config
from routing.models import Team
from routing.services.decide import language_unspoken_notice, team_language_choice
from routing.services.transfers import ticket_transfer
from tickets.models import Channel, Ticket


def ticket_language_reroute(*, ticket: Ticket, now: dt.datetime) -> Team | None:
    """The ticket's language changed: an unassigned case whose team speaks none of it moves the way
    routing would send it (`language_fallback`). Returns the new team, or None when it stays."""
    if ticket.team_id is None or ticket.assignee_id is not None or not ticket.is_unresolved:
        return None
    config = routing_config()
    team = config.team(ticket.team_id)
    if team is None:
        return None
    choice = team_language_choice(
        team=team, tier=ticket.tier, skill=ticket.skill, language=ticket.language, now=now, config=config
    )
    if choice is None:
        return None
    target = config.team(choice.team_id)
    if target is None:
        return None
    if target.pk != team.pk:
        moved = ticket_transfer(
            ticket=ticket,
            actor=None,
            team=target,
            note="",
            event="language_rerouted",
            push=ticket.channel != Channel.CHAT,
        )
        ticket.team, ticket.tier, ticket.assignee = target, moved.tier, moved.assignee
    if choice.unspoken:
        language_unspoken_notice(ticket, choice, team_name=target.name)
    return target if target.pk != team.pk else None

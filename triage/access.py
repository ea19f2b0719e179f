"""The only answers to "may this user see a ticket's triage, and how".

Triage is agents' work: every signed-in member of the support organisation who may see the ticket
(tickets.access) sees its triage; customers never do. Blockchain addresses and memos are the customer's
account data: partner agents (outsourced) see them masked and get no explorer link for an address,
following customers.access (they never see contact data unmasked). Transaction hashes stay whole: the
customer's case is about them.
"""

from __future__ import annotations

from typing import Any

from customers.access import is_partner_agent
from tickets.access import ticket_for_agent
from tickets.models import Ticket


def triage_ticket_for(user: Any, ticket_id: int) -> Ticket:
    """The ticket if `user` may see it (404 otherwise, as for the ticket itself)."""
    return ticket_for_agent(user, ticket_id)


def chain_data_masked(user: Any) -> bool:
    return is_partner_agent(user)


def mask_chain_value(value: str) -> str:
    """`0x52908400098527886E0F7030069857D2E4169EE7` -> `0x5290…9EE7`; short values become `…`."""
    if len(value) <= 10:
        return "…"
    return f"{value[:6]}…{value[-4:]}"

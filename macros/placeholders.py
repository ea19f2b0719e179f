"""Placeholders in a macro's text: a fixed whitelist substituted by hand, never a template engine.

An admin writes the text, so it must not reach template internals: `{{ customer.first_name }}` is a key
looked up in a dict of plain strings computed here, nothing else. An unknown key is refused when the
macro is saved; a known key without a value when the macro is applied is left in the text as a marked
gap (`[[ticket's network?]]`-like, see GAP) the agent must fill, never silently empty.
"""

import re
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from customers.access import is_partner_agent, pii_shown_unmasked
from customers.models import mask_email
from tickets.models import Ticket
from triage.access import mask_chain_value
from triage.models import Mention, MentionKind

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+\.[a-z_]+)\s*\}\}")
# Anything that looks like a placeholder, even a malformed one ({{ Customer.Name }}, {{x}}): refused.
LOOKS_LIKE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)

PLACEHOLDERS: dict[str, Any] = {
    "customer.first_name": _("the customer's first name"),
    "customer.name": _("the customer's name"),
    "customer.email": _("the customer's email (masked unless you may see it)"),
    "ticket.reference": _("the ticket's reference"),
    "ticket.subject": _("the ticket's subject"),
    "agent.first_name": _("your first name"),
    "triage.txid": _("the transaction hash the customer mentioned"),
    "triage.address": _("the address the customer mentioned (shortened for partner agents)"),
    "triage.memo": _("the memo or tag the customer mentioned (shortened for partner agents)"),
    "triage.network": _("the network the customer mentioned"),
    "triage.asset": _("the asset the customer mentioned"),
}


def gap(key: str) -> str:
    """What a placeholder without a value leaves in the text: visible, and the same for every language."""
    return f"[[{key}?]]"


GAP = re.compile(r"\[\[[a-z_]+\.[a-z_]+\?\]\]")


def unknown_placeholders(text: str) -> list[str]:
    """The placeholders of `text` that are not in the whitelist, as written."""
    found: list[str] = []
    for match in LOOKS_LIKE.finditer(text):
        key = match.group(1).strip()
        if key not in PLACEHOLDERS and key not in found:
            found.append(key)
    return found


def _first_name(name: str) -> str:
    return name.split()[0] if name.strip() else ""


def _triage_values(ticket: Ticket, user: Any) -> dict[str, str]:
    """The latest mention of each kind on the ticket (one query), masked as the triage panel masks it."""
    masked = is_partner_agent(user)
    values: dict[str, str] = {}
    mentions = (
        Mention.objects.filter(ticket=ticket)
        .order_by("-entry_id", "start")
        .only("kind", "value", "network", "asset")
    )
    for mention in mentions:
        if mention.kind == MentionKind.TX_HASH:
            values.setdefault("triage.txid", mention.value)
        elif mention.kind == MentionKind.ADDRESS:
            values.setdefault("triage.address", mask_chain_value(mention.value) if masked else mention.value)
        elif mention.kind == MentionKind.MEMO:
            values.setdefault("triage.memo", mask_chain_value(mention.value) if masked else mention.value)
        elif mention.kind == MentionKind.NETWORK:
            values.setdefault("triage.network", mention.value)
        if mention.network:
            values.setdefault("triage.network", mention.network)
        if mention.asset:
            values.setdefault("triage.asset", mention.asset)
    return values


def placeholder_values(ticket: Ticket, user: Any) -> dict[str, str]:
    """Every whitelisted value for this ticket as `user` may see it; `ticket.customer` must be loaded."""
    customer = ticket.customer
    email = (
        customer.email if pii_shown_unmasked(user) else mask_email(customer.email) if customer.email else ""
    )
    values = {
        "customer.first_name": _first_name(customer.name),
        "customer.name": customer.name,
        "customer.email": email,
        "ticket.reference": ticket.reference,
        "ticket.subject": ticket.subject,
        "agent.first_name": user.first_name or user.get_username(),
    }
    values.update(_triage_values(ticket, user))
    return values


def render(text: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """`text` with each placeholder replaced; the keys that had no value (left as gaps), in order."""
    missing: list[str] = []

    def one(match: re.Match[str]) -> str:
        key = match.group(1)
        value = values.get(key, "")
        if key in PLACEHOLDERS and value:
            return value
        if key not in missing:
            missing.append(key)
        return gap(key)

    return PLACEHOLDER.sub(one, text), missing


def describe(keys: Iterable[str]) -> list[dict[str, str]]:
    return [{"key": key, "label": str(PLACEHOLDERS[key])} for key in keys]

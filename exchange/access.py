"""The only answers to "may this user see the exchange's facts about a customer, and how much of them".

Agents read the customer's live exchange state beside the cases they may open (the ticket decides,
tickets.access): account state, transfers, deposit addresses, network warnings. Wallet addresses and
memos are how on-chain cases are solved, so in-house staff see them whole; partner agents (outsourced
teams) see them masked, like every other piece of customer data, and do not see security events (IP
addresses, devices). The reference exchange's own page lists every account it holds: in-house staff
only. Widget customers and anonymous callers see none of it.
"""

from typing import Any, Literal

from accounts.models import Role
from customers.access import is_partner_agent

Viewer = Literal["partner", "agent", "supervisor", "admin"]


def _is_staff(user: Any) -> bool:
    """People who work cases; auditors read the audit log only (their confinement is a second layer)."""
    role = getattr(user, "role", None)
    return bool(getattr(user, "is_authenticated", False) and role in Role.values and role != Role.AUDITOR)


def exchange_panel_viewable(user: Any) -> bool:
    """The panel itself; which ticket it is for is checked by tickets.access.ticket_for_agent."""
    return _is_staff(user)


def exchange_details_unmasked(user: Any) -> bool:
    """Whole addresses and memos, and the security events."""
    return _is_staff(user) and not is_partner_agent(user)


def reference_exchange_viewable(user: Any) -> bool:
    return _is_staff(user) and not is_partner_agent(user)


def mask_chain_value(value: str) -> str:
    """An address or memo as a partner agent sees it: enough to tell two apart, not to reuse."""
    if not value:
        return ""
    if len(value) <= 6:
        return "•" * len(value)
    keep = 4 if len(value) > 12 else 2
    return f"{value[:keep]}…{value[-keep:]}"

"""Who may see a customer's personal data.

Everyone in the support organisation sees masked contact details. Supervisors and admins see them
unmasked, each view audited; in-house agents reveal them one customer at a time with a reason;
agents of outsourced partner teams never see them.
"""

from typing import Any

from accounts.models import Role


def is_partner_agent(user: Any) -> bool:
    # The clean-room middleware (routing/cleanroom.py) has read the agent's partner teams already.
    memo = getattr(user, "_partner_teams", None)
    if memo is not None:
        return bool(user.role == Role.AGENT and memo)
    return bool(user.role == Role.AGENT and user.teams.filter(is_outsourced=True).exists())


def pii_shown_unmasked(user: Any) -> bool:
    return bool(user.role in (Role.SUPERVISOR, Role.ADMIN))


def pii_revealable(user: Any) -> bool:
    return pii_shown_unmasked(user) or not is_partner_agent(user)


def customer_editable(user: Any) -> bool:
    """Customer records mirror the exchange's; its backend's account and supervisors keep them."""
    return bool(user.role in (Role.SUPERVISOR, Role.ADMIN))

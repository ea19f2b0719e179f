"""Who may see a customer's personal data.

Everyone in the support organisation sees masked contact details. Supervisors and admins see them
unmasked, each view audited; in-house agents reveal them one customer at a time with a reason;
agents of outsourced partner teams never see them.
"""

from typing import Any

from accounts.access import is_partner_agent
from accounts.models import Role

__all__ = ["is_partner_agent"]


def pii_shown_unmasked(user: Any) -> bool:
    return bool(user.role in (Role.SUPERVISOR, Role.ADMIN))


def pii_revealable(user: Any) -> bool:
    return pii_shown_unmasked(user) or not is_partner_agent(user)


def customer_editable(user: Any) -> bool:
    """Customer records mirror the exchange's; its backend's account and supervisors keep them."""
    return bool(user.role in (Role.SUPERVISOR, Role.ADMIN))

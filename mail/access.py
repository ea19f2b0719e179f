"""The only answers to "may this user see raw mail" (admins alone) and "may this user add someone
to a ticket's email conversation" (staff of the house, not partner agents).

Raw messages hold every address and word a customer sent, unmasked, and quarantined ones may hold
anything at all; agents work from the ticket, where contact details are masked.
"""

from typing import Any

from django.core.exceptions import PermissionDenied

from accounts.models import Role
from customers.access import is_partner_agent


def mail_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "role", None) == Role.ADMIN)


def check_mail_admin(user: Any) -> None:
    if not mail_admin(user):
        raise PermissionDenied


def thread_widenable(user: Any) -> bool:
    """Adding a person to a conversation sends them the customer's case from then on: in-house
    agents, supervisors and admins, who may reveal the address first; never partner agents, who
    only ever see it masked."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and not is_partner_agent(user))

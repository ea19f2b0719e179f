"""The only answers to "may this user see survey answers".

Agents see a ticket's answer on the ticket page, which they reach only for tickets they may see. The
list of recent answers compares teams and agents, a supervisor's view: supervisors and admins, and
(should an outsourced team ever have a supervisor) only answers on tickets they may see.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from accounts.models import Role
from csat.models import Survey
from tickets.models import Ticket


def answers_visible(user: Any) -> bool:
    return bool(getattr(user, "role", None) in (Role.SUPERVISOR, Role.ADMIN))


def answers_for(user: Any) -> QuerySet[Survey]:
    if not answers_visible(user):
        raise PermissionDenied
    return Survey.objects.filter(ticket__in=Ticket.objects.visible_to(user))

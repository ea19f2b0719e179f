"""The only answers to "may this agent see or change this ticket or customer"."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from customers.access import is_partner_agent
from customers.models import Customer
from tickets.models import Attachment, Ticket


def ticket_for_agent(user: Any, ticket_id: int, *, for_update: bool = False) -> Ticket:
    """The ticket if `user` may work on it; 404 (not 403) so ids of hidden tickets leak nothing."""
    qs = Ticket.objects.visible_to(user).select_related("customer", "assignee", "team")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    try:
        return qs.get(pk=ticket_id)
    except Ticket.DoesNotExist:
        raise Http404(_("No such ticket")) from None


def customer_for_agent(user: Any, customer_id: int) -> Customer:
    qs = Customer.objects.all()
    if is_partner_agent(user):
        qs = qs.filter(tickets__in=Ticket.objects.visible_to(user)).distinct()
    try:
        return qs.get(pk=customer_id)
    except Customer.DoesNotExist:
        raise Http404(_("No such customer")) from None


def customers_visible_to(user: Any) -> Any:
    qs = Customer.objects.all()
    if is_partner_agent(user):
        qs = qs.filter(pk__in=Ticket.objects.visible_to(user).values("customer_id"))
    return qs


def assignable_agents(user: Any) -> QuerySet[User]:
    """Whom `user` may hand a ticket to: partner agents only the members of their own teams, so the
    in-house staff list stays in-house."""
    qs = User.objects.filter(is_active=True)
    if is_partner_agent(user):
        qs = qs.filter(teams__in=user.teams.all()).distinct()
    return qs.order_by("first_name", "last_name", "username")


def attachment_for_agent(user: Any, attachment_id: int) -> Attachment:
    """An attachment on a ticket `user` may see; 404 otherwise, as for the ticket itself."""
    qs = Attachment.objects.filter(entry__ticket__in=Ticket.objects.visible_to(user))
    try:
        return qs.get(pk=attachment_id)
    except Attachment.DoesNotExist:
        raise Http404(_("No such attachment")) from None

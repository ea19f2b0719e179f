"""The only answer to "may this customer see this": their own tickets and the public side of them.

Anything else is 404, never 403: a customer cannot tell another customer's ticket from one that does
not exist.
"""

from django.http import Http404

from portal.session import PortalSession
from tickets.models import Attachment, EntryKind, Ticket
from tickets.querysets import TicketQuerySet

# What a customer reads of their ticket: their messages and the agents' public replies. Internal
# notes, held messages (mail from someone else) and system events (routing, SLA) never.
PUBLIC_KINDS = (EntryKind.CUSTOMER_MESSAGE, EntryKind.AGENT_REPLY)


def tickets_for_customer(session: PortalSession) -> TicketQuerySet:
    return Ticket.objects.filter(customer_id=session.customer_id)


def ticket_for_customer(session: PortalSession, pk: int) -> Ticket:
    ticket = Ticket.objects.filter(customer_id=session.customer_id, pk=pk).first()
    if ticket is None:
        raise Http404("No such ticket")
    return ticket


def attachment_for_customer(session: PortalSession, pk: int) -> Attachment:
    attachment = Attachment.objects.filter(
        pk=pk, entry__ticket__customer_id=session.customer_id, entry__kind__in=PUBLIC_KINDS
    ).first()
    if attachment is None:
        raise Http404("No such file")
    return attachment

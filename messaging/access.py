"""The only answers to "may this user link a channel contact to a customer" and "which contact wrote
on this ticket".

Linking says who a stranger on Telegram (or WhatsApp, SMS...) is: from then on the replies about that
customer's account go to that stranger. It is an identity decision, as revealing contact details is,
so it is for supervisors and admins, never for agents of partner teams (nor in-house agents, who ask a
supervisor); each link is audited with its reason.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Role
from messaging.models import ChannelMessage, Contact, Direction
from tickets.access import ticket_for_agent
from tickets.models import Ticket


def contact_linkable(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "role", None) in (Role.SUPERVISOR, Role.ADMIN)
    )


def ticket_contact(user: Any, ticket_id: int) -> tuple[Ticket, Contact]:
    """The ticket (404 unless `user` may work on it) and the contact who last wrote on it through a
    channel (404 when none did); PermissionDenied unless `user` may link contacts."""
    ticket = ticket_for_agent(user, ticket_id)
    if not contact_linkable(user):
        raise PermissionDenied
    last = (
        ChannelMessage.objects.filter(ticket=ticket, direction=Direction.IN)
        .select_related("contact__customer", "contact__account")
        .order_by("-id")
        .first()
    )
    if last is None:
        raise Http404(_("No one wrote on this ticket through a messaging channel."))
    return ticket, last.contact

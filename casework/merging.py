"""An agent merges a duplicate into another case, or links related cases (tickets.merging writes them).

What is checked here, for every caller (the ticket page, the API, a bulk job): the actor may work on
both cases (a partner agent only on its teams' and its own), and a merge across two customers needs
a supervisor or an admin who confirms it, since the source's customer then writes into someone
else's case. The closed source's SLA clock stops in the same transaction.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
from helpdesk.errors import DomainError
from sla.services import sla_recompute
from tickets.merging import ticket_link_write, ticket_merge_write, ticket_unlink_write
from tickets.models import Ticket, TicketLink

CONFIRMS_OTHER_CUSTOMER = (Role.SUPERVISOR, Role.ADMIN)


def _check_may_change(actor: User, *tickets: Ticket) -> None:
    ids = {t.pk for t in tickets}
    if Ticket.objects.visible_to(actor).filter(pk__in=ids).count() != len(ids):
        raise DomainError(_("you may not change one of these tickets"), code="forbidden")


def merge_needs_confirmation(source: Ticket, target: Ticket) -> bool:
    return source.customer_id != target.customer_id


def ticket_merge(
    *, source: Ticket, target: Ticket, actor: User, confirm_other_customer: bool = False, reason: str = ""
) -> Ticket:
    """Merge `source` into `target`. Across customers only with a supervisor's (or admin's) explicit
    confirmation; refused (DomainError) otherwise, and for a case the actor may not change."""
    _check_may_change(actor, source, target)
    if merge_needs_confirmation(source, target):
        if actor.role not in CONFIRMS_OTHER_CUSTOMER:
            raise DomainError(
                _("these tickets belong to different customers: ask a supervisor to merge them"),
                code="other_customer",
            )
        if not confirm_other_customer:
            raise DomainError(
                _("these tickets belong to different customers: confirm to merge them"),
                code="confirm_other_customer",
            )
    with transaction.atomic():
        source = ticket_merge_write(source=source, target=target, actor=actor, reason=reason)
        sla_recompute(ticket=source)
    return source


def ticket_link(*, ticket: Ticket, other: Ticket, actor: User) -> TicketLink:
    _check_may_change(actor, ticket, other)
    return ticket_link_write(ticket=ticket, other=other, actor=actor)


def ticket_unlink(*, ticket: Ticket, other: Ticket, actor: User) -> bool:
    """Only the ticket in hand must be the actor's: a link to a case they cannot see is still theirs
    to remove from their own case."""
    _check_may_change(actor, ticket)
    return ticket_unlink_write(ticket=ticket, other=other, actor=actor)

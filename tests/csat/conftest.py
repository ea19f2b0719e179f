from typing import Any

from casework.services import ticket_set_status
from tests.factories import make_customer, make_team, make_ticket
from tickets.models import Status, Ticket


def solved_ticket(**fields: Any) -> Ticket:
    """A ticket of a fresh customer (unless one is given), solved now through the ticket service."""
    fields.setdefault("team", make_team())
    if "customer" not in fields:
        fields["customer"] = make_customer()
    ticket = make_ticket(**fields)
    return ticket_set_status(ticket=ticket, actor=None, status=Status.SOLVED)

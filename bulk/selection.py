"""Which tickets a bulk action is for: the ids ticked, or every ticket matching the queue's filter."""

from typing import Any

from django.http import QueryDict

from bulk.services import MAX_TICKETS
from tickets.models import Ticket
from tickets.querysets import TicketQuerySet
from workspace.forms import QueueFilterForm


def matching(user: Any, filters: str) -> TicketQuerySet:
    """The queue and filters of the page (a query string), as the agent sees them, every page of it."""
    data = QueryDict(filters, mutable=True)
    data.pop("before", None)
    form = QueueFilterForm(data)
    return form.apply(Ticket.objects.visible_to(user).queue(form.queue_name, user))


def matching_ids(user: Any, filters: str) -> list[int]:
    """Newest first, at most one more than a job takes (so too many is refused, never cut silently)."""
    return list(matching(user, filters).order_by("-id").values_list("pk", flat=True)[: MAX_TICKETS + 1])


def ticked_ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 19]

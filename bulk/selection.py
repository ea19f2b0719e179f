"""Which tickets a bulk action is for: the ids ticked, or every ticket the queue page lists under its
query string (the saved view or the queue, its filters, custom fields and search), every page of it."""

from typing import Any

from django.db.models import Q
from django.http import Http404, QueryDict

from bulk.services import MAX_TICKETS
from helpdesk.parsing import parse_id
from queueviews.access import view_for_user
from queueviews.filters import filters_q
from queueviews.queue import filter_by_fields, spec_for
from queueviews.search import search_match_q, search_query
from tickets.models import Ticket
from tickets.querysets import TicketQuerySet
from workspace.forms import QueueFilterForm


def matching(user: Any, filters: str) -> TicketQuerySet:
    """As queueviews.queue.queue_page narrows the page, without its sort and paging; a view the user may
    not open matches nothing."""
    params = QueryDict(filters)
    tickets = Ticket.objects.visible_to(user)
    view = None
    if params.get("view"):
        try:
            view = view_for_user(user, parse_id(params.get("view")))
        except Http404:
            return tickets.none()
    if view is None:
        tickets = tickets.queue(QueueFilterForm(params).queue_name, user)
    spec = spec_for(params, view)
    tickets = tickets.filter(filters_q(spec.filters, user))
    # The custom-field filters of the view or of the query string, as the page applies them.
    tickets, _ignored = filter_by_fields(tickets, spec, user)
    search = search_query(spec.filters.get("q"))
    if not search.empty:
        text = search.text
        customer = (
            Q(customer__external_id__iexact=text)
            | Q(customer__name__icontains=text)
            | Q(customer__email__iexact=text)
        )
        tickets = tickets.filter(search_match_q(search) | customer)
    return tickets


def matching_ids(user: Any, filters: str) -> list[int]:
    """Newest first, at most one more than a job takes (so too many is refused, never cut silently)."""
    return list(matching(user, filters).order_by("-id").values_list("pk", flat=True)[: MAX_TICKETS + 1])


def ticked_ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 19]

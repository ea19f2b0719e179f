"""The queue page's list: a saved view or the query string's filters, the search, the sort, the page,
and the sidebar's views with their counts (docs/views-and-search.md)."""

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, QueryDict
from django.utils.safestring import SafeString

from helpdesk.parsing import parse_id, parse_int
from queueviews.access import view_for_user, views_visible_to
from queueviews.fieldfilters import PREFIX, field_condition, field_filters, fields_named
from queueviews.filters import (
    COLUMNS,
    KEYS,
    LISTS,
    SORTS,
    ViewSpec,
    clean_spec,
    filters_q,
    query_from_filters,
)
from queueviews.models import SavedView
from queueviews.search import (
    SearchQuery,
    rank_candidates,
    search_match_q,
    search_query,
    search_rank,
    snippets,
)
from tickets.models import Ticket
from tickets.querysets import TicketQuerySet

# How long a view's analysed search text is reused for its count (the vocabulary grows slowly).
TSQUERY_CACHE_SECONDS = 300


@dataclass
class Listing:
    tickets: list[Ticket]
    spec: ViewSpec
    search: SearchQuery
    snippets: dict[int, SafeString] = field(default_factory=dict)
    # Newest first (no sort chosen, no search): the next page starts below this id; otherwise pages
    # are numbered.
    older: int | None = None
    page: int = 1
    next_page: int | None = None
    # Custom-field filters left out (a field gone, deactivated or hidden), with the reason.
    ignored: dict[str, str] = field(default_factory=dict)


def _raw_filters(params: QueryDict) -> dict[str, Any]:
    raw = {k: (params.getlist(k) if k in LISTS else params.get(k)) for k in KEYS if k in params}
    # cf_<key>=value: the custom fields' filters (queueviews.fieldfilters).
    return raw | {k: params.get(k) for k in params if k.startswith(PREFIX)}


def spec_for(params: QueryDict, view: SavedView | None) -> ViewSpec:
    """The view's filters, sort and columns (a header click's `sort`/`dir` in the URL wins), or the
    query string's. A filter that does not validate is left out, as the queue's form always did."""
    if view is not None:
        filters, columns = dict(view.filters), view.columns
        sort, direction = view.sort, view.direction
    else:
        filters, columns, sort, direction = _raw_filters(params), None, "", "desc"
    if "sort" in params:
        sort = params.get("sort", "") if params.get("sort") in SORTS else sort
        direction = "asc" if params.get("dir") == "asc" else "desc"
    try:
        return clean_spec(filters=filters, sort=sort, direction=direction, columns=columns)
    except ValidationError as exc:
        bad = set(exc.message_dict)
        kept = {
            k: v for k, v in filters.items() if k not in bad and not ("cf" in bad and k.startswith(PREFIX))
        }
        return clean_spec(
            filters=kept,
            sort="" if "sort" in bad else sort,
            direction="desc" if "direction" in bad else direction,
            columns=None if "columns" in bad else columns,
        )


def filter_by_fields(
    tickets: TicketQuerySet, spec: ViewSpec, user: Any
) -> tuple[TicketQuerySet, dict[str, str]]:
    """`tickets` narrowed by the spec's custom-field filters that `user` can use, and those left out."""
    if not (wanted := field_filters(spec.filters)):
        return tickets, {}
    condition, ignored = field_condition(wanted, fields_named(user, wanted))
    return tickets.filter(condition), ignored


def _customer_q(text: str) -> Q:
    # Contact details match only in full: the search must not become a way to read them.
    return (
        Q(customer__external_id__iexact=text)
        | Q(customer__name__icontains=text)
        | Q(customer__email__iexact=text)
    )


def queue_listing(
    *, tickets: TicketQuerySet, user: Any, spec: ViewSpec, size: int, before: int | None, page: int
) -> Listing:
    """A page of `tickets` (already what `user` may see) under `spec`: the rows, their snippets."""
    search = search_query(spec.filters.get("q"))
    tickets = tickets.filter(filters_q(spec.filters, user))
    tickets, ignored = filter_by_fields(tickets, spec, user)
    if not search.empty:
        tickets = tickets.filter(search_match_q(search) | _customer_q(search.text))
    if search.empty and not spec.sort:
        # Newest first pages by id: one row past the page says whether an older one exists.
        if before:
            tickets = tickets.filter(pk__lt=before)
        rows = list(tickets.for_list().order_by("-id")[: size + 1])
        return Listing(
            tickets=rows[:size],
            spec=spec,
            search=search,
            older=rows[size - 1].pk if len(rows) > size else None,
            ignored=ignored,
        )
    if spec.sort:
        ordered = tickets.order_by(*spec.order_by)
    else:
        # Best first among the candidates (queueviews.search.rank_candidates), not every match.
        ranked = rank_candidates(tickets, search)
        ordered = ranked.annotate(search_rank=search_rank(search)).order_by("-search_rank", "-id")
    page = max(page, 1)
    rows = list(ordered.for_list()[(page - 1) * size : page * size + 1])
    listing = Listing(
        tickets=rows[:size],
        spec=spec,
        search=search,
        page=page,
        next_page=page + 1 if len(rows) > size else None,
        ignored=ignored,
    )
    listing.snippets = snippets([t.pk for t in listing.tickets], search)
    return listing


def _cached_search(text: str) -> SearchQuery:
    key = "queueviews:tsq:" + hashlib.sha256(text.encode()).hexdigest()
    hit = cache.get(key)
    if isinstance(hit, SearchQuery) and hit.text == text:
        return hit
    query = search_query(text)
    cache.set(key, query, TSQUERY_CACHE_SECONDS)
    return query


def sidebar_views(user: Any) -> list[SavedView]:
    """The views `user` sees, each with `count`: the tickets it lists now, all counted in one statement."""
    views = list(views_visible_to(user).select_related("team"))
    if not views:
        return views
    aggregates = {}
    # The custom fields every view names, read once for all of them.
    fields = fields_named(user, [name for view in views for name in field_filters(view.filters)])
    for view in views:
        try:
            spec = clean_spec(
                filters=view.filters, sort=view.sort, direction=view.direction, columns=view.columns
            )
        except ValidationError:
            spec = ViewSpec()
        condition = filters_q(spec.filters, user)
        if wanted := field_filters(spec.filters):
            condition &= field_condition(wanted, fields)[0]
        if text := spec.filters.get("q"):
            search = _cached_search(text)
            if not search.empty:
                condition &= search_match_q(search) | _customer_q(search.text)
        aggregates[f"v{view.pk}"] = Count("pk", filter=condition) if condition else Count("pk")
    counts = Ticket.objects.visible_to(user).aggregate(**aggregates)
    for view in views:
        view.count = counts[f"v{view.pk}"]  # type: ignore[attr-defined]
    return views


def queue_page(request: HttpRequest, *, queue_name: str, size: int, sidebar: bool) -> dict[str, Any]:
    """The queue page's context: the open view (`?view=`, 404 if not the user's to see) or the queue
    `queue_name` with the query string's filters; the page of tickets; with `sidebar`, the views."""
    user = request.user
    params = request.GET
    view = view_for_user(user, parse_id(params.get("view"))) if params.get("view") else None
    tickets = Ticket.objects.visible_to(user)
    if view is None:
        tickets = tickets.queue(queue_name, user)
    spec = spec_for(params, view)
    listing = queue_listing(
        tickets=tickets,
        user=user,
        spec=spec,
        size=size,
        before=parse_id(params.get("before")),
        page=parse_int(params.get("page"), minimum=1, maximum=10_000) or 1,
    )
    context: dict[str, Any] = {
        "tickets": listing.tickets,
        "older": listing.older,
        "listing": listing,
        "active_view": view,
        "columns": [(key, COLUMNS[key], key in SORTS) for key in spec.columns],
        "shown": set(spec.columns),
        "sort": spec.sort,
        "direction": spec.direction,
        "current_filters": query_from_filters(spec.filters),
        "ignored_filters": listing.ignored,
    }
    if sidebar:
        context["saved_views"] = sidebar_views(user)
    return context

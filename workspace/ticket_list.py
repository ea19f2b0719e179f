"""GET /api/tickets/ without DRF's generic machinery: one precompiled statement per page.

The list is the API's busiest read. Through DRF a page paid for a Request wrapper, two authentication
classes, the filter backend's form, the ORM compiling the page's query and the tags' query, and the
cursor paginator; the page's SQL was a third of the time. Here the common requests (the first page
or a `next` link, at any page size, with the filters agents use: status, priority, channel,
category, tier, team, assignee, customer, queue) are answered from one SQL statement written once at
import, its WHERE clause put together from fixed fragments, and the JSON TicketSerializer describes
(workspace.serializers.ticket_list_data, held equal to it byte for byte by the tests).

Anything else (no credentials or bad ones, a value a filter would refuse, the filters that join or
parse dates, a backwards cursor, HEAD) returns None and goes through TicketViewSet.list as before,
so its answers, errors included, are DRF's own. `fast_list_params` decides; it refuses rather than
guesses.
"""

import json
from base64 import b64decode, b64encode
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib import parse

from django.db import connection
from django.http import HttpRequest, HttpResponse
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.urls import replace_query_param

from accounts.authentication import token_authenticate
from accounts.models import Role, User
from approvals.redaction_steps import redaction_notice
from customers.models import Customer, VipLevel
from helpdesk.prepared import execute_prepared
from routing.access import routing_explanation_for
from routing.models import Team, TeamMembership
from tickets.models import UNRESOLVED, Category, Channel, Priority, Status, Tag, Ticket, Tier, TimelineEntry
from workspace.serializers import TICKET_ROW_FIELDS, ticket_list_data

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_ID = 2**63 - 1
_STATUSES = frozenset(Status.values)
_PRIORITIES = {p.name.lower(): p.value for p in Priority}
_CHANNELS = frozenset(Channel.values)
_CATEGORIES = frozenset(Category.values)
_TIERS = {str(t.value): t.value for t in Tier}
_QUEUES = frozenset({"mine", "team", "unassigned", "vip", "all"})
# The parameters answered here; any other filter of TicketFilter sends the request the DRF way.
_SIMPLE = frozenset(
    {"status", "priority", "channel", "category", "tier", "team", "assignee", "customer", "queue"}
)
_MULTIPLE = frozenset({"status", "priority"})


def _column(model: Any, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# The related rows' columns each come as one text array from a scalar subquery on the primary key,
# not as joins: PostgreSQL plans this statement in about half the time of the three-join one (planning
# took longer than running it), and it is planned on every request. The non-text ones are read back.
_RELATED = {"customer": ("c", Customer), "team": ("m", Team), "assignee": ("u", User)}
_OWN = tuple(name for name in TICKET_ROW_FIELDS if "__" not in name)
_OF = {
    relation: tuple(name for name in TICKET_ROW_FIELDS if name.startswith(f"{relation}__"))
    for relation in _RELATED
}
_FROM_TEXT: dict[str, Callable[[str], Any]] = {
    "team__tier": int,
    "team__is_outsourced": lambda text: text == "true",
}


def _select(extra: str = "") -> str:
    """The page's SELECT: the ticket's own columns of TICKET_ROW_FIELDS, its customer's, team's and
    assignee's as an array each, the tag names as an array in Tag's order, then `extra` columns."""
    columns = [f"t.{_column(Ticket, name)}" for name in _OWN]
    for relation, (alias, model) in _RELATED.items():
        values = ", ".join(
            f"{alias}.{_column(model, name.partition('__')[2])}::text" for name in _OF[relation]
        )
        columns.append(
            # Names and columns from the models' metadata only; every value is a parameter.
            f"(SELECT ARRAY[{values}] FROM {_table(model)} {alias}"  # noqa: S608
            f" WHERE {alias}.{_column(model, 'id')} = t.{_column(Ticket, relation)})"
        )
    through = Ticket.tags.through
    columns.append(
        f"ARRAY(SELECT g.{_column(Tag, 'name')} FROM {_table(through)} tt"  # noqa: S608
        f" JOIN {_table(Tag)} g ON g.{_column(Tag, 'id')} = tt.{_column(through, 'tag')}"
        f" WHERE tt.{_column(through, 'ticket')} = t.{_column(Ticket, 'id')}"
        f" ORDER BY g.{_column(Tag, 'name')})"
    )
    return f"SELECT {', '.join(columns)}{extra} FROM {_table(Ticket)} t"  # noqa: S608


def _row(row: tuple[Any, ...], extra: tuple[str, ...] = ()) -> dict[str, Any]:
    """A row of _select as ticket_list_data reads it: TICKET_ROW_FIELDS, `tag_names`, then `extra`."""
    out = dict(zip(_OWN, row, strict=False))
    at = len(_OWN)
    for relation in _RELATED:
        values = row[at] or [None] * len(_OF[relation])
        for name, value in zip(_OF[relation], values, strict=True):
            convert = _FROM_TEXT.get(name)
            out[name] = convert(value) if convert is not None and value is not None else value
        at += 1
    out["tag_names"] = row[at]
    out.update(zip(extra, row[at + 1 :], strict=True))
    return out


def _created_columns() -> str:
    entry = TimelineEntry
    first_entry = (
        f"SELECT e.{_column(entry, 'data')} FROM {_table(entry)} e"  # noqa: S608
        f" WHERE e.{_column(entry, 'ticket')} = t.{_column(Ticket, 'id')}"
        f" ORDER BY e.{_column(entry, 'id')} LIMIT 1"
    )
    return f", t.{_column(Ticket, 'routing')}, ({first_entry})"


_SQL: dict[str, str] = {}


def _sql() -> dict[str, str]:
    """The statement and its WHERE fragments, written once per process (quoting needs the connection)."""
    if not _SQL:
        my_teams = (
            f"(SELECT {_column(TeamMembership, 'team')} FROM {_table(TeamMembership)}"  # noqa: S608
            f" WHERE {_column(TeamMembership, 'user')} = %s)"
        )
        team = f"t.{_column(Ticket, 'team')}"
        assignee = f"t.{_column(Ticket, 'assignee')}"
        status = f"t.{_column(Ticket, 'status')}"
        _SQL.update(
            select=_select(),
            order=f" ORDER BY t.{_column(Ticket, 'id')} DESC LIMIT %s",
            order_reverse=f" ORDER BY t.{_column(Ticket, 'id')} ASC LIMIT %s",
            before=f"t.{_column(Ticket, 'id')} < %s",
            after=f"t.{_column(Ticket, 'id')} > %s",
            partner=f"({team} IN {my_teams} OR {assignee} = %s)",
            status=f"{status} = ANY(%s)",
            priority=f"t.{_column(Ticket, 'priority')} = ANY(%s)",
            channel=f"t.{_column(Ticket, 'channel')} = %s",
            category=f"t.{_column(Ticket, 'category')} = %s",
            tier=f"t.{_column(Ticket, 'tier')} = %s",
            team=f"{team} = %s",
            customer=f"t.{_column(Ticket, 'customer')} = %s",
            assignee=f"{assignee} = %s",
            unassigned=f"{assignee} IS NULL",
            my_teams=f"{team} IN {my_teams}",
            vip=(
                f"EXISTS (SELECT 1 FROM {_table(Customer)} c"  # noqa: S608
                f" WHERE c.{_column(Customer, 'id')} = t.{_column(Ticket, 'customer')}"
                f" AND NOT c.{_column(Customer, 'vip_level')} = %s)"
            ),
            # A ticket as the API answers a create: its row, its routing decision and its first
            # entry's data (what was taken out of the customer's message). Prepared (helpdesk/
            # prepared.py): PostgreSQL took four times as long to plan it as to run it.
            created=_select(_created_columns()) + f" WHERE t.{_column(Ticket, 'id')} = %(ticket)s",
        )
    return _SQL


@dataclass
class ListQuery:
    """A page request as the statement needs it: WHERE fragments and their parameters in order."""

    size: int
    position: int | None = None
    reverse: bool = False
    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, fragment: str, *params: Any) -> None:
        self.where.append(fragment)
        self.params.extend(params)


def request_user(request: HttpRequest) -> Any:
    """The user DRF's authentication classes would find (token first, then the session), or None
    when DRF should answer: no credentials, bad ones, or a header DRF would refuse."""
    forced = getattr(request, "_force_auth_user", None)  # DRF's test client, force_authenticate()
    if forced is not None:
        return forced
    header = request.META.get("HTTP_AUTHORIZATION")
    if header is not None:
        # Split as DRF's TokenAuthentication does: the header's bytes, on ASCII whitespace.
        try:
            parts = header.encode("iso-8859-1").split()
        except UnicodeError:
            return None
        if parts and parts[0].lower() == b"token":
            if len(parts) != 2:
                return None
            try:
                user, _token = token_authenticate(request, parts[1].decode())
            except (AuthenticationFailed, UnicodeError):
                return None
            return user
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return user


_JSON_TYPES = frozenset({"*/*", "application/*", "application/json"})


def _accepts_json(request: HttpRequest) -> bool:
    """Whether the Accept header plainly admits JSON; anything else is DRF's to negotiate (406)."""
    accept = request.META.get("HTTP_ACCEPT")
    if not accept:
        return True
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        refused = any(p.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in params)
        if media in _JSON_TYPES and not refused:
            return True
    return False


def _id(value: str | None) -> int | None:
    if value is None or not value.isascii() or not value.isdigit() or value.startswith("0"):
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def _cursor(encoded: str) -> tuple[int, bool] | None:
    """The id a cursor with no offset stands at and whether it reads backwards (what our links
    carry, as DRF's do here: ids are unique, so no offset is ever needed), else None."""
    try:
        tokens = parse.parse_qs(b64decode(encoded.encode("ascii")).decode("ascii"), keep_blank_values=True)
    except (ValueError, UnicodeError):
        return None
    if "p" not in tokens or not tokens.keys() <= {"p", "r"} or any(len(v) != 1 for v in tokens.values()):
        return None
    if "r" in tokens and tokens["r"] != ["1"]:
        return None
    position = _id(tokens["p"][0])
    return None if position is None else (position, "r" in tokens)


def fast_list_params(request: HttpRequest, user: Any) -> ListQuery | None:
    """The page `request` asks `user` for, or None for DRF's list to answer (see the module's doc)."""
    query = request.GET
    if getattr(user, "role", None) == Role.AUDITOR or not query.keys() <= _SIMPLE | {"page_size", "cursor"}:
        return None
    try:
        size = int(query["page_size"])
        size = PAGE_SIZE if size <= 0 else min(size, MAX_PAGE_SIZE)
    except (KeyError, ValueError):
        size = PAGE_SIZE
    # Partner teams take no bulk copies: their agents page at the default size (helpdesk.api).
    if size > PAGE_SIZE and getattr(request, "clean_room", False):
        size = PAGE_SIZE
    page = ListQuery(size=size)
    sql = _sql()
    if "cursor" in query:
        cursor = _cursor(query.get("cursor", ""))
        if cursor is None:
            return None
        page.position, page.reverse = cursor
    if _partner_agent(user):
        page.add(sql["partner"], user.pk, user.pk)
    for name, values in query.lists():
        if name in ("page_size", "cursor"):
            continue
        if name not in _MULTIPLE and len(values) != 1:
            return None
        if not _add_filter(page, name, values, user):
            return None
    if page.position is not None:
        page.add(sql["after" if page.reverse else "before"], page.position)
    return page


def _partner_agent(user: Any) -> bool:
    from accounts.access import is_partner_agent

    return is_partner_agent(user)


def _add_filter(page: ListQuery, name: str, values: list[str], user: Any) -> bool:
    sql = _sql()
    value = values[-1]
    if name == "status":
        if not all(v in _STATUSES for v in values):
            return False
        page.add(sql["status"], list(values))
    elif name == "priority":
        if not all(v in _PRIORITIES for v in values):
            return False
        page.add(sql["priority"], [_PRIORITIES[v] for v in values])
    elif name in ("channel", "category"):
        if value not in (_CHANNELS if name == "channel" else _CATEGORIES):
            return False
        page.add(sql[name], value)
    elif name == "tier":
        if value not in _TIERS:
            return False
        page.add(sql["tier"], _TIERS[value])
    elif name in ("team", "customer"):
        pk = _id(value)
        if pk is None:
            return False
        page.add(sql[name], pk)
    elif name == "assignee":
        if value == "none":
            page.add(sql["unassigned"])
        else:
            pk = user.pk if value == "me" else _id(value)
            if pk is None or len(value) > 18:
                return False
            page.add(sql["assignee"], pk)
    elif name == "queue":
        return _add_queue(page, value, user)
    return True


def _add_queue(page: ListQuery, value: str, user: Any) -> bool:
    """TicketQuerySet.queue, as fragments."""
    sql = _sql()
    if value not in _QUEUES:
        return False
    if value == "all":
        return True
    if value == "mine":
        page.add(sql["assignee"], user.pk)
    elif value == "team":
        page.add(sql["my_teams"], user.pk)
    elif value == "unassigned":
        page.add(sql["unassigned"])
    else:
        page.add(sql["vip"], VipLevel.STANDARD.value)
    page.add(sql["status"], [str(s) for s in UNRESOLVED])
    return True


def _encode(base_url: str, position: int, *, reverse: bool) -> str:
    """DRF CursorPagination.encode_cursor for a cursor at `position` with no offset."""
    tokens = {"r": "1", "p": str(position)} if reverse else {"p": str(position)}
    encoded = b64encode(parse.urlencode(tokens).encode("ascii")).decode("ascii")
    return replace_query_param(base_url, "cursor", encoded)


def ticket_list_response(request: HttpRequest) -> HttpResponse | None:
    """The page as DRF's list would write it, or None when DRF's list must answer."""
    if connection.vendor != "postgresql" or not _accepts_json(request):
        return None
    user = request_user(request)
    if user is None:
        return None
    page = fast_list_params(request, user)
    if page is None:
        return None
    sql = _sql()
    where = f" WHERE {' AND '.join(page.where)}" if page.where else ""
    order = sql["order_reverse" if page.reverse else "order"]
    with connection.cursor() as cursor:
        cursor.execute(sql["select"] + where + order, [*page.params, page.size + 1])
        rows = cursor.fetchall()
    # One row past the page tells whether there is more beyond it, in the direction read.
    beyond = len(rows) > page.size
    rows = rows[: page.size]
    if page.reverse:
        rows.reverse()
    results = ticket_list_data([_row(row) for row in rows])
    # DRF's CursorPagination links, which with unique positions are: next, after the last row shown;
    # previous, before the first; on an empty page, the cursor's own position.
    base_url = request.build_absolute_uri()
    first = results[0]["id"] if results else page.position
    last = results[-1]["id"] if results else page.position
    has_next = page.position is not None if page.reverse else beyond
    has_previous = beyond if page.reverse else page.position is not None
    next_link = _encode(base_url, last, reverse=False) if has_next and last is not None else None
    previous = _encode(base_url, first, reverse=True) if has_previous and first is not None else None
    body = JSONRenderer().render({"next": next_link, "previous": previous, "results": results})
    request.user = user  # as DRF's Request does, for what runs after the view
    response = HttpResponse(body, content_type="application/json")
    response["Vary"] = "Accept"
    response["Allow"] = "GET, POST, HEAD, OPTIONS"
    return response


def _json(value: Any) -> Any:
    # Django reads jsonb as text and JSONField parses it (keys in the order PostgreSQL keeps them).
    return json.loads(value) if isinstance(value, str) else value


def ticket_created_data(ticket: Ticket, viewer: Any) -> dict[str, Any] | None:
    """TicketCreatedSerializer's JSON for a ticket just opened (TicketDetailSerializer's, then
    `redacted` when a secret was taken out of the first message) from one statement; None when not
    on PostgreSQL."""
    if connection.vendor != "postgresql":
        return None
    row, _names = execute_prepared(_sql()["created"], {"ticket": ticket.pk})
    fields = _row(row, ("routing", "first_entry_data"))
    body = ticket_list_data([fields])[0]
    body["routing"] = routing_explanation_for(viewer, _json(fields["routing"]))
    first = TimelineEntry(data=_json(fields["first_entry_data"]))
    if notice := redaction_notice(first, ticket.language):
        body["redacted"] = notice
    return body

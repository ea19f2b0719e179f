"""GET /api/tickets/ without DRF's generic machinery: one precompiled statement per page.

The list is the API's busiest read. Through DRF a page paid for a Request wrapper, two authentication
classes, the filter backend's form, the ORM compiling the page's query and the tags' query, and the
cursor paginator; the page's SQL was a third of the time. Here the common requests (the first page
or a `next` link, at any page size, with the filters agents use: status, priority, channel,
category, tier, team, assignee, customer, queue) are answered from one SQL statement written once per
process, its WHERE clause put together from fixed fragments. In UTC PostgreSQL writes the page's rows
as the JSON TicketSerializer describes and the body is those bytes; in another time zone the rows are
read and written by workspace.serializers.ticket_list_data. Both are held equal to DRF's output byte
for byte by the tests.

Anything else (no credentials or bad ones, a value a filter would refuse, the filters that join or
parse dates, a backwards cursor, HEAD) returns None and goes through TicketViewSet.list as before,
so its answers, errors included, are DRF's own. `fast_list_params` decides; it refuses rather than
guesses.
"""

import datetime as dt
import json
from base64 import b64decode, b64encode
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib import parse

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
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
from tickets.models import (
    TRANSITIONS,
    UNRESOLVED,
    Category,
    Channel,
    Priority,
    Status,
    Tag,
    Ticket,
    Tier,
    TimelineEntry,
)
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


# --- The page's JSON written by PostgreSQL ------------------------------------------------------------
#
# In UTC (the API token's zone, and the default of every agent's) the page's `results` come from the
# statement as JSON text, row_to_json over the columns TicketSerializer shows in its order: no row
# is loaded into Python, so no datetime, dict or JSON encoding per row (together most of a page's
# Python). row_to_json writes compact JSON and escapes strings as Python's json module does without
# ensure_ascii; U+2028 and U+2029 are escaped after, as DRF's renderer does. In any other zone the
# rows are read and written in Python (ticket_list_data), as PostgreSQL's time-zone database need not
# be the one Python reads. tests/api/test_list_fast_serializer.py compares the bytes with DRF's.


_TIMES = ("created_at", "updated_at", "first_response_at", "solved_at", "closed_at", "routed_at")
_NEXT_STATUSES = {str(status): [str(t) for t in sorted(targets)] for status, targets in TRANSITIONS.items()}


def _literal(text: str) -> str:
    # Constants from code only (the choices' values, JSON written here): never request data.
    return "'" + text.replace("'", "''") + "'"


def _json_literal(value: Any) -> str:
    return f"{_literal(JSONRenderer().render(value).decode())}::json"


def _key(name: str) -> str:
    return connection.ops.quote_name(name)


def _utc_iso(column: str) -> str:
    """DRF's DateTimeField in UTC: ISO 8601 ending in Z, with microseconds only when there are any
    (six zeros can only be the fraction: they stand before the Z)."""
    written = f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
    return f"replace({written}, '.000000Z', 'Z')"


# What str.strip() takes off a full name (AbstractUser.get_full_name), as a Unicode-escaped literal.
_WHITESPACE = "U&'" + "".join(f"\\{c:04X}" for c in range(0x10000) if chr(c).isspace()) + "'"


def _object(alias: str, model: Any, keys: list[tuple[str, str]], related: str) -> str:
    """A related row as a JSON object (NULL when there is none) of (key, SQL expression) pairs."""
    columns = ", ".join(f"{expression} AS {_key(key)}" for key, expression in keys)
    return (
        f"(SELECT row_to_json(o) FROM (SELECT {columns} FROM {_table(model)} {alias}"  # noqa: S608
        f" WHERE {alias}.{_column(model, 'id')} = q.{_column(Ticket, related)}) o)"
    )


def _results_columns() -> str:
    """A ticket as TicketSerializer's fields, in its order and under its names, over the page's rows
    `q`: row_to_json of a row of these is the JSON it writes."""

    def own(name: str) -> str:
        return f"q.{_column(Ticket, name)}"

    def of(alias: str, model: Any, name: str) -> str:
        return f"{alias}.{_column(model, name)}"

    priorities = " ".join(f"WHEN {p.value} THEN {_json_literal(p.name.lower())}" for p in Priority)
    next_statuses = " ".join(
        f"WHEN {_literal(status)} THEN {_json_literal(names)}" for status, names in _NEXT_STATUSES.items()
    )
    pk = own("id")
    customer = [
        (name, of("c", Customer, name))
        for name in ("id", "external_id", "name", "language", "region", "vip_level")
    ]
    customer.append(
        ("is_vip", f"{of('c', Customer, 'vip_level')} IS DISTINCT FROM {_literal(VipLevel.STANDARD)}")
    )
    customer.append(("kyc_status", of("c", Customer, "kyc_status")))
    team = [(name, of("m", Team, name)) for name in ("id", "name", "slug", "tier", "is_outsourced")]
    full_name = f"btrim({of('u', User, 'first_name')} || ' ' || {of('u', User, 'last_name')}, {_WHITESPACE})"
    assignee = [
        ("id", of("u", User, "id")),
        ("username", of("u", User, "username")),
        ("name", f"COALESCE(NULLIF({full_name}, ''), {of('u', User, 'username')})"),
    ]
    through = Ticket.tags.through
    fields: list[tuple[str, str]] = [
        ("id", pk),
        # format_reference: the prefix (a parameter), then the id with at least six digits.
        (
            "reference",
            f"%s::text || '-' || CASE WHEN {pk} < 1000000 THEN lpad({pk}::text, 6, '0') ELSE {pk}::text END",
        ),
        ("subject", own("subject")),
        ("status", own("status")),
        ("next_statuses", f"CASE {own('status')} {next_statuses} END"),
        ("priority", f"CASE {own('priority')} {priorities} ELSE to_json({own('priority')}) END"),
        ("category", own("category")),
        ("channel", own("channel")),
        ("tier", own("tier")),
        ("language", own("language")),
        ("customer", _object("c", Customer, customer, "customer")),
        ("team", _object("m", Team, team, "team")),
        ("assignee", _object("u", User, assignee, "assignee")),
        (
            "tags",
            f"ARRAY(SELECT g.{_column(Tag, 'name')} FROM {_table(through)} tt"  # noqa: S608
            f" JOIN {_table(Tag)} g ON g.{_column(Tag, 'id')} = tt.{_column(through, 'tag')}"
            f" WHERE tt.{_column(through, 'ticket')} = {pk} ORDER BY g.{_column(Tag, 'name')})",
        ),
        ("reopen_count", own("reopen_count")),
        ("skill", own("skill")),
        ("vip_rank", own("vip_rank")),
        *((name, _utc_iso(own(name))) for name in _TIMES),
    ]
    return ", ".join(f"{expression} AS {_key(key)}" for key, expression in fields)


def _page_json(*, reverse: bool) -> tuple[str, tuple[str, str, str]]:
    """The page as one row, in two parts to put the WHERE clause between: how many rows were read
    (the page's size and one more), the shown rows' JSON objects joined by commas newest first, their
    highest and lowest id, and whether every status is one TicketSerializer knows (else the rows are
    written in Python, which refuses it as DRF does). The rows are read once (`q`, referred to twice,
    so materialised) and JSON is written for the shown ones only (`s`, a subquery with a LIMIT, is
    not merged into the aggregate). The tail comes in three parts, the number of rows to read and the
    page's size written between them (see page_statement). Parameters: the filters', the reference
    prefix."""
    direction = "ASC" if reverse else "DESC"
    own = ", ".join(f"t.{_column(Ticket, name)}" for name in _OWN)  # customer_id, team_id, assignee_id too
    known = ", ".join(_literal(status) for status in _NEXT_STATUSES)
    pk = _column(Ticket, "id")
    head = f"WITH q AS (SELECT {own} FROM {_table(Ticket)} t"  # noqa: S608
    tail = (
        f" ORDER BY t.{pk} {direction} LIMIT ",
        ") SELECT (SELECT count(*) FROM q), string_agg(row_to_json(s)::text, ',' ORDER BY s.id DESC),"  # noqa: S608
        f" max(s.id), min(s.id), bool_and(s.status IN ({known}))"
        f" FROM (SELECT {_results_columns()} FROM q ORDER BY q.{pk} {direction} LIMIT ",
        ") s",
    )
    return head, tail


_SQL: dict[str, Any] = {}


def _sql() -> dict[str, Any]:
    """The statement and its WHERE fragments, written once per process (quoting needs the connection)."""
    if not _SQL:
        my_teams = (
            f"(SELECT {_column(TeamMembership, 'team')} FROM {_table(TeamMembership)}"  # noqa: S608
            f" WHERE {_column(TeamMembership, 'user')} = %s)"
        )
        team = f"t.{_column(Ticket, 'team')}"
        assignee = f"t.{_column(Ticket, 'assignee')}"
        status = f"t.{_column(Ticket, 'status')}"
        json_head, json_tail = _page_json(reverse=False)
        _same_head, json_tail_reverse = _page_json(reverse=True)
        _SQL.update(
            select=_select(),
            json=json_head,
            json_tail=json_tail,
            json_tail_reverse=json_tail_reverse,
            order=f" ORDER BY t.{_column(Ticket, 'id')} DESC LIMIT %s",
            order_reverse=f" ORDER BY t.{_column(Ticket, 'id')} ASC LIMIT %s",
            before=f"t.{_column(Ticket, 'id')} < %s",
            after=f"t.{_column(Ticket, 'id')} > %s",
            partner=f"({team} IN {my_teams} OR {assignee} = %s)",
            status=status,
            priority=f"t.{_column(Ticket, 'priority')}",
            channel=f"t.{_column(Ticket, 'channel')}",
            category=f"t.{_column(Ticket, 'category')}",
            tier=f"t.{_column(Ticket, 'tier')}",
            unresolved=_one_of(status, [str(s) for s in UNRESOLVED]),
            team=f"{team} = %s",
            customer=f"t.{_column(Ticket, 'customer')} = %s",
            assignee=f"{assignee} = %s",
            unassigned=f"{assignee} IS NULL",
            my_teams=f"{team} IN {my_teams}",
            vip=(
                f"EXISTS (SELECT 1 FROM {_table(Customer)} c"  # noqa: S608
                f" WHERE c.{_column(Customer, 'id')} = t.{_column(Ticket, 'customer')}"
                f" AND NOT c.{_column(Customer, 'vip_level')} = {_literal(VipLevel.STANDARD)})"
            ),
            # A ticket as the API answers a create: its row, its routing decision and its first
            # entry's data (what was taken out of the customer's message). Prepared (helpdesk/
            # prepared.py): PostgreSQL took four times as long to plan it as to run it.
            created=_select(_created_columns()) + f" WHERE t.{_column(Ticket, 'id')} = %(ticket)s",
        )
    return _SQL


def _one_of(column: str, values: list[str] | list[int]) -> str:
    """`column` equal to one of `values`, written into the statement: values of a field's choices
    only, checked against them before (never other request text), in one order whatever the
    request's. One value is an equality, which an index on (column, id) reads in id order."""
    literals = sorted({_literal(value) if isinstance(value, str) else str(int(value)) for value in values})
    if len(literals) == 1:
        return f"{column} = {literals[0]}"
    return f"{column} IN ({', '.join(literals)})"


@dataclass
class ListQuery:
    """A page request as the statement needs it: WHERE fragments and their parameters in order, and
    whether its statement is planned with its values each time (`planned`) or prepared."""

    size: int
    position: int | None = None
    reverse: bool = False
    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    planned: bool = False

    def add(self, fragment: str, *params: Any) -> None:
        self.where.append(fragment)
        self.params.extend(params)

    def add_planned(self, fragment: str, *params: Any) -> None:
        """A filter on a team or an agent: see _page_in_sql."""
        self.add(fragment, *params)
        self.planned = True


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
        page.add_planned(sql["partner"], user.pk, user.pk)
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
        page.add(_one_of(sql["status"], values))
    elif name == "priority":
        if not all(v in _PRIORITIES for v in values):
            return False
        page.add(_one_of(sql["priority"], [_PRIORITIES[v] for v in values]))
    elif name in ("channel", "category"):
        if value not in (_CHANNELS if name == "channel" else _CATEGORIES):
            return False
        page.add(_one_of(sql[name], [value]))
    elif name == "tier":
        if value not in _TIERS:
            return False
        page.add(_one_of(sql["tier"], [_TIERS[value]]))
    elif name in ("team", "customer"):
        pk = _id(value)
        if pk is None:
            return False
        if name == "team":
            page.add_planned(sql["team"], pk)
        else:
            page.add(sql["customer"], pk)
    elif name == "assignee":
        if value == "none":
            page.add(sql["unassigned"])
        else:
            pk = user.pk if value == "me" else _id(value)
            if pk is None or len(value) > 18:
                return False
            page.add_planned(sql["assignee"], pk)
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
        page.add_planned(sql["assignee"], user.pk)
    elif value == "team":
        page.add_planned(sql["my_teams"], user.pk)
    elif value == "unassigned":
        page.add(sql["unassigned"])
    else:
        page.add(sql["vip"])
    page.add(sql["unresolved"])
    return True


def _encode(base_url: str, position: int, *, reverse: bool) -> str:
    """DRF CursorPagination.encode_cursor for a cursor at `position` with no offset."""
    tokens = {"r": "1", "p": str(position)} if reverse else {"p": str(position)}
    encoded = b64encode(parse.urlencode(tokens).encode("ascii")).decode("ascii")
    return replace_query_param(base_url, "cursor", encoded)


_UTC = frozenset({"UTC", "Etc/UTC"})


def _in_utc() -> bool:
    """Whether the response's times are written in UTC (the JSON can then come from PostgreSQL)."""
    if not settings.USE_TZ:
        return False
    zone = timezone.get_current_timezone()
    return zone is dt.UTC or getattr(zone, "key", None) in _UTC


def page_statement(page: ListQuery, where: str) -> tuple[str, list[Any]]:
    """The statement writing the page's JSON and its parameters."""
    # The page's size is written into the statement (an int, 1 to MAX_PAGE_SIZE), not a parameter:
    # a plan kept for any LIMIT is costed for a tenth of the table, so PostgreSQL judged it dearer
    # than planning anew and planned the prepared first page on every request.
    sql = _sql()
    order, rest, end = sql["json_tail_reverse" if page.reverse else "json_tail"]
    statement = f"{sql['json']}{where}{order}{page.size + 1:d}{rest}{page.size:d}{end}"
    return statement, [*page.params, settings.HELPDESK_TICKET_PREFIX]


def _page_in_sql(page: ListQuery, where: str) -> tuple[bytes, bool, int | None, int | None] | None:
    """The page's `results` items as JSON (comma-separated, without the brackets), whether there are
    rows beyond it in the direction read, and the first and last row's ids (else the cursor's
    position); None when a row's status is unknown (the rows are then written in Python)."""
    statement, params = page_statement(page, where)
    if not page.planned:
        # Prepared once per connection (helpdesk/prepared.py): planning took longer than running it.
        # PostgreSQL may then keep one plan for the statement whatever its parameters, so only values
        # that do not change the best plan stay parameters: the cursor's position (the primary key is
        # read backwards or forwards from it) and a customer (their index reads any customer's tickets
        # newest first). The page's size and a status, priority, channel, category or tier are written
        # into the statement (_one_of), so each set of values has its statement and its plan: a rare
        # status is read by its index, a common one along the primary key, as the planner judges from
        # its statistics. A team or an agent (their own or a partner's) is an id, too many to write
        # in, and how many tickets one has decides the best plan (a team with ten wants its index and
        # a sort; one with half the table, the primary key), so those pages are planned each time
        # with their values. psycopg keeps a connection's 100 latest prepared statements.
        # (A list for the %s placeholders: psycopg binds it as it binds a dict to named ones.)
        row, _names = execute_prepared(statement, params)  # type: ignore[arg-type]
        read, results, highest, lowest, known = row
    else:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            read, results, highest, lowest, known = cursor.fetchone()
    if known is False:
        return None
    body = (results or "").encode()
    if b"\xe2\x80\xa8" in body or b"\xe2\x80\xa9" in body:
        # DRF's renderer escapes U+2028 and U+2029 (JavaScript once read them as line ends).
        body = body.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
    if highest is None:
        highest = lowest = page.position
    return body, read > page.size, highest, lowest


def _page_in_python(page: ListQuery, where: str) -> tuple[list[dict[str, Any]], bool]:
    """The page's rows written by ticket_list_data, and whether there are rows beyond it."""
    sql = _sql()
    order = sql["order_reverse" if page.reverse else "order"]
    with connection.cursor() as cursor:
        cursor.execute(sql["select"] + where + order, [*page.params, page.size + 1])
        rows = cursor.fetchall()
    # One row past the page tells whether there is more beyond it, in the direction read.
    beyond = len(rows) > page.size
    rows = rows[: page.size]
    if page.reverse:
        rows.reverse()
    return ticket_list_data([_row(row) for row in rows]), beyond


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
    where = f" WHERE {' AND '.join(page.where)}" if page.where else ""
    written = _page_in_sql(page, where) if _in_utc() else None
    if written is not None:
        results_json, beyond, first, last = written
        results: list[dict[str, Any]] = []
    else:
        results, beyond = _page_in_python(page, where)
        first = results[0]["id"] if results else page.position
        last = results[-1]["id"] if results else page.position
    # DRF's CursorPagination links, which with unique positions are: next, after the last row shown;
    # previous, before the first; on an empty page, the cursor's own position.
    base_url = request.build_absolute_uri()
    has_next = page.position is not None if page.reverse else beyond
    has_previous = beyond if page.reverse else page.position is not None
    next_link = _encode(base_url, last, reverse=False) if has_next and last is not None else None
    previous = _encode(base_url, first, reverse=True) if has_previous and first is not None else None
    body = JSONRenderer().render({"next": next_link, "previous": previous, "results": results})
    if written is not None:
        # The links as DRF writes them, then the rows PostgreSQL wrote: `[]}` becomes `[...]}`.
        body = body[:-3] + b"[" + results_json + b"]}"
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

"""What a saved view (or the queue's query string) may say, checked, and applied to tickets.

A view's filters are a small dict, the same keys as the queue page's query string:
status, priority, channel, category, tier, language (lists: any of them); team (id); assignee ("me",
"none" or an id); tag (names: every one); sla ("breaching", "breached", "on_track"); created_after,
created_before, updated_after, updated_before (ISO dates, UTC days); q (the search text);
cf_<key>, cf_<key>__gte, cf_<key>__lte (custom fields: queueviews.fieldfilters). Then the
sort column, the direction and the columns shown. Unknown keys or values are refused with a
message naming them, so a view never silently means something else than its owner saw.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helpdesk.parsing import parse_id
from queueviews.fieldfilters import MAX_FIELD_FILTERS, field_filters, is_field_filter
from tickets.models import UNRESOLVED, Category, Channel, Priority, Status, Ticket, Tier

LISTS = ("status", "priority", "channel", "category", "tier", "language", "tag")
SINGLE = (
    "team",
    "assignee",
    "sla",
    "created_after",
    "created_before",
    "updated_after",
    "updated_before",
    "q",
)
KEYS = (*LISTS, *SINGLE)
SLA_STATES = ("breaching", "breached", "on_track")
PRIORITY_NAMES = {p.name.lower(): p.value for p in Priority}
_PRIORITY_BY_NUMBER = {str(p.value): p.name.lower() for p in Priority}
# Sortable columns -> the ticket field they order by (ties newest first).
SORTS: dict[str, str] = {
    "ticket": "id",
    "priority": "priority",
    "status": "status",
    "created": "created_at",
    "updated": "updated_at",
    "sla": "sla_clock__attention_at",
    "channel": "channel",
    "tier": "tier",
    "language": "language",
    "category": "category",
}
# Every column a queue can show, in the order shown; a view picks some.
COLUMNS: dict[str, Any] = {
    "ticket": gettext_lazy("Ticket"),
    "customer": gettext_lazy("Customer"),
    "status": gettext_lazy("Status"),
    "priority": gettext_lazy("Priority"),
    "sla": gettext_lazy("SLA"),
    "channel": gettext_lazy("Channel"),
    "tier": gettext_lazy("Tier"),
    "language": gettext_lazy("Language"),
    "category": gettext_lazy("Category"),
    "team": gettext_lazy("Team"),
    "assignee": gettext_lazy("Assignee"),
    "created": gettext_lazy("Created"),
    "updated": gettext_lazy("Updated"),
}
DEFAULT_COLUMNS = (
    "ticket",
    "customer",
    "status",
    "priority",
    "sla",
    "channel",
    "team",
    "assignee",
    "updated",
)
MAX_TEXT = 200
MAX_TAGS = 10


@dataclass(frozen=True)
class ViewSpec:
    """A checked view: filters, sort and columns."""

    filters: dict[str, Any] = field(default_factory=dict)
    sort: str = ""
    direction: str = "desc"
    columns: tuple[str, ...] = DEFAULT_COLUMNS

    @property
    def order_by(self) -> list[str]:
        if not self.sort:
            return ["-id"]
        column = SORTS[self.sort]
        sign = "-" if self.direction == "desc" else ""
        return [f"{sign}{column}", "-id"]


def _choices(key: str) -> set[str]:
    return {
        "status": set(Status.values),
        "priority": set(PRIORITY_NAMES),
        "channel": set(Channel.values),
        "category": set(Category.values),
        "tier": {str(t) for t in Tier.values},
        "language": {code for code, _name in settings.LANGUAGES},
    }[key]


def _date(value: Any) -> str:
    return dt.date.fromisoformat(str(value)).isoformat()


def clean_filters(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The filters of `raw` (values as lists or single strings), checked; ValidationError naming each
    wrong key. Empty values are dropped."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in KEYS and not is_field_filter(key):
            errors[key] = _("unknown filter")
            continue
        values = [
            str(v).strip() for v in (value if isinstance(value, list | tuple) else [value]) if v is not None
        ]
        values = [v for v in values if v]
        if key == "priority":
            # The queue's select sends numbers, the API and views names.
            values = [_PRIORITY_BY_NUMBER.get(v, v) for v in values]
        if not values:
            continue
        if key in LISTS:
            if key == "tag":
                if len(values) > MAX_TAGS or any(len(v) > 50 for v in values):
                    errors[key] = _("at most %(n)d tags of 50 characters") % {"n": MAX_TAGS}
                    continue
            elif not set(values) <= _choices(key):
                errors[key] = _("unknown value %(value)s") % {
                    "value": ", ".join(sorted(set(values) - _choices(key)))
                }
                continue
            clean[key] = list(dict.fromkeys(values))
            continue
        if len(values) != 1:
            errors[key] = _("give one value")
            continue
        value = values[0]
        if is_field_filter(key):
            # Which fields exist is for whoever saves or opens the view (queueviews.fieldfilters).
            if len(value) > MAX_TEXT:
                errors[key] = _("at most %(n)d characters") % {"n": MAX_TEXT}
            else:
                clean[key] = value
            continue
        if key == "team" and parse_id(value) is None:
            errors[key] = _("a team id")
        elif key == "assignee" and value not in ("me", "none") and parse_id(value) is None:
            errors[key] = _("an agent id, me or none")
        elif key == "sla" and value not in SLA_STATES:
            errors[key] = _("one of %(states)s") % {"states": ", ".join(SLA_STATES)}
        elif key.endswith(("_after", "_before")):
            try:
                clean[key] = _date(value)
            except ValueError:
                errors[key] = _("a date as YYYY-MM-DD")
            continue
        elif key == "q" and len(value) > MAX_TEXT:
            errors[key] = _("at most %(n)d characters") % {"n": MAX_TEXT}
        clean[key] = value
    if len(field_filters(clean)) > MAX_FIELD_FILTERS:
        errors["cf"] = _("at most %(n)d custom field filters") % {"n": MAX_FIELD_FILTERS}
    if errors:
        raise ValidationError({k: [v] for k, v in errors.items()})
    return {k: v for k, v in clean.items() if k not in errors}


def clean_spec(
    *, filters: Mapping[str, Any], sort: str = "", direction: str = "desc", columns: Any = None
) -> ViewSpec:
    errors: dict[str, str] = {}
    try:
        clean = clean_filters(filters)
    except ValidationError as exc:
        errors.update({k: " ".join(str(m) for m in v) for k, v in exc.message_dict.items()})
        clean = {}
    if sort and sort not in SORTS:
        errors["sort"] = _("not a sortable column")
    if direction not in ("asc", "desc"):
        errors["direction"] = _("asc or desc")
    cols = tuple(columns) if columns else DEFAULT_COLUMNS
    if not all(isinstance(c, str) and c in COLUMNS for c in cols) or len(set(cols)) != len(cols):
        errors["columns"] = _("unknown or repeated column")
    if errors:
        raise ValidationError({k: [v] for k, v in errors.items()})
    # Shown in the page's order whatever order they were given in; the ticket column always.
    ordered = tuple(c for c in COLUMNS if c in cols or c == "ticket")
    return ViewSpec(filters=clean, sort=sort, direction=direction, columns=ordered)


def _day_start(value: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(value), dt.time.min, tzinfo=dt.UTC)


def filters_q(filters: Mapping[str, Any], user: Any) -> Q:
    """The checked filters but `q` (the search: queueviews.search) as one Q on Ticket."""
    q = Q()
    for key in ("status", "channel", "category", "language"):
        if key in filters:
            q &= Q(**{f"{key}__in": filters[key]})
    if "priority" in filters:
        q &= Q(priority__in=[PRIORITY_NAMES[p] for p in filters["priority"]])
    if "tier" in filters:
        q &= Q(tier__in=[int(t) for t in filters["tier"]])
    if "team" in filters:
        q &= Q(team_id=parse_id(filters["team"]))
    if (assignee := filters.get("assignee")) is not None:
        if assignee == "me":
            q &= Q(assignee_id=user.pk)
        elif assignee == "none":
            q &= Q(assignee__isnull=True)
        else:
            q &= Q(assignee_id=parse_id(assignee))
    if (sla := filters.get("sla")) is not None:
        now = timezone.now()
        if sla == "breaching":
            q &= Q(sla_clock__attention_at__lte=now, status__in=UNRESOLVED)
        elif sla == "breached":
            q &= Q(status__in=UNRESOLVED) & (
                Q(sla_clock__first_response_breached_at__isnull=False)
                | Q(sla_clock__next_response_breached_at__isnull=False)
                | Q(sla_clock__resolution_breached_at__isnull=False)
            )
        else:
            q &= Q(status__in=UNRESOLVED, sla_clock__isnull=False) & (
                Q(sla_clock__attention_at__isnull=True) | Q(sla_clock__attention_at__gt=now)
            )
    for key, lookup in (("created_after", "created_at__gte"), ("updated_after", "updated_at__gte")):
        if key in filters:
            q &= Q(**{lookup: _day_start(filters[key])})
    for key, lookup in (("created_before", "created_at__lt"), ("updated_before", "updated_at__lt")):
        if key in filters:
            # Before a day: up to its start, UTC.
            q &= Q(**{lookup: _day_start(filters[key])})
    for name in filters.get("tag", []):
        # EXISTS, not a join: a ticket must carry every tag named, and no row is counted twice.
        q &= Q(Exists(Ticket.tags.through.objects.filter(ticket_id=OuterRef("pk"), tag__name=name)))
    return q


def query_from_filters(filters: Mapping[str, Any]) -> str:
    """The filters as the queue's query string: {"status": ["open"], "q": "fee"} -> status=open&q=fee."""
    pairs = [(k, v) for k in KEYS if k in filters for v in (filters[k] if k in LISTS else [filters[k]])]
    pairs += sorted(field_filters(filters).items())
    return urlencode(pairs)

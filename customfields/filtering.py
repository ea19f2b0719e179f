"""Tickets by custom field value: the queue page and GET /api/tickets/ read the same parameters.

    cf_<key>=value          equal (a hash or address as triage normalises it; a checkbox: true/false)
    cf_<key>__gte=value     at least (number, amount, date)
    cf_<key>__lte=value     at most (number, amount, date)

Each field becomes one `id IN (SELECT ticket_id FROM customfields_fieldvalue WHERE field_id = ... AND
<column> ...)`, answered from the partial (field, value, ticket) index of its type. Reading the
definitions the parameters name costs one statement; a request without `cf_` parameters costs none.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from customfields.access import definitions_visible_to
from customfields.models import RANGED, FieldDefinition, FieldType, FieldValue
from customfields.values import clean_value, parse_flag
from tickets.querysets import TicketQuerySet

PREFIX = "cf_"
RANGES = {"gte": "gte", "lte": "lte"}
MAX_FILTERS = 10


def field_params(params: Mapping[str, Any]) -> dict[str, str]:
    """The `cf_` parameters of a query string with a value (an empty one filters nothing)."""
    out: dict[str, str] = {}
    for name in params:
        if name.startswith(PREFIX):
            value = params.get(name)
            if isinstance(value, str) and value.strip():
                out[name] = value
    return out


def _split(name: str) -> tuple[str, str]:
    key, _sep, op = name[len(PREFIX) :].partition("__")
    return key, op or "exact"


def tickets_filter_by_fields(qs: TicketQuerySet, params: Mapping[str, Any], user: Any) -> TicketQuerySet:
    """`qs` narrowed by the `cf_` parameters in `params`, with the fields `user` may see.
    ValidationError (a message per parameter) on an unknown field, operator or value."""
    wanted = field_params(params)
    if not wanted:
        return qs
    errors: dict[str, list[str]] = {}
    if len(wanted) > MAX_FILTERS:
        raise ValidationError(
            {"cf": [_("Filter by at most %(count)s custom fields.") % {"count": MAX_FILTERS}]}
        )
    keys = {_split(name)[0] for name in wanted}
    fields = {f.key: f for f in definitions_visible_to(user).filter(key__in=keys)}
    conditions: dict[int, Q] = {}
    excluded: list[int] = []
    for name, raw in sorted(wanted.items()):
        key, op = _split(name)
        field: FieldDefinition | None = fields.get(key)
        if field is None:
            errors[name] = [_("There is no custom field %(key)s.") % {"key": key[:40]}]
            continue
        if op != "exact" and (op not in RANGES or field.type not in RANGED):
            errors[name] = [_("Use __gte and __lte with number, amount and date fields only.")]
            continue
        try:
            if field.type == FieldType.CHECKBOX:
                if not parse_flag(raw):
                    excluded.append(field.pk)  # unticked: no value, or never set
                    continue
                value: Any = True
            else:
                value = clean_value(field, raw)
        except ValidationError as error:
            errors[name] = list(error.messages)
            continue
        lookup = field.column if op == "exact" else f"{field.column}__{RANGES[op]}"
        conditions[field.pk] = conditions.get(field.pk, Q(field_id=field.pk)) & Q(**{lookup: value})
    if errors:
        raise ValidationError(errors)
    for condition in conditions.values():
        qs = qs.filter(pk__in=FieldValue.objects.filter(condition).values("ticket_id"))
    for field_id in excluded:
        qs = qs.exclude(pk__in=FieldValue.objects.filter(field_id=field_id, flag=True).values("ticket_id"))
    return qs


def tickets_filter_by_valid_fields(
    qs: TicketQuerySet, params: Mapping[str, Any], user: Any
) -> TicketQuerySet:
    """As `tickets_filter_by_fields`, for the queue page: a parameter that does not validate is left out
    (as the page's other filters are), the others still apply."""
    wanted = field_params(params)
    if not wanted:
        return qs
    try:
        return tickets_filter_by_fields(qs, wanted, user)
    except ValidationError as error:
        bad = set(error.message_dict)
        if "cf" in bad:
            return qs
        kept = {name: value for name, value in wanted.items() if name not in bad}
        return tickets_filter_by_fields(qs, kept, user)

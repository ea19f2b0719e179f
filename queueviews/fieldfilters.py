"""Custom-field filters in a saved view or the queue's address: `cf_<key>=value`, `cf_<key>__gte`,
`cf_<key>__lte` (customfields.filtering reads the same for GET /api/tickets/).

A view keeps them as text. When it is opened, a field that is gone, deactivated, hidden from the
viewer or whose value no longer validates is left out and named in `ignored`, so the page can say so;
the view never fails. Reading the fields costs one statement, and none without `cf_` filters.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from customfields.access import definitions_visible_to
from customfields.models import RANGED, FieldDefinition, FieldType, FieldValue
from customfields.values import clean_value, parse_flag

PREFIX = "cf_"
MAX_FIELD_FILTERS = 10
_NAME = re.compile(r"cf_([a-z0-9][a-z0-9_-]{0,39}?)(?:__(gte|lte))?")


def is_field_filter(name: str) -> bool:
    return bool(_NAME.fullmatch(name))


def split_field_filter(name: str) -> tuple[str, str]:
    """`cf_amount__gte` -> ("amount", "gte"); `cf_network` -> ("network", "exact")."""
    match = _NAME.fullmatch(name)
    if match is None:
        return "", ""
    return match.group(1), match.group(2) or "exact"


def field_filters(filters: Mapping[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in filters.items() if k.startswith(PREFIX) and v not in (None, "")}


def fields_named(user: Any, names: Iterable[str]) -> dict[str, FieldDefinition]:
    """The active fields `user` may see among those `names` filter by: one statement, none for none."""
    keys = {split_field_filter(name)[0] for name in names} - {""}
    if not keys:
        return {}
    return {f.key: f for f in definitions_visible_to(user).filter(key__in=keys)}


def field_condition(
    wanted: Mapping[str, str], fields: Mapping[str, FieldDefinition]
) -> tuple[Q, dict[str, str]]:
    """One Q on Ticket for the `cf_` filters in `wanted`, and the filters left out with the reason."""
    condition = Q()
    ignored: dict[str, str] = {}
    by_field: dict[int, Q] = {}
    for name, raw in sorted(wanted.items()):
        key, op = split_field_filter(name)
        field = fields.get(key)
        if field is None:
            ignored[name] = _("there is no active custom field %(key)s") % {"key": key[:40]}
            continue
        if op != "exact" and field.type not in RANGED:
            ignored[name] = _("__gte and __lte are for number, amount and date fields")
            continue
        try:
            if field.type == FieldType.CHECKBOX:
                if not parse_flag(raw):
                    condition &= ~Q(
                        pk__in=FieldValue.objects.filter(field_id=field.pk, flag=True).values("ticket_id")
                    )
                    continue
                value: Any = True
            else:
                value = clean_value(field, raw)
        except ValidationError as error:
            ignored[name] = " ".join(error.messages)
            continue
        lookup = field.column if op == "exact" else f"{field.column}__{op}"
        by_field[field.pk] = by_field.get(field.pk, Q(field_id=field.pk)) & Q(**{lookup: value})
    for values in by_field.values():
        condition &= Q(pk__in=FieldValue.objects.filter(values).values("ticket_id"))
    return condition, ignored


def check_field_filters(filters: Mapping[str, Any], user: Any) -> None:
    """For a view being saved: ValidationError naming each `cf_` filter that `user` could not use."""
    wanted = field_filters(filters)
    if not wanted:
        return
    _condition, ignored = field_condition(wanted, fields_named(user, wanted))
    if ignored:
        raise ValidationError({name: [reason] for name, reason in ignored.items()})

"""Every write to custom fields: defining them (admins) and setting a ticket's values (agents, or the
system when triage read a hash from the customer's message). One transaction each, audited."""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from customfields.access import definitions_visible_to, require_manager
from customfields.models import COLUMN, MAX_OPTIONS, FieldDefinition, FieldType, FieldValue
from customfields.values import clean_value, value_json
from helpdesk.errors import DomainError
from routing.models import Team
from tickets.models import Category, Status, Ticket

_KEY = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
MAX_OPTION = 100
EDITABLE = (
    "label",
    "options",
    "help_text",
    "required_on_solve",
    "order",
    "team",
    "category",
    "partner_visible",
)


# --- Definitions ----------------------------------------------------------------------------------


def _clean_options(kind: str, options: Iterable[str]) -> list[str]:
    clean: list[str] = []
    for option in options or ():
        text = str(option).strip()
        if text and text not in clean:
            clean.append(text)
    if kind not in FieldType.values:
        return []  # the type is refused on its own
    if kind != FieldType.SELECT:
        if clean:
            raise ValidationError({"options": _("Only a choice field has options.")})
        return []
    if not clean:
        raise ValidationError({"options": _("A choice field needs at least one option, one per line.")})
    if len(clean) > MAX_OPTIONS:
        raise ValidationError({"options": _("Use at most %(count)s options.") % {"count": MAX_OPTIONS}})
    if any(len(o) > MAX_OPTION for o in clean):
        raise ValidationError(
            {"options": _("Each option has at most %(count)s characters.") % {"count": MAX_OPTION}}
        )
    return clean


def _check(values: Mapping[str, Any]) -> dict[str, Any]:
    """The editable attributes checked together, so one refusal names every field that is wrong."""
    errors: dict[str, list[str]] = {}
    clean = dict(values)
    label = str(values.get("label") or "").strip()
    if not label or len(label) > 80:
        errors["label"] = [_("The label must have 1 to 80 characters.")]
    clean["label"] = label
    clean["help_text"] = str(values.get("help_text") or "").strip()
    if len(clean["help_text"]) > 200:
        errors["help_text"] = [_("The help text has at most 200 characters.")]
    if values.get("category") and values["category"] not in Category.values:
        errors["category"] = [_("Choose a category from the list.")]
    clean["category"] = values.get("category") or ""
    order = values.get("order") or 0
    if not isinstance(order, int) or not 0 <= order <= 32767:
        errors["order"] = [_("The order is a whole number from 0 to 32767.")]
    try:
        clean["options"] = _clean_options(values["type"], values.get("options") or [])
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return clean


def _snapshot(field: FieldDefinition) -> dict[str, Any]:
    return {
        "key": field.key,
        "type": field.type,
        "label": field.label,
        "options": field.options,
        "help_text": field.help_text,
        "required_on_solve": field.required_on_solve,
        "is_active": field.is_active,
        "order": field.order,
        "team": field.team_id,
        "category": field.category,
        "partner_visible": field.partner_visible,
    }


def field_define(
    *,
    actor: User,
    key: str,
    label: str,
    type: str,
    options: Iterable[str] = (),
    help_text: str = "",
    required_on_solve: bool = False,
    order: int = 0,
    team: Team | None = None,
    category: str = "",
    partner_visible: bool = False,
) -> FieldDefinition:
    """A new field. Its key (what the API, the filters and the audit log name it by) and its type are
    fixed from now on: values already stored would not survive a change of either."""
    require_manager(actor)
    errors: dict[str, list[str]] = {}
    key = (key or "").strip()
    if not _KEY.match(key) or len(key) > 40:
        errors["key"] = [
            _("The key has 1 to 40 lower-case letters, digits and single underscores; a letter first.")
        ]
    elif FieldDefinition.objects.filter(key=key).exists():
        errors["key"] = [_("Another field has the key %(key)s.") % {"key": key}]
    if type not in FieldType.values:
        errors["type"] = [_("Choose a type from the list.")]
    try:
        clean = _check(
            {
                "type": type,
                "label": label,
                "options": options,
                "help_text": help_text,
                "order": order,
                "category": category,
            }
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        field = FieldDefinition.objects.create(
            key=key,
            type=type,
            label=clean["label"],
            options=clean["options"],
            help_text=clean["help_text"],
            required_on_solve=required_on_solve,
            order=order,
            team=team,
            category=clean["category"],
            partner_visible=partner_visible,
            created_at=now,
            updated_at=now,
        )
        audit_record(action="customfield.defined", obj=field, actor=actor, after=_snapshot(field))
    return field


def field_update(
    *, field: FieldDefinition, actor: User, is_active: bool | None = None, **changes: Any
) -> FieldDefinition:
    """Change a field's label, options, scope, flags or order (`EDITABLE`); its key and type stay."""
    require_manager(actor)
    for fixed in ("key", "type"):
        if fixed in changes and changes.pop(fixed) != getattr(field, fixed):
            raise ValidationError(
                {fixed: _("The key and the type of a field cannot change; define a new field.")}
            )
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("Cannot change %(names)s.") % {"names": ", ".join(sorted(unknown))})
    before = _snapshot(field)
    merged = {name: changes.get(name, before[name] if name != "team" else field.team) for name in EDITABLE}
    clean = _check({**merged, "type": field.type})
    removed = [o for o in field.options if o not in clean["options"]]
    if removed and FieldValue.objects.filter(field=field, text__in=removed).exists():
        raise ValidationError(
            {
                "options": _("Some tickets hold %(options)s: keep those options.")
                % {"options": ", ".join(removed)}
            }
        )
    with transaction.atomic():
        for name in EDITABLE:
            setattr(field, name, clean[name] if name in clean else merged[name])
        if is_active is not None:
            field.is_active = is_active
        after = _snapshot(field)
        if after == before:
            return field
        field.updated_at = timezone.now()
        field.save()
        changed = sorted(k for k in after if after[k] != before[k])
        audit_record(
            action="customfield.updated",
            obj=field,
            actor=actor,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return field


def field_deactivate(*, field: FieldDefinition, actor: User) -> FieldDefinition:
    """Hide a field from tickets, filters and the solve check; its values stay, and it can come back."""
    require_manager(actor)
    if not field.is_active:
        return field
    with transaction.atomic():
        field.is_active = False
        field.updated_at = timezone.now()
        field.save(update_fields=["is_active", "updated_at"])
        audit_record(
            action="customfield.deactivated",
            obj=field,
            actor=actor,
            before={"is_active": True},
            after={"is_active": False},
        )
    return field


# --- Values on a ticket ---------------------------------------------------------------------------


def fields_for_ticket(ticket: Ticket, user: Any | None) -> list[FieldDefinition]:
    """The active fields on `ticket`, in order, that `user` may see (None: the system sees all)."""
    qs = definitions_visible_to(user) if user is not None else FieldDefinition.objects.filter(is_active=True)
    return [f for f in qs if f.applies_to(team_id=ticket.team_id, category=ticket.category)]


def ticket_values(ticket: Ticket, fields: Iterable[FieldDefinition]) -> dict[str, Any]:
    """key -> stored value (None when empty) of `fields` on `ticket`, in one query."""
    by_id = {f.pk: f for f in fields}
    out: dict[str, Any] = {f.key: None for f in by_id.values()}
    if not by_id:
        return out
    for row in FieldValue.objects.filter(ticket_id=ticket.pk, field_id__in=list(by_id)):
        field = by_id[row.field_id]
        out[field.key] = getattr(row, field.column)
    return out


def _clean_values(fields: Mapping[str, FieldDefinition], values: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    for key, raw in values.items():
        field = fields.get(key)
        if field is None:
            errors[str(key)[:60]] = [_("There is no such field on this ticket.")]
            continue
        try:
            value = clean_value(field, raw)
        except ValidationError as error:
            errors[key] = list(error.messages)
            continue
        # An unticked checkbox is no value: "required" on a checkbox means it must be ticked.
        clean[key] = None if value is False else value
    if errors:
        raise ValidationError(errors)
    return clean


def ticket_fields_set(
    *, ticket: Ticket, actor: User | None, values: Mapping[str, Any], only_empty: bool = False
) -> dict[str, Any]:
    """Set some of a ticket's field values (key -> value; None or "" empties one). Only the values that
    change are written and audited, all in one transaction; returns them (key -> new JSON value).

    `actor` None is the system (triage's prefill): it may set every active field, and with
    `only_empty` it fills only fields that hold nothing yet. A user sets only the fields they may see
    on this ticket (partner agents: those visible to partners); any other key is refused as unknown.
    """
    fields = {f.key: f for f in fields_for_ticket(ticket, actor)}
    clean = _clean_values(fields, values)
    if not clean:
        return {}
    with transaction.atomic():
        locked = (
            Ticket.objects.select_for_update().only("pk", "status", "team_id", "category").get(pk=ticket.pk)
        )
        if locked.status == Status.CLOSED:
            raise DomainError(_("this ticket is closed; open a follow-up ticket instead"), code="closed")
        chosen = [fields[key] for key in clean]
        current = ticket_values(locked, chosen)
        changed = {
            key: value
            for key, value in clean.items()
            if current[key] != value and not (only_empty and current[key] is not None)
        }
        if not changed:
            return {}
        now = timezone.now()
        rows = []
        for key, value in changed.items():
            if value is None:
                continue
            field = fields[key]
            row = FieldValue(ticket_id=locked.pk, field=field, updated_at=now, updated_by=actor)
            setattr(row, field.column, value)
            rows.append(row)
        if rows:
            FieldValue.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["ticket", "field"],
                update_fields=[*sorted(set(COLUMN.values())), "updated_at", "updated_by"],
            )
        emptied = [fields[key].pk for key, value in changed.items() if value is None]
        if emptied:
            FieldValue.objects.filter(ticket_id=locked.pk, field_id__in=emptied).delete()
        Ticket.objects.filter(pk=locked.pk).update(updated_at=now)
        audit_record(
            action="ticket.fields_changed",
            obj=locked,
            actor=actor,
            actor_label=None if actor else "system:triage",
            before={key: value_json(fields[key], current[key]) for key in changed},
            after={key: value_json(fields[key], value) for key, value in changed.items()},
        )
    return {key: value_json(fields[key], value) for key, value in changed.items()}


def fields_missing_for_solve(ticket: Ticket) -> list[FieldDefinition]:
    """The active required-on-solve fields on `ticket` that hold no value, in order."""
    required = [
        f
        for f in FieldDefinition.objects.filter(is_active=True, required_on_solve=True)
        if f.applies_to(team_id=ticket.team_id, category=ticket.category)
    ]
    if not required:
        return []
    filled = set(
        FieldValue.objects.filter(ticket_id=ticket.pk, field_id__in=[f.pk for f in required]).values_list(
            "field_id", flat=True
        )
    )
    return [f for f in required if f.pk not in filled]


def ticket_solve_check(*, ticket: Ticket) -> None:
    """Refuse to solve `ticket` while a required field is empty (casework calls it before solving)."""
    if ticket.status == Status.SOLVED:
        return
    missing = fields_missing_for_solve(ticket)
    if missing:
        raise DomainError(
            _("fill in %(fields)s before solving this ticket")
            % {"fields": ", ".join(f.label for f in missing)},
            code="fields_required",
        )

"""Forms for custom fields: the admin's definition form, and the ticket's values form.

The ticket's values, for any page that shows them (the card on the ticket page, a properties panel)::

    from customfields.forms import TicketFieldsForm

    form = TicketFieldsForm(ticket=ticket, user=request.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        changed = form.save()  # key -> new value; only what changed is written and audited
    # render: `for field in form` (named cf_<key>, as the queue's filters); errors are the form's

It shows the active fields that apply to the ticket (team and category scope) and that the user may
see (partner agents: those marked visible to partners); `save()` calls
`customfields.services.ticket_fields_set`, and a refusal there (a closed ticket, a value that changed
meaning) comes back as form errors, so `save()` returns None then and the form can be shown again.
`form.prefix` may be set by the caller as with any form; `form.rows` pairs each bound field with its
definition and stored value for read-only display.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from customfields.models import FieldDefinition, FieldType
from customfields.services import fields_for_ticket, ticket_fields_set, ticket_values
from customfields.values import clean_value, value_json
from helpdesk.errors import DomainError
from routing.models import Team
from tickets.models import Category, Ticket

PREFIX = "cf_"


def _form_field(field: FieldDefinition) -> forms.Field:
    common: dict[str, Any] = {"label": field.label, "required": False, "help_text": field.help_text}
    if field.type == FieldType.CHECKBOX:
        return forms.BooleanField(**common)
    if field.type == FieldType.SELECT:
        return forms.ChoiceField(choices=[("", "—"), *[(o, o) for o in field.options]], **common)
    if field.type == FieldType.DATE:
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    attrs = {"autocomplete": "off", "spellcheck": "false"}
    if field.type in (FieldType.NUMBER, FieldType.DECIMAL):
        attrs["inputmode"] = "decimal" if field.type == FieldType.DECIMAL else "numeric"
    return forms.CharField(max_length=255, widget=forms.TextInput(attrs=attrs), strip=True, **common)


class TicketFieldsForm(forms.Form):
    def __init__(self, *args: Any, ticket: Ticket, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ticket = ticket
        self.user = user
        self.definitions = fields_for_ticket(ticket, user)
        self.values = ticket_values(ticket, self.definitions)
        for field in self.definitions:
            self.fields[PREFIX + field.key] = _form_field(field)
            self.initial.setdefault(PREFIX + field.key, value_json(field, self.values[field.key]))

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "bound": self[PREFIX + f.key],
                "definition": f,
                "value": value_json(f, self.values[f.key]),
                "filter": f"{PREFIX}{f.key}",
            }
            for f in self.definitions
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field in self.definitions:
            name = PREFIX + field.key
            if name in self.errors:
                continue
            try:
                clean_value(field, data.get(name))
            except ValidationError as error:
                self.add_error(name, error)
        return data

    def save(self) -> dict[str, Any] | None:
        values = {f.key: self.cleaned_data.get(PREFIX + f.key) for f in self.definitions}
        try:
            return ticket_fields_set(ticket=self.ticket, actor=self.user, values=values)
        except ValidationError as error:
            for key, problems in error.message_dict.items():
                name = PREFIX + key
                self.add_error(name if name in self.fields else None, problems)
        except DomainError as error:
            self.add_error(None, error.message)
        return None


class FieldDefinitionForm(forms.Form):
    """What an admin types; `customfields.services` checks it (the messages come back on the fields)."""

    key = forms.CharField(
        label=_("Key"),
        max_length=40,
        help_text=_("Used in filters and the API (cf_<key>): lower-case letters, digits, underscores."),
    )
    label = forms.CharField(label=_("Label"), max_length=80)
    type = forms.ChoiceField(label=_("Type"), choices=FieldType.choices)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a choice field: one option per line."),
    )
    help_text = forms.CharField(label=_("Help text"), max_length=200, required=False)
    required_on_solve = forms.BooleanField(label=_("Required before the ticket is solved"), required=False)
    partner_visible = forms.BooleanField(label=_("Visible to partner agents"), required=False)
    team = forms.ModelChoiceField(
        label=_("Only for the team"), queryset=Team.objects.order_by("name"), required=False
    )
    category = forms.ChoiceField(
        label=_("Only for the category"), choices=[("", "—"), *Category.choices], required=False
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=0)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, editing: FieldDefinition | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing is not None:
            # Fixed once defined: the values already stored depend on them.
            for name in ("key", "type"):
                self.fields[name].disabled = True
                self.fields[name].required = False
        else:
            del self.fields["is_active"]

    @staticmethod
    def initial_for(field: FieldDefinition) -> dict[str, Any]:
        return {
            "key": field.key,
            "label": field.label,
            "type": field.type,
            "options": "\n".join(field.options),
            "help_text": field.help_text,
            "required_on_solve": field.required_on_solve,
            "partner_visible": field.partner_visible,
            "team": field.team_id,
            "category": field.category,
            "order": field.order,
            "is_active": field.is_active,
        }

    def attributes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "label": data["label"],
            "options": [line for line in (data.get("options") or "").splitlines() if line.strip()],
            "help_text": data.get("help_text") or "",
            "required_on_solve": data["required_on_solve"],
            "partner_visible": data["partner_visible"],
            "team": data.get("team"),
            "category": data.get("category") or "",
            "order": data["order"],
        }

    def apply_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, problems in error.message_dict.items():
            self.add_error(name if name in self.fields else None, problems)

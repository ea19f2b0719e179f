"""Forms of the routing pages. They parse input; the engine and the services judge the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from helpdesk.parsing import json_loads
from routing.models import RoutingRule
from tickets.models import Ticket, parse_reference


class RuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        inactive = "" if obj.is_active else " " + str(_("(inactive)"))
        return f"#{obj.pk} · {obj.position}. {obj.name}{inactive}"


def _json(value: str, what: str) -> Any:
    try:
        return json_loads(value)
    except ValueError as exc:  # JSONDecodeError, and InvalidJSON for nesting past MAX_JSON_DEPTH
        raise forms.ValidationError(
            _("%(what)s are not valid JSON: %(error)s") % {"what": what, "error": exc}
        ) from None


class DryRunForm(forms.Form):
    """A sample ticket and, optionally, a rule as it would be saved in the admin."""

    ticket = forms.CharField(
        label=_("Sample ticket"), max_length=32, help_text=_("A reference like HD-000123, or its number.")
    )
    name = forms.CharField(label=_("Rule name"), max_length=120, required=False)
    position = forms.IntegerField(label=_("Position"), min_value=0, required=False)
    conditions = forms.CharField(
        label=_("Conditions (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_('A list of {"field", "op", "value"}; all must hold. Empty: always.'),
    )
    actions = forms.CharField(
        label=_("Actions (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_('{"tier", "team", "priority", "tags", "to_account_manager"}'),
    )
    stop = forms.BooleanField(label=_("Stop after this rule"), required=False)
    replaces = RuleChoiceField(
        label=_("Replaces rule"),
        queryset=RoutingRule.objects.order_by("position", "id"),
        required=False,
        empty_label=_("None: the rule is added"),
        help_text=_("With no rule written above, shows the decision without the chosen rule."),
    )

    def __init__(self, *args: Any, tickets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tickets = tickets

    def clean_ticket(self) -> Ticket:
        pk = parse_reference(self.cleaned_data["ticket"])
        ticket = self.tickets.select_related("customer").filter(pk=pk).first() if pk else None
        if ticket is None:
            raise forms.ValidationError(_("No ticket has this reference."))
        return ticket

    def clean_conditions(self) -> Any:
        text = self.cleaned_data["conditions"].strip()
        return _json(text, str(_("The conditions"))) if text else []

    def clean_actions(self) -> Any:
        text = self.cleaned_data["actions"].strip()
        return _json(text, str(_("The actions"))) if text else {}

    def candidate(self) -> dict[str, Any] | None:
        """The rule to try, or None when only the saved rules (less the replaced one) are run."""
        data = self.cleaned_data
        if not (data["name"] or data["conditions"] or data["actions"] or data["stop"]):
            return None
        position = data["position"]
        if position is None:
            # As in the admin a new rule starts at 0; an edited one keeps its place.
            position = data["replaces"].position if data["replaces"] else 0
        return {
            "name": data["name"] or str(_("candidate")),
            "position": position,
            "conditions": data["conditions"],
            "actions": data["actions"],
            "stop": data["stop"],
        }

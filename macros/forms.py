"""The macro form: title, scope, team, a text per language and the actions, parsed for the services."""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from macros.actions import ASSIGN_ME, STATUSES
from macros.models import Macro, Scope
from routing.models import Team
from tickets.models import Priority, Status

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class MacroForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    scope = forms.ChoiceField(label=_("Who uses it"), choices=Scope.choices, initial=Scope.PERSONAL)
    team = forms.ModelChoiceField(
        label=_("Only for the team"),
        queryset=Team.objects.order_by("name"),
        required=False,
        help_text=_("Shared macros only. Partner teams see only the shared macros of their teams."),
    )
    body_default = forms.CharField(
        label=_("Text (default, every language without its own)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
    )
    action_status = forms.ChoiceField(
        label=_("Set the status"),
        choices=[("", "—"), *[(s.value, s.label) for s in Status if s in STATUSES]],
        required=False,
    )
    action_priority = forms.TypedChoiceField(
        label=_("Set the priority"),
        choices=[("", "—"), *Priority.choices],
        required=False,
        coerce=int,
        empty_value=None,
    )
    action_tags = forms.CharField(label=_("Add tags (comma-separated)"), required=False, max_length=500)
    action_team = forms.ModelChoiceField(
        label=_("Move to the team"), queryset=Team.objects.order_by("name"), required=False
    )
    action_assign_me = forms.BooleanField(label=_("Assign to the agent who applies it"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, may_share: bool, editing: Macro | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"body_{code}"] = forms.CharField(
                label=name, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
            )
        if editing is not None:
            del self.fields["scope"]
        elif not may_share:
            cast(forms.ChoiceField, self.fields["scope"]).choices = [
                (Scope.PERSONAL.value, Scope.PERSONAL.label)
            ]
        if (editing is not None and editing.scope == Scope.PERSONAL) or (editing is None and not may_share):
            del self.fields["team"]

    def language_fields(self) -> list[Any]:
        return [self[f"body_{code}"] for code in LANGUAGE_CODES]

    def variants(self) -> dict[str, str]:
        data = self.cleaned_data
        found = {"": data.get("body_default") or ""}
        found.update({code: data.get(f"body_{code}") or "" for code in LANGUAGE_CODES})
        return found

    def actions(self) -> dict[str, Any]:
        data = self.cleaned_data
        actions: dict[str, Any] = {}
        if data.get("action_status"):
            actions["status"] = data["action_status"]
        if data.get("action_priority"):
            actions["priority"] = data["action_priority"]
        if data.get("action_tags"):
            actions["tags"] = data["action_tags"]
        if data.get("action_team"):
            actions["team"] = data["action_team"].pk
        if data.get("action_assign_me"):
            actions["assign"] = ASSIGN_ME
        return actions

    @staticmethod
    def initial_for(macro: Macro) -> dict[str, Any]:
        actions = macro.actions or {}
        initial: dict[str, Any] = {
            "title": macro.title,
            "team": macro.team_id,
            "is_active": macro.is_active,
            "action_status": actions.get("status", ""),
            "action_priority": actions.get("priority", ""),
            "action_tags": ", ".join(actions.get("tags", [])),
            "action_team": actions.get("team"),
            "action_assign_me": actions.get("assign") == ASSIGN_ME,
        }
        for variant in macro.variants.all():
            initial[f"body_{variant.language or 'default'}"] = variant.body
        return initial

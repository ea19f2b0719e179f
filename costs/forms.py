from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from routing.models import Team


class RateForm(forms.Form):
    """A team's or an agent's hourly cost from a date. The service checks the amount and the dates;
    the form only parses."""

    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    agent = forms.ModelChoiceField(
        label=_("Agent (overrides the team's cost)"), queryset=User.objects.none(), required=False
    )
    hourly_cost = forms.CharField(label=_("Fully loaded cost per hour"), max_length=20)
    effective_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["agent"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, role__in=["agent", "supervisor", "admin"]
        ).order_by("first_name", "last_name", "username")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("team")) == bool(data.get("agent")):
            raise forms.ValidationError(_("Choose either a team or an agent."))
        return data

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from incidents.models import ACTIVE_STATUSES, ASSETS, DEFAULT_LANGUAGE, NETWORKS, Feature, IncidentStatus


def _message_fields(form: forms.Form, initial: dict[str, str] | None = None) -> None:
    """One text box per helpdesk language; English is required (the fallback)."""
    for code, name in settings.LANGUAGES:
        form.fields[f"message_{code}"] = forms.CharField(
            label=name,
            required=code == DEFAULT_LANGUAGE,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2, "lang": code}),
            initial=(initial or {}).get(code, ""),
        )


def messages_of(data: dict[str, Any]) -> dict[str, str]:
    return {
        code: data[f"message_{code}"] for code, _name in settings.LANGUAGES if data.get(f"message_{code}")
    }


class ScopeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    networks = forms.MultipleChoiceField(
        label=_("Networks"),
        choices=[(n, n) for n in NETWORKS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    assets = forms.MultipleChoiceField(
        label=_("Assets"),
        choices=[(a, a) for a in ASSETS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    features = forms.MultipleChoiceField(
        label=_("Features"), choices=Feature.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    keywords = forms.CharField(
        label=_("Match keywords"),
        required=False,
        max_length=4000,
        help_text=_("One phrase per line; a message that contains one is linked (any case)."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_keywords(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["keywords"].splitlines() if line.strip()]


class DeclareForm(ScopeForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in ACTIVE_STATUSES],
        initial=IncidentStatus.INVESTIGATING,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _message_fields(self)


class UpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=IncidentStatus.choices)

    def __init__(self, *args: Any, messages: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _message_fields(self, messages)


class LinkForm(forms.Form):
    incident = forms.IntegerField(min_value=1, max_value=2**31 - 1)

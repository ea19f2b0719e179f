"""The forms of tier 0's pages: an agent's correction, and where tier 0 may answer (admins)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assistant.config import ChannelSpec, parse_languages
from assistant.models import INTENT_CHOICES
from helpdesk.errors import DomainError
from tickets.models import Channel


class CorrectionForm(forms.Form):
    intent = forms.ChoiceField(label=_("Really about"), choices=INTENT_CHOICES)


class ChannelSettingsForm(forms.Form):
    """One "answers" box and one list of languages per channel."""

    def __init__(self, *args: Any, initial_settings: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for channel, label in Channel.choices:
            setting = initial_settings[channel]
            self.fields[f"answers_{channel}"] = forms.BooleanField(
                label=label, required=False, initial=setting.answers_enabled
            )
            self.fields[f"languages_{channel}"] = forms.CharField(
                label=_("Languages"),
                required=False,
                max_length=400,
                initial=", ".join(setting.languages),
                help_text=_("Two-letter codes, comma-separated; empty: every language."),
            )

    def rows(self) -> list[tuple[str, str, Any, Any]]:
        """(channel, label, answers field, languages field) for the page's table."""
        return [
            (channel, str(label), self[f"answers_{channel}"], self[f"languages_{channel}"])
            for channel, label in Channel.choices
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for channel, _label in Channel.choices:
            name = f"languages_{channel}"
            if name in data:
                try:
                    data[name] = parse_languages(data[name] or "")
                except DomainError as exc:
                    self.add_error(name, exc.message)
        return data

    def specs(self) -> list[ChannelSpec]:
        return [
            ChannelSpec(
                channel=channel,
                answers_enabled=bool(self.cleaned_data.get(f"answers_{channel}")),
                languages=tuple(self.cleaned_data.get(f"languages_{channel}") or ()),
            )
            for channel, _label in Channel.choices
        ]

"""The market event form: times typed on a named clock, never guessed."""

import datetime as dt
import zoneinfo
from functools import cache
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volatility.models import MarketEvent

INPUT_FORMAT = "%Y-%m-%dT%H:%M"


@cache
def zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name or name == "UTC"]


class WallClockField(forms.DateTimeField):
    """A date and time as typed, with no time zone applied: the form's `time_zone` field says which."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=INPUT_FORMAT)

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value
        try:
            return dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    start = WallClockField(label=_("Start"))
    end = WallClockField(label=_("End"), required=False, help_text=_("Leave empty while it goes on."))
    time_zone = forms.ChoiceField(label=_("Time zone of these times"), choices=zone_choices)
    assets = forms.CharField(
        label=_("Assets"), required=False, max_length=300, help_text=_("Symbols, such as BTC, ETH.")
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, event: MarketEvent | None = None, **kwargs: Any) -> None:
        zone = timezone.get_current_timezone_name()
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("time_zone", zone if (zone, zone) in zone_choices() else "UTC")
        if event is not None:
            on = zoneinfo.ZoneInfo(initial["time_zone"])
            initial |= {
                "title": event.title,
                "start": event.start.astimezone(on).replace(tzinfo=None),
                "end": event.end.astimezone(on).replace(tzinfo=None) if event.end else None,
                "assets": ", ".join(event.assets),
                "note": event.note,
            }
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        zone_name = data.get("time_zone")
        if not zone_name:
            return data
        zone = zoneinfo.ZoneInfo(zone_name)
        for name in ("start", "end"):
            value = data.get(name)
            if isinstance(value, dt.datetime) and value.tzinfo is None:
                data[name] = value.replace(tzinfo=zone)
        return data

    def changes(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("title", "start", "end", "assets", "note")}

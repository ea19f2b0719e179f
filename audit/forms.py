"""What the audit log page, its API and its export read from a request: one parser for all three, so a
filter means the same thing everywhere and bad input is refused with the same message."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.export import ExportScope
from audit.querysets import EventFilter
from helpdesk.parsing import BIGINT_MAX
from tickets.models import Ticket, parse_reference


def _day_start(day: dt.date) -> dt.datetime:
    """Midnight of `day` in the viewer's zone: a period is read as the person choosing it sees days."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class _PeriodForm(forms.Form):
    """`ticket`, and the period as `from` and `to` (days, both included)."""

    ticket = forms.CharField(
        label=_("Ticket"), required=False, max_length=32, help_text=_("A reference such as HD-000123.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these two are added here rather than declared.
        self.fields["from"] = forms.DateField(
            label=_("From"),
            required=False,
            input_formats=["%Y-%m-%d"],
            widget=forms.DateInput(attrs={"type": "date"}),
        )
        self.fields["to"] = forms.DateField(
            label=_("To"),
            required=False,
            input_formats=["%Y-%m-%d"],
            widget=forms.DateInput(attrs={"type": "date"}),
        )

    def clean_ticket(self) -> Ticket | None:
        text = self.cleaned_data["ticket"].strip()
        if not text:
            return None
        pk = parse_reference(text)
        ticket = (
            Ticket.objects.filter(pk=pk).select_related("customer", "team", "assignee").first()
            if pk
            else None
        )
        if ticket is None:
            raise forms.ValidationError(_("No ticket %(reference)s.") % {"reference": text[:32]})
        return ticket

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end and end < start:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data

    def period(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        start, end = self.cleaned_data.get("from"), self.cleaned_data.get("to")
        return (
            _day_start(start) if start else None,
            _day_start(end + dt.timedelta(days=1)) if end else None,
        )


class EventFilterForm(_PeriodForm):
    actor = forms.CharField(
        label=_("Actor"),
        required=False,
        max_length=200,
        help_text=_("A username, or a label such as system:mail."),
    )
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=64,
        help_text=_("The start of an action: ticket., approvals."),
    )
    # Keyset paging: the events older than this id.
    before = forms.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX, widget=forms.HiddenInput)

    def event_filter(self) -> EventFilter:
        ticket = self.cleaned_data.get("ticket")
        start, end = self.period()
        return EventFilter(
            ticket_id=ticket.pk if ticket else None,
            actor=self.cleaned_data.get("actor", "").strip(),
            action=self.cleaned_data.get("action", "").strip(),
            start=start,
            end=end,
        )


class ExportForm(_PeriodForm):
    """A ticket, or a period with both ends: exactly one."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        ticket, start, end = data.get("ticket"), data.get("from"), data.get("to")
        if self.errors:
            return data
        if ticket and (start or end):
            raise forms.ValidationError(_("Export a ticket or a period, not both."))
        if not ticket and not (start and end):
            raise forms.ValidationError(
                _("Give a ticket reference, or a period with both its first and last day.")
            )
        return data

    def scope(self) -> ExportScope:
        ticket = self.cleaned_data.get("ticket")
        if ticket is not None:
            return ExportScope(ticket=ticket)
        start, end = self.period()
        return ExportScope(start=start, end=end)

"""Forms of the configuration area. They parse input; the services judge it and say what is wrong."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from customers.models import Customer, VipLevel
from routing.models import Shift, Skill, Team
from routing.rules import PRIORITIES
from sla.models import BusinessCalendar, SlaPolicy
from tickets.models import Category, Channel, Priority, Tier

WEEKDAYS = Shift.Weekday.choices


def _multi(label: Any, choices: Any, coerce: Any = str) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=label, choices=choices, coerce=coerce, required=False, widget=forms.CheckboxSelectMultiple
    )


def agents() -> QuerySet[User]:
    """Who may belong to a team or manage an account: active staff, auditors excepted."""
    return User.objects.filter(is_active=True).exclude(role=Role.AUDITOR).order_by("username")


class LinesField(forms.CharField):
    """A list of words edited one per line (a partner team's networks)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return [line.strip() for line in str(value or "").splitlines() if line.strip()]


# --- Teams ---------------------------------------------------------------------------------------


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    slug = forms.SlugField(label=_("Short name"), max_length=50, help_text=_("Rules name the team by it."))
    tier = forms.TypedChoiceField(label=_("Tier"), choices=Tier.choices, coerce=int)
    languages = _multi(_("Languages"), settings.LANGUAGES)
    skills = _multi(_("Skills"), Skill.choices)
    region = forms.CharField(label=_("Region"), max_length=32, required=False)
    time_zone = forms.CharField(
        label=_("Time zone"), max_length=64, initial="UTC", help_text=_("An IANA name such as Europe/Berlin.")
    )
    is_default = forms.BooleanField(label=_("Default team"), required=False)
    is_outsourced = forms.BooleanField(label=_("Outsourced partner"), required=False)
    accepts_overflow = forms.BooleanField(
        label=_("Takes overflow from other teams"), required=False, initial=True
    )
    chat_capacity = forms.IntegerField(label=_("Chats per agent"), min_value=0, max_value=50, initial=3)
    ticket_capacity = forms.IntegerField(label=_("Tickets per agent"), min_value=0, max_value=500, initial=25)
    vip_reserved_capacity = forms.IntegerField(
        label=_("Capacity reserved for VIPs"), min_value=0, max_value=50, initial=0
    )
    wait_target_seconds = forms.IntegerField(
        label=_("Wait target (seconds)"), min_value=0, max_value=86400, initial=180
    )
    allows_attachment_download = forms.BooleanField(
        label=_("May download attachments"), required=False, initial=True
    )
    ip_allow_list = LinesField(
        label=_("Allowed addresses"),
        required=False,
        help_text=_("Partner teams: networks in CIDR notation, one per line; empty for any address."),
    )

    @classmethod
    def initial_for(cls, team: Team) -> dict[str, Any]:
        return {name: getattr(team, name) for name in cls.base_fields}


class TimeZoneForm(forms.Form):
    time_zone = forms.CharField(
        label=_("Time zone of the shifts"),
        max_length=64,
        help_text=_("An IANA name such as Europe/Berlin; shifts and holidays are in this zone."),
    )


class ShiftRowForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, coerce=int)
    start = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(
        label=_("Ends"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("At or before the start: runs past midnight."),
    )


class DateRowForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    name = forms.CharField(label=_("Name"), max_length=100, required=False)


class MemberRowForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Agent"), queryset=User.objects.none())
    is_lead = forms.BooleanField(label=_("Team lead"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = agents()  # type: ignore[attr-defined]


ShiftFormSet = forms.formset_factory(ShiftRowForm, extra=2, can_delete=True, max_num=50, validate_max=True)
DateFormSet = forms.formset_factory(DateRowForm, extra=2, can_delete=True, max_num=100, validate_max=True)
MemberFormSet = forms.formset_factory(MemberRowForm, extra=2, can_delete=True, max_num=200, validate_max=True)


def kept(formset: Any) -> list[dict[str, Any]]:
    """The filled rows of a valid formset that are not marked for deletion."""
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


class AgentTeamsForm(forms.Form):
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"), queryset=Team.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    lead_of = forms.ModelMultipleChoiceField(
        label=_("Leads"), queryset=Team.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("teams", "lead_of"):
            self.fields[name].queryset = Team.objects.order_by("tier", "name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if set(data.get("lead_of", [])) - set(data.get("teams", [])):
            raise forms.ValidationError(_("An agent leads only teams they belong to."))
        return data


# --- VIP -----------------------------------------------------------------------------------------


class VipPolicyForm(forms.Form):
    level = forms.ChoiceField(label=_("VIP level"), choices=VipLevel.choices)
    rank = forms.IntegerField(
        label=_("Rank"), min_value=0, max_value=100, help_text=_("0 for standard; higher first.")
    )
    priority_boost = forms.IntegerField(
        label=_("Priority boost"), min_value=0, help_text=_("Steps added to the priority: 0 to 3.")
    )


class AccountManagerForm(forms.Form):
    account_manager = forms.ModelChoiceField(
        label=_("Account manager"), queryset=User.objects.none(), required=False
    )
    backup_account_manager = forms.ModelChoiceField(
        label=_("Backup account manager"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("account_manager", "backup_account_manager"):
            self.fields[name].queryset = agents()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        main, backup = data.get("account_manager"), data.get("backup_account_manager")
        if backup is not None and main is None:
            raise forms.ValidationError(_("Choose the account manager before a backup."))
        if main is not None and main == backup:
            raise forms.ValidationError(_("The backup must be someone other than the account manager."))
        return data

    @staticmethod
    def initial_for(customer: Customer) -> dict[str, Any]:
        return {
            "account_manager": customer.account_manager_id,
            "backup_account_manager": customer.backup_account_manager_id,
        }


# --- Routing rules -------------------------------------------------------------------------------


class RuleForm(forms.Form):
    """Everything of a rule but its conditions, which the builder rows hold (configuration/conditions)."""

    name = forms.CharField(label=_("Name"), max_length=120)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    stop = forms.BooleanField(label=_("Stop after this rule"), required=False)
    tier = forms.TypedChoiceField(
        label=_("Send to tier"),
        choices=[("", _("unchanged")), *Tier.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    team = forms.ChoiceField(label=_("Send to team"), required=False)
    priority = forms.ChoiceField(
        label=_("Set priority"), choices=[("", _("unchanged")), *[(p, p) for p in PRIORITIES]], required=False
    )
    tags = forms.CharField(
        label=_("Add tags"), max_length=200, required=False, help_text=_("Words separated by commas.")
    )
    to_account_manager = forms.BooleanField(
        label=_("Offer to the customer's account manager first"), required=False
    )
    sample = forms.CharField(
        label=_("Sample ticket"),
        max_length=32,
        required=False,
        help_text=_("A reference like HD-000123, shown first in the dry run."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = Team.objects.order_by("tier", "name").values_list("slug", "name")
        self.fields["team"].choices = [("", _("chosen by tier and skill")), *teams]  # type: ignore[attr-defined]

    def actions(self) -> dict[str, Any]:
        data = self.cleaned_data
        actions: dict[str, Any] = {}
        if data.get("tier") is not None:
            actions["tier"] = data["tier"]
        for name in ("team", "priority"):
            if data.get(name):
                actions[name] = data[name]
        tags = [t.strip() for t in (data.get("tags") or "").split(",") if t.strip()]
        if tags:
            actions["tags"] = tags
        if data.get("to_account_manager"):
            actions["to_account_manager"] = True
        return actions

    @staticmethod
    def initial_for(actions: dict[str, Any], **fields: Any) -> dict[str, Any]:
        return {
            **fields,
            "tier": actions.get("tier"),
            "team": actions.get("team", ""),
            "priority": actions.get("priority", ""),
            "tags": ", ".join(actions.get("tags") or []),
            "to_account_manager": bool(actions.get("to_account_manager")),
        }


# --- SLA -----------------------------------------------------------------------------------------

TARGETS = ("first_response_target", "next_response_target", "resolution_target")


def _minutes(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=1, max_value=90 * 24 * 60, required=False, help_text=_("Minutes; empty: none.")
    )


class SlaPolicyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0, help_text=_("Tried in order."))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    is_default = forms.BooleanField(label=_("Default: applies when no other policy does"), required=False)
    priorities = _multi(_("Priorities"), Priority.choices, int)
    tiers = _multi(_("Tiers"), Tier.choices, int)
    vip_levels = _multi(_("VIP levels"), VipLevel.choices)
    channels = _multi(_("Channels"), Channel.choices)
    categories = _multi(_("Categories"), Category.choices)
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"), queryset=Team.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    first_response_target = _minutes(_("First response within"))
    next_response_target = _minutes(_("Next response within"))
    resolution_target = _minutes(_("Resolved within"))
    warning_percent = forms.IntegerField(
        label=_("Warn at (percent elapsed)"), min_value=1, max_value=99, required=False
    )
    warn_notify_assignee = forms.BooleanField(label=_("Warning: notify the assignee"), required=False)
    breach_notify_assignee = forms.BooleanField(label=_("Breach: notify the assignee"), required=False)
    breach_notify_leads = forms.BooleanField(label=_("Breach: notify leads and supervisors"), required=False)
    breach_raise_priority = forms.BooleanField(label=_("Breach: raise the priority one step"), required=False)
    breach_escalate = forms.BooleanField(label=_("Breach: escalate to the next tier"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = Team.objects.order_by("tier", "name")  # type: ignore[attr-defined]

    def policy_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("teams", None)
        for name in TARGETS:
            data[name] = None if data[name] is None else dt.timedelta(minutes=data[name])
        return data

    @classmethod
    def initial_for(cls, policy: SlaPolicy) -> dict[str, Any]:
        initial = {name: getattr(policy, name) for name in cls.base_fields if name != "teams"}
        for name in TARGETS:
            value = getattr(policy, name)
            initial[name] = None if value is None else int(value.total_seconds() // 60)
        initial["teams"] = list(policy.teams.all())
        return initial


class CalendarForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        initial="UTC",
        help_text=_("An IANA name such as Asia/Singapore."),
    )
    always_open = forms.BooleanField(label=_("Open 24/7 (the weekly hours are ignored)"), required=False)
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams following it"),
        queryset=Team.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A team follows one calendar; a team with none works around the clock."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = Team.objects.order_by("tier", "name")  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(calendar: BusinessCalendar) -> dict[str, Any]:
        return {
            "name": calendar.name,
            "time_zone": calendar.time_zone,
            "always_open": calendar.always_open,
            "teams": [link.team for link in calendar.team_links.select_related("team")],
        }

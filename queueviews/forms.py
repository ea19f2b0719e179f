"""The saved view form: name, who shares it, the queue's filters as form fields, sort and columns.
It parses into the stored format (queueviews.filters); queueviews.services checks and writes."""

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from accounts.access import is_partner_agent
from accounts.models import Role, User
from queueviews.fieldfilters import PREFIX, field_filters, is_field_filter
from queueviews.filters import COLUMNS, DEFAULT_COLUMNS, LISTS, MAX_TAGS, MAX_TEXT, SORTS
from queueviews.models import Direction, SavedView, Scope
from routing.models import Team
from tickets.models import Category, Channel, Priority, Status, Tier

# Filter keys whose form field has another name (`team` is the team a shared view is kept for).
FIELD_OF = {"team": "filter_team", "tag": "tags"}
_PRIORITY_NAME = {str(p.value): p.name.lower() for p in Priority}
DATES = ("created_after", "created_before", "updated_after", "updated_before")


def filters_from_query(query: str) -> dict[str, Any]:
    """`status=open&status=new&q=fee` -> {"status": ["open", "new"], "q": "fee"}; other keys are kept
    for the service to refuse by name."""
    params = QueryDict(query.lstrip("?"))
    skip = {"view", "queue", "sort", "dir", "before", "page"}
    return {k: (params.getlist(k) if k in LISTS else params.get(k)) for k in params if k not in skip}


def form_field_of(key: str) -> str:
    """The form field that shows filter `key` (for the service's errors)."""
    if key == "cf" or key.startswith(PREFIX):
        return "custom_fields"
    return FIELD_OF.get(key, key)


def _checkboxes(label: Any, choices: list[tuple[Any, Any]]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


def _day(label: Any) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))


class SavedViewForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    scope = forms.ChoiceField(label=_("Shared with"), choices=Scope.choices, initial=Scope.PERSONAL)
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label=_("Everyone"),
        help_text=_("A shared view for one team is listed for its members only."),
    )
    # The filters: the queue page's, each as its own field.
    q = forms.CharField(
        label=_("Search text"),
        required=False,
        max_length=MAX_TEXT,
        help_text=_("Words in the subject or messages, customer name, user id or exact email"),
    )
    status = _checkboxes(_("Status"), Status.choices)
    priority = _checkboxes(_("Priority"), [(p.name.lower(), p.label) for p in Priority])
    filter_team = forms.ChoiceField(label=_("Ticket team"), required=False)
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    channel = _checkboxes(_("Channel"), Channel.choices)
    tier = _checkboxes(_("Tier"), [(str(value), label) for value, label in Tier.choices])
    language = forms.MultipleChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    category = _checkboxes(_("Category"), Category.choices)
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=600,
        help_text=_("Comma-separated; a ticket must carry every one."),
    )
    sla = forms.ChoiceField(
        label=_("SLA"),
        required=False,
        choices=[
            ("", _("Any SLA state")),
            ("breaching", _("Past a warning")),
            ("breached", _("Past a deadline")),
            ("on_track", _("On track")),
        ],
    )
    created_after = _day(_("Created on or after"))
    created_before = _day(_("Created before"))
    updated_after = _day(_("Updated on or after"))
    updated_before = _day(_("Updated before"))
    custom_fields = forms.CharField(
        label=_("Custom fields"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: cf_<key>=value, or cf_<key>__gte= / __lte= for numbers, amounts and dates."),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("", _("Newest first (or best match when searching)"))] + [(k, COLUMNS[k]) for k in SORTS],
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Direction.choices, initial=Direction.DESC, widget=forms.RadioSelect
    )
    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        choices=list(COLUMNS.items()),
        initial=list(DEFAULT_COLUMNS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        may_share: bool,
        view: SavedView | None = None,
        filters: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        initial = kwargs.setdefault("initial", {})
        if view is not None:
            initial.update(
                {
                    "name": view.name,
                    "scope": view.scope,
                    "team": view.team_id,
                    "sort": view.sort,
                    "direction": view.direction,
                    "columns": view.columns,
                }
            )
            filters = view.filters
        initial.update(self.initial_from_filters(filters or {}))
        super().__init__(*args, **kwargs)
        if not may_share or view is not None:
            # Only supervisors and admins share; a view keeps the scope it was made with.
            del self.fields["scope"]
        if not may_share or (view is not None and view.scope == Scope.PERSONAL):
            del self.fields["team"]
        self._offer_teams_and_agents(user, initial)

    @staticmethod
    def initial_from_filters(filters: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in filters.items():
            if key == "tag":
                out["tags"] = ", ".join(value if isinstance(value, list) else [str(value)])
            elif key in LISTS:
                values = value if isinstance(value, list) else [value]
                if key == "priority":
                    # The queue's address gives numbers, a view names.
                    values = [_PRIORITY_NAME.get(str(v), v) for v in values]
                out[key] = values
            elif not is_field_filter(key):
                out[FIELD_OF.get(key, key)] = value
        out["custom_fields"] = "\n".join(f"{k}={v}" for k, v in sorted(field_filters(filters).items()))
        return out

    def _offer_teams_and_agents(self, user: Any, initial: dict[str, Any]) -> None:
        """Partner agents pick among their own teams and colleagues; everyone else among all."""
        teams = Team.objects.order_by("name")
        agents = User.objects.filter(is_active=True, role__in=[Role.AGENT, Role.SUPERVISOR, Role.ADMIN])
        if is_partner_agent(user):
            teams = teams.filter(pk__in=user.teams.values("pk"))
            agents = agents.filter(teams__in=user.teams.all())
        team_choices = [(str(t.pk), t.name) for t in teams]
        agent_choices = [
            (str(a.pk), a.get_full_name() or a.username)
            for a in agents.distinct().order_by("first_name", "last_name", "username")
        ]
        # A stored id no longer offered stays selectable, so saving the view again keeps it.
        for name, choices in (("filter_team", team_choices), ("assignee", agent_choices)):
            stored = str(initial.get(name) or "")
            if stored and stored not in ("me", "none") and stored not in dict(choices):
                choices.append((stored, f"#{stored}"))
        self.fields["filter_team"].choices = [("", _t("Any team")), *team_choices]  # type: ignore[attr-defined]
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("", _t("Anyone or nobody")),
            ("me", _t("Me (whoever opens the view)")),
            ("none", _t("Unassigned")),
            *agent_choices,
        ]

    def clean_tags(self) -> list[str]:
        names = [n.strip() for n in self.cleaned_data.get("tags", "").split(",") if n.strip()]
        if len(names) > MAX_TAGS or any(len(n) > 50 for n in names):
            raise forms.ValidationError(_t("At most %(n)d tags of 50 characters.") % {"n": MAX_TAGS})
        return list(dict.fromkeys(names))

    def clean_custom_fields(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for line in self.cleaned_data.get("custom_fields", "").splitlines():
            if not line.strip():
                continue
            name, sep, value = line.strip().partition("=")
            name = name.strip()
            if not sep or not is_field_filter(name):
                raise forms.ValidationError(
                    _t("%(line)s is not cf_<key>=value (or cf_<key>__gte=, __lte=).") % {"line": line[:60]}
                )
            if name in out:
                raise forms.ValidationError(_t("%(name)s is given twice.") % {"name": name})
            out[name] = value.strip()
        return out

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for after, before in (("created_after", "created_before"), ("updated_after", "updated_before")):
            start, end = cleaned.get(after), cleaned.get(before)
            if isinstance(start, dt.date) and isinstance(end, dt.date) and start >= end:
                self.add_error(before, _t("This day must come after the first one."))
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The cleaned fields in the stored format: {"status": ["open"], "assignee": "me", ...}."""
        data = self.cleaned_data
        out: dict[str, Any] = {}
        for key in ("status", "priority", "channel", "tier", "language", "category"):
            if data.get(key):
                out[key] = list(data[key])
        if data.get("tags"):
            out["tag"] = data["tags"]
        for key in ("assignee", "sla", "q"):
            if (value := (data.get(key) or "").strip()) != "":
                out[key] = value
        if data.get("filter_team"):
            out["team"] = data["filter_team"]
        for key in DATES:
            if data.get(key):
                out[key] = data[key].isoformat()
        out.update(data.get("custom_fields") or {})
        return out

"""The saved view form: name, who shares it, the filters (as the queue's address has them), sort and
columns. It parses; queueviews.services checks and writes."""

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from queueviews.filters import COLUMNS, DEFAULT_COLUMNS, LISTS, SORTS, query_from_filters
from queueviews.models import Direction, SavedView, Scope
from routing.models import Team


def filters_from_query(query: str) -> dict[str, Any]:
    """`status=open&status=new&q=fee` -> {"status": ["open", "new"], "q": "fee"}; other keys are kept
    for the service to refuse by name."""
    params = QueryDict(query.lstrip("?"))
    skip = {"view", "queue", "sort", "dir", "before", "page"}
    return {k: (params.getlist(k) if k in LISTS else params.get(k)) for k in params if k not in skip}


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
    filters = forms.CharField(
        label=_("Filters"),
        required=False,
        max_length=2000,
        help_text=_(
            "As the queue's address has them, e.g. status=open&priority=high&assignee=me&q=withdrawal"
        ),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("", _("Newest first (or best match when searching)"))] + [(k, COLUMNS[k]) for k in SORTS],
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices, initial=Direction.DESC)
    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        choices=list(COLUMNS.items()),
        initial=list(DEFAULT_COLUMNS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, may_share: bool, view: SavedView | None = None, **kwargs: Any) -> None:
        if view is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": view.name,
                    "scope": view.scope,
                    "team": view.team_id,
                    "filters": query_from_filters(view.filters),
                    "sort": view.sort,
                    "direction": view.direction,
                    "columns": view.columns,
                },
            )
        super().__init__(*args, **kwargs)
        if not may_share or view is not None:
            # Only supervisors and admins share; a view keeps the scope it was made with.
            del self.fields["scope"]
        if not may_share or (view is not None and view.scope == Scope.PERSONAL):
            del self.fields["team"]

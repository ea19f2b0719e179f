"""The forms of two-person approval's pages. They parse and shape input; the rules (evidence required,
who may decide, valid parameters) are approvals.services', which refuse with a message the page shows."""

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.models import ActionKind, ApprovalPolicy, Evidence, RequestStatus, Verdict
from approvals.services import evidence_groups
from customers.models import VipLevel
from helpdesk.parsing import INT_MAX

MAX_REASON = 1000  # approvals.services.MAX_REASON
MAX_NOTE = 2000
# The actions that take parameters, and the form fields that carry them.
PARAM_FIELDS = {
    ActionKind.CHANGE_EMAIL: ("new_email",),
    ActionKind.RAISE_WITHDRAWAL_LIMIT: ("new_limit", "currency"),
}
REQUIRED = "required"
ANY_OF = "any_of"
ORDER = {REQUIRED: 0, ANY_OF: 1}


def evidence_field_name(action: str) -> str:
    return f"evidence_{action}"


class RequestForm(forms.Form):
    """A maker's request from the ticket page: one action of those the customer's policies enable, the
    evidence checklist of that action (a set of boxes per action, so only the chosen one's count), and
    the action's parameters."""

    action = forms.ChoiceField(label=_("Action"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the customer asked, and how you established it is them."),
    )
    new_email = forms.EmailField(label=_("New email"), required=False, max_length=254)
    new_limit = forms.DecimalField(
        label=_("New daily limit"), required=False, min_value=0, max_digits=18, decimal_places=2
    )
    currency = forms.CharField(label=_("Currency"), required=False, max_length=10, initial="USD")

    def __init__(self, *args: Any, policies: Mapping[str, ApprovalPolicy], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ActionKind.choices)
        self.policies = {a: p for a, p in policies.items() if p.enabled}
        cast(forms.ChoiceField, self.fields["action"]).choices = [("", _("Choose an action"))] + [
            (a, labels[a]) for a in ActionKind.values if a in self.policies
        ]
        self.marks: dict[str, dict[str, str]] = {}
        for action, policy in self.policies.items():
            # Each box is "required", "one of" (any one of its group will do) or optional ("").
            marks: dict[str, str] = {}
            for group in evidence_groups(policy.evidence or []):
                for value in group:
                    marks[value] = REQUIRED if len(group) == 1 else marks.get(value) or ANY_OF
            self.marks[action] = marks
            ordered = sorted(Evidence, key=lambda e: ORDER.get(marks.get(e.value, ""), 2))
            self.fields[evidence_field_name(action)] = forms.MultipleChoiceField(
                label=_("Evidence"),
                required=False,
                choices=[(e.value, e.label) for e in ordered],
                widget=forms.CheckboxSelectMultiple,
            )

    def evidence_sets(self) -> list[dict[str, Any]]:
        """Per enabled action: its label, its evidence boxes (each with `required`), its parameters."""
        labels = dict(ActionKind.choices)
        sets = []
        for action in ActionKind.values:
            if action not in self.policies:
                continue
            bound = self[evidence_field_name(action)]
            marks = self.marks[action]
            sets.append(
                {
                    "action": action,
                    "label": labels[action],
                    "boxes": [(box, marks.get(box.data["value"], "")) for box in bound],
                    "params": [self[name] for name in PARAM_FIELDS.get(action, ())],  # type: ignore[call-overload]
                    "policy": self.policies[action],
                }
            )
        return sets

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = data.get("action")
        if action == ActionKind.CHANGE_EMAIL and not data.get("new_email"):
            self.add_error("new_email", _("Enter the new email address."))
        if action == ActionKind.RAISE_WITHDRAWAL_LIMIT:
            if data.get("new_limit") is None:
                self.add_error("new_limit", _("Enter the new limit."))
            if not data.get("currency"):
                self.add_error("currency", _("Enter the currency of the limit."))
        return data

    def evidence(self) -> dict[str, bool]:
        ticked = set(self.cleaned_data.get(evidence_field_name(self.cleaned_data["action"])) or [])
        return {e: e in ticked for e in Evidence.values}

    def params(self) -> dict[str, str]:
        data = self.cleaned_data
        if data["action"] == ActionKind.CHANGE_EMAIL:
            return {"new_email": data["new_email"]}
        if data["action"] == ActionKind.RAISE_WITHDRAWAL_LIMIT:
            return {"new_limit": str(data["new_limit"]), "currency": data["currency"].strip().upper()}
        return {}


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 2})
    )
    otp = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class CancelForm(forms.Form):
    note = forms.CharField(
        label=_("Why"), required=False, max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 2})
    )


# The queue's status filter: the open ones by default, one status, or everything.
STATUS_OPEN = "open"
STATUS_ALL = "all"


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(STATUS_OPEN, _("Open")), *RequestStatus.choices, (STATUS_ALL, _("All"))],
    )
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Every action")), *ActionKind.choices]
    )
    mine = forms.BooleanField(label=_("Waiting for me"), required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000, widget=forms.HiddenInput)


APPROVERS_CHOICES = [(1, _("One approver")), (2, _("Two approvers"))]


class PolicyForm(forms.Form):
    enabled = forms.BooleanField(label=_("May be requested"), required=False)
    evidence = forms.MultipleChoiceField(
        label=_("Evidence required"),
        required=False,
        choices=Evidence.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each ticked item is required."),
    )
    any_of = forms.MultipleChoiceField(
        label=_("And at least one of"),
        required=False,
        choices=Evidence.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick two or more: any one of them will do. Leave empty for none."),
    )
    approvers_required = forms.TypedChoiceField(
        label=_("Approvers required"), choices=APPROVERS_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    in_house_only = forms.BooleanField(
        label=_("In-house approvers only"),
        required=False,
        help_text=_("Agents of partner teams may not approve."),
    )
    cooling_off_hours = forms.IntegerField(
        label=_("Cooling-off (hours)"),
        max_value=INT_MAX,
        help_text=_("The action runs no sooner than this after the last approval."),
    )
    expires_after_hours = forms.IntegerField(label=_("Expires after (hours)"), max_value=INT_MAX)
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the audit log with the change."),
    )

    @staticmethod
    def initial_from(policy: ApprovalPolicy) -> dict[str, Any]:
        groups = evidence_groups(policy.evidence or [])
        any_of = next((g for g in groups if len(g) > 1), [])
        return {
            "enabled": policy.enabled,
            "evidence": [g[0] for g in groups if len(g) == 1],
            "any_of": any_of,
            "approvers_required": policy.approvers_required,
            "in_house_only": policy.in_house_only,
            "cooling_off_hours": policy.cooling_off_hours,
            "expires_after_hours": policy.expires_after_hours,
        }

    def clean_any_of(self) -> list[str]:
        chosen = list(self.cleaned_data.get("any_of") or [])
        if len(chosen) == 1:
            raise forms.ValidationError(_("Tick two or more, or tick it above as required."))
        return chosen

    def fields_to_save(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("reason", None)
        any_of = data.pop("any_of", [])
        evidence: list[Any] = list(data["evidence"])
        if any_of:
            evidence.append(list(any_of))
        data["evidence"] = evidence
        return data


# The policy table's columns: the every-level policy, then each VIP level's own.
LEVEL_ALL = "all"


def level_choices() -> list[tuple[str, str]]:
    return [(LEVEL_ALL, str(_("Every level"))), *((v, str(label)) for v, label in VipLevel.choices)]

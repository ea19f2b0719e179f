"""Routing is configured here through the same services as the API (routing.services.config), so
every change is validated alike and written to the audit log with the reason given."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from customers.models import VipLevel
from helpdesk.admin import AuditedAdmin
from routing.models import (
    AgentStatus,
    Holiday,
    RoutingRule,
    Shift,
    Skill,
    Team,
    TeamMembership,
    VipPolicy,
)
from routing.rules import ShiftSpec
from routing.services import (
    RULE_FIELDS,
    TEAM_FIELDS,
    HolidaySpec,
    MemberSpec,
    routing_rule_delete,
    routing_rule_save,
    team_delete,
    team_save,
    vip_policy_delete,
    vip_policy_save,
)
from routing.signals import agents_gained_room_on_commit


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 1
    autocomplete_fields = ("user",)


class ShiftInline(admin.TabularInline):
    model = Shift
    extra = 0


class HolidayInline(admin.TabularInline):
    model = Holiday
    extra = 0


def _kept_rows(formsets: Any, model: type) -> list[dict[str, Any]] | None:
    """The rows an inline holds after this save, or None when the page had no such inline."""
    for formset in formsets:
        if formset.model is model:
            return [
                f.cleaned_data
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE", False)
            ]
    return None


class NetworksField(forms.CharField):
    """A list of networks edited as lines of text; Team.clean says which entries are not networks."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list):
            return [str(line).strip() for line in value if str(line).strip()]
        return [line.strip() for line in str(value or "").splitlines() if line.strip()]


class TeamForm(forms.ModelForm):
    skills = forms.TypedMultipleChoiceField(
        label=_("skills"), choices=Skill.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.TypedMultipleChoiceField(
        label=_("languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Languages the team answers in; none: any."),
    )
    ip_allow_list = NetworksField(
        label=_("allowed addresses"),
        required=False,
        help_text=_(
            "Partner teams: the networks their agents may work from, one per line in CIDR notation "
            "(203.0.113.0/24, 2001:db8::/32); empty for any address."
        ),
    )

    class Meta:
        model = Team
        fields = TEAM_FIELDS
        help_texts = {"time_zone": _("An IANA name such as Europe/Berlin; shifts are in this zone.")}


@admin.register(Team)
class TeamAdmin(AuditedAdmin):
    form = TeamForm
    audited_by_services = True
    list_display = (
        "name",
        "tier",
        "region",
        "time_zone",
        "chat_capacity",
        "ticket_capacity",
        "vip_reserved_capacity",
        "wait_target_seconds",
        "is_outsourced",
        "allows_attachment_download",
        "is_default",
    )
    list_filter = ("tier", "is_outsourced", "allows_attachment_download", "is_default")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [TeamMembershipInline, ShiftInline, HolidayInline]

    def save_model(self, request: HttpRequest, obj: Team, form: Any, change: bool) -> None:
        # Saved with its shifts, holidays and members in save_related: one call of team_save, one
        # transaction, one audit event with the whole before and after.
        return None

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        shifts = _kept_rows(formsets, Shift)
        holidays = _kept_rows(formsets, Holiday)
        members = _kept_rows(formsets, TeamMembership)
        team = team_save(
            actor=request.user,  # type: ignore[arg-type]
            team=form.instance if change else None,
            fields={name: form.cleaned_data[name] for name in TEAM_FIELDS if name in form.cleaned_data},
            shifts=None
            if shifts is None
            else [ShiftSpec(weekday=int(r["weekday"]), start=r["start"], end=r["end"]) for r in shifts],
            holidays=None
            if holidays is None
            else [HolidaySpec(date=r["date"], name=r.get("name", "")) for r in holidays],
            members=None
            if members is None
            else [MemberSpec(user_id=r["user"].pk, is_lead=bool(r.get("is_lead"))) for r in members],
        )
        form.instance.pk = team.pk
        form.instance._state.adding = False
        for formset in formsets:
            # The admin's own change message reads these, which formset.save() would have set.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def delete_model(self, request: HttpRequest, obj: Team) -> None:
        team_delete(actor=request.user, team=obj)  # type: ignore[arg-type]


class VipPolicyForm(forms.ModelForm):
    # Only levels a customer can have: a policy for another level would never apply.
    level = forms.ChoiceField(label=_("VIP level"), choices=VipLevel.choices)

    class Meta:
        model = VipPolicy
        fields = ("level", "rank", "priority_boost")


@admin.register(VipPolicy)
class VipPolicyAdmin(AuditedAdmin):
    form = VipPolicyForm
    audited_by_services = True
    list_display = ("level", "rank", "priority_boost")

    def save_model(self, request: HttpRequest, obj: VipPolicy, form: Any, change: bool) -> None:
        policy = vip_policy_save(
            actor=request.user,  # type: ignore[arg-type]
            policy=obj if change else None,
            level=obj.level,
            rank=obj.rank,
            priority_boost=obj.priority_boost,
        )
        obj.pk = policy.pk
        obj._state.adding = False

    def delete_model(self, request: HttpRequest, obj: VipPolicy) -> None:
        vip_policy_delete(actor=request.user, policy=obj)  # type: ignore[arg-type]


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ("position", "name", "is_active", "conditions", "actions", "stop")
        widgets: dict[str, Any] = {
            "conditions": forms.Textarea(attrs={"rows": 6, "cols": 80}),
            "actions": forms.Textarea(attrs={"rows": 3, "cols": 80}),
        }


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedAdmin):
    form = RoutingRuleForm
    audited_by_services = True
    list_display = ("position", "name", "is_active", "stop", "updated_at")
    list_display_links = ("name",)
    list_editable = ("position", "is_active")
    ordering = ("position", "id")

    def save_model(self, request: HttpRequest, obj: RoutingRule, form: Any, change: bool) -> None:
        # The changelist's inline edits send only position and active; the rest stays as stored.
        fields = {name: getattr(obj, name) for name in RULE_FIELDS if name in form.cleaned_data}
        rule = routing_rule_save(actor=request.user, rule=obj if change else None, fields=fields)  # type: ignore[arg-type]
        obj.pk = rule.pk
        obj._state.adding = False

    def delete_model(self, request: HttpRequest, obj: RoutingRule) -> None:
        routing_rule_delete(actor=request.user, rule=obj)  # type: ignore[arg-type]


@admin.register(AgentStatus)
class AgentStatusAdmin(AuditedAdmin):
    list_display = (
        "user",
        "presence",
        "last_seen_at",
        "last_assigned_at",
        "chat_capacity",
        "ticket_capacity",
    )
    list_filter = ("presence",)
    search_fields = ("user__username",)

    def save_model(self, request: HttpRequest, obj: AgentStatus, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # A capacity raised or a presence set here may let waiting chats be offered now.
        agents_gained_room_on_commit()

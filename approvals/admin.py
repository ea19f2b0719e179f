"""Approvals in the stock admin, to look: requests, verdicts and risk assessments are written by the
services alone. Policies may be edited here too, through the same service as their own page (validated,
audited)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from accounts.models import User
from approvals.models import ApprovalDecision, ApprovalPolicy, ApprovalRequest, RiskAssessment
from approvals.services import POLICY_FIELDS_ALL, approval_policy_check, approval_policy_save
from helpdesk.admin import AuditedAdmin, ReadOnlyAdmin


class DecisionInline(admin.TabularInline):
    model = ApprovalDecision
    fields = ("created_at", "approver", "verdict", "note", "second_factor")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "status", "ticket", "requested_by", "risk_level", "attempts")
    list_filter = ("status", "action", "risk_level", "needs_security_team")
    search_fields = ("ticket__id", "customer__external_id", "requested_by__username", "idempotency_key")
    raw_id_fields = ("ticket", "customer", "requested_by", "risk")
    date_hierarchy = "created_at"
    inlines = [DecisionInline]
    show_full_result_count = False


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "ticket", "trigger", "level", "score")
    list_filter = ("level", "trigger")
    raw_id_fields = ("ticket",)
    date_hierarchy = "created_at"
    show_full_result_count = False


class PolicyForm(forms.ModelForm):
    class Meta:
        model = ApprovalPolicy
        fields = ("action", "vip_level", *POLICY_FIELDS_ALL)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            approval_policy_check({name: cleaned.get(name) for name in POLICY_FIELDS_ALL})
        return cleaned


@admin.register(ApprovalPolicy)
class ApprovalPolicyAdmin(AuditedAdmin):
    # approval_policy_save validates and writes the audit record.
    audited_by_services = True
    list_display = (
        "action",
        "vip_level",
        "enabled",
        "approvers_required",
        "in_house_only",
        "cooling_off_hours",
        "expires_after_hours",
    )
    list_filter = ("action", "vip_level")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a level without its own row falls back; turning an action off is `enabled`

    form = PolicyForm

    def save_model(self, request: HttpRequest, obj: ApprovalPolicy, form: Any, change: bool) -> None:
        fields = {name: getattr(obj, name) for name in POLICY_FIELDS_ALL}
        assert isinstance(request.user, User)  # the admin site lets only staff in
        saved = approval_policy_save(actor=request.user, action=obj.action, vip_level=obj.vip_level, **fields)
        obj.pk = saved.pk

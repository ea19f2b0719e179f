from typing import Any

from django import forms
from django.contrib import admin

from routing.models import AgentStatus, Holiday, RoutingRule, Shift, Team, TeamMembership, VipPolicy


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


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
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
        "is_default",
    )
    list_filter = ("tier", "is_outsourced", "is_default")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [TeamMembershipInline, ShiftInline, HolidayInline]


@admin.register(VipPolicy)
class VipPolicyAdmin(admin.ModelAdmin):
    list_display = ("level", "rank", "priority_boost")


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ("position", "name", "is_active", "conditions", "actions", "stop")
        widgets: dict[str, Any] = {
            "conditions": forms.Textarea(attrs={"rows": 6, "cols": 80}),
            "actions": forms.Textarea(attrs={"rows": 3, "cols": 80}),
        }


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    form = RoutingRuleForm
    list_display = ("position", "name", "is_active", "stop", "updated_at")
    list_display_links = ("name",)
    list_editable = ("position", "is_active")
    ordering = ("position", "id")


@admin.register(AgentStatus)
class AgentStatusAdmin(admin.ModelAdmin):
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

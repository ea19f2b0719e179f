from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from customers.models import VipLevel
from helpdesk.admin import AuditedAdmin, ReadOnlyAdmin
from sla.models import (
    BusinessCalendar,
    BusinessHours,
    CalendarHoliday,
    SlaNotification,
    SlaPolicy,
    TeamCalendar,
    TicketClock,
)
from tickets.models import Category, Channel, Priority, Tier


def _choices(label: Any, choices: Any, coerce: Any = str) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=label,
        choices=choices,
        coerce=coerce,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any."),
    )


class SlaPolicyForm(forms.ModelForm):
    tiers = _choices(_("tiers"), Tier.choices, int)
    priorities = _choices(_("priorities"), Priority.choices, int)
    vip_levels = _choices(_("VIP levels"), VipLevel.choices)
    channels = _choices(_("channels"), Channel.choices)
    categories = _choices(_("categories"), Category.choices)

    class Meta:
        model = SlaPolicy
        fields = (
            "position",
            "name",
            "is_active",
            "is_default",
            "tiers",
            "priorities",
            "vip_levels",
            "channels",
            "categories",
            "teams",
            "first_response_target",
            "next_response_target",
            "resolution_target",
            "warning_percent",
            "warn_notify_assignee",
            "breach_notify_assignee",
            "breach_notify_leads",
            "breach_raise_priority",
            "breach_escalate",
        )


@admin.action(description=_("Recompute the deadlines of every open ticket"))
def recompute_open(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    from sla.tasks import sla_recompute_open_task

    sla_recompute_open_task.delay()
    modeladmin.message_user(
        request, _("Open tickets are being recomputed in the background."), level=messages.SUCCESS
    )


@admin.register(SlaPolicy)
class SlaPolicyAdmin(AuditedAdmin):
    form = SlaPolicyForm
    list_display = (
        "position",
        "name",
        "is_active",
        "is_default",
        "first_response_target",
        "next_response_target",
        "resolution_target",
        "breach_raise_priority",
        "breach_escalate",
    )
    list_display_links = ("name",)
    list_editable = ("position", "is_active")
    ordering = ("position", "id")
    filter_horizontal = ("teams",)
    actions = [recompute_open]
    fieldsets = (
        (None, {"fields": ("position", "name", "is_active", "is_default")}),
        (
            _("Applies to cases matching all of"),
            {"fields": ("tiers", "priorities", "vip_levels", "channels", "categories", "teams")},
        ),
        (
            _("Targets (business time, e.g. 00:15:00 or 3 00:00:00 for three days)"),
            {
                "fields": (
                    "first_response_target",
                    "next_response_target",
                    "resolution_target",
                    "warning_percent",
                )
            },
        ),
        (
            _("Actions"),
            {
                "fields": (
                    "warn_notify_assignee",
                    "breach_notify_assignee",
                    "breach_notify_leads",
                    "breach_raise_priority",
                    "breach_escalate",
                )
            },
        ),
    )


class BusinessHoursFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not kept and not self.instance.always_open:
            # Without hours the clock would never run and no case on this calendar could breach.
            raise forms.ValidationError(_("Add opening hours, or mark the calendar open 24/7."))


class BusinessHoursInline(admin.TabularInline):
    model = BusinessHours
    formset = BusinessHoursFormSet
    extra = 0


class CalendarHolidayInline(admin.TabularInline):
    model = CalendarHoliday
    extra = 0


class TeamCalendarInline(admin.TabularInline):
    model = TeamCalendar
    extra = 0
    verbose_name = _("team following this calendar")
    verbose_name_plural = _("teams following this calendar (a team without a calendar works 24/7)")


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(AuditedAdmin):
    list_display = ("name", "time_zone", "always_open", "updated_at")
    search_fields = ("name",)
    inlines = [TeamCalendarInline, BusinessHoursInline, CalendarHolidayInline]
    actions = [recompute_open]


@admin.register(TicketClock)
class TicketClockAdmin(ReadOnlyAdmin):
    """Read-only: clocks are kept by the SLA service; editing one by hand would break its counts."""

    list_display = (
        "ticket",
        "policy",
        "state",
        "first_response_due_at",
        "next_response_due_at",
        "resolution_due_at",
        "next_check_at",
        "exec_due_at",
        "exec_escalated_at",
    )
    list_filter = ("state", "policy")
    list_select_related = ("ticket", "policy")
    search_fields = ("ticket__id",)
    show_full_result_count = False


@admin.register(SlaNotification)
class SlaNotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "ticket", "recipient", "kind", "target", "emailed_at")
    list_filter = ("kind", "target")
    list_select_related = ("ticket", "recipient")
    raw_id_fields = ("ticket", "recipient")
    show_full_result_count = False

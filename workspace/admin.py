"""Tickets are read in the admin and changed only through the same services as everywhere else."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from casework.services import ticket_set_status
from helpdesk.admin import AuditedAdmin
from helpdesk.errors import DomainError
from tickets.models import Status, Tag, Ticket, TimelineEntry


class TimelineEntryInline(admin.TabularInline):
    model = TimelineEntry
    fields = ("created_at", "kind", "author", "channel", "body")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _status_action(status: Status) -> Any:
    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Ticket]) -> None:
        done, refused = 0, 0
        # The bulk action takes the single-ticket path, so each ticket gets its event and audit record.
        for ticket in queryset:
            try:
                ticket_set_status(ticket=ticket, actor=request.user, status=status)  # type: ignore[arg-type]
                done += 1
            except DomainError:
                refused += 1
        modeladmin.message_user(request, f"{done} ticket(s) set to {status.label}.", messages.SUCCESS)
        if refused:
            modeladmin.message_user(
                request, f"{refused} ticket(s) cannot move to {status.label}.", messages.WARNING
            )

    action.__name__ = f"set_{status.value}"
    return admin.action(description=f"Set status: {status.label}")(action)


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "subject",
        "status",
        "priority",
        "channel",
        "tier",
        "team",
        "assignee",
        "created_at",
    )
    list_filter = ("status", "priority", "channel", "tier", "team")
    search_fields = ("subject", "customer__external_id")
    list_select_related = ("team", "assignee")
    show_full_result_count = False
    inlines = [TimelineEntryInline]
    actions = [_status_action(s) for s in (Status.OPEN, Status.PENDING, Status.SOLVED, Status.CLOSED)]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)


@admin.register(Tag)
class TagAdmin(AuditedAdmin):
    search_fields = ("name",)

"""Incidents change only through their services (the pages and the API): the admin shows them."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from helpdesk.admin import ReadOnlyAdmin
from incidents.models import Incident, IncidentDelivery, IncidentLink, IncidentMessage, IncidentUpdate


class MessageInline(admin.TabularInline):
    model = IncidentMessage
    extra = 0
    can_delete = False
    fields = ("language", "text")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = ("title", "status", "declared_by", "declared_at", "resolved_at")
    list_filter = ("status",)
    search_fields = ("title",)


@admin.register(IncidentUpdate)
class IncidentUpdateAdmin(ReadOnlyAdmin):
    list_display = ("incident", "status", "posted_by", "posted_at", "job_state", "total", "done", "failed")
    list_filter = ("job_state", "status")
    list_select_related = ("incident", "posted_by")
    inlines = [MessageInline]


@admin.register(IncidentLink)
class IncidentLinkAdmin(ReadOnlyAdmin):
    list_display = ("incident", "ticket", "source", "reason", "linked_at", "unlinked_at")
    list_filter = ("source",)
    list_select_related = ("incident", "ticket")
    raw_id_fields = ("ticket",)


@admin.register(IncidentDelivery)
class IncidentDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("update", "ticket", "state", "detail", "solved", "done_at")
    list_filter = ("state",)
    list_select_related = ("update", "ticket")
    raw_id_fields = ("ticket",)

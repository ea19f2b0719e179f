from django.contrib import admin

from audit.models import AuditCheckpoint, AuditEvent, AuditSeal
from helpdesk.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor_label", "action", "object_type", "object_repr", "reason", "ip")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_id", "object_repr")
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(AuditSeal)
class AuditSealAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "first_event_id", "last_event_id", "event_count", "digest")


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnlyAdmin):
    list_display = ("number", "created_at", "last_event_id", "event_count", "head_digest")

from django.contrib import admin

from helpdesk.admin import ReadOnlyAdmin
from livechat.models import Conversation


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin):
    """Read-only: a chat changes only through its services (the console, the widget, the sweep)."""

    list_display = (
        "ticket",
        "status",
        "is_verified",
        "topic",
        "language",
        "created_at",
        "accepted_at",
        "rating",
    )
    list_filter = ("status", "is_verified", "language")
    search_fields = ("ticket__id", "topic")
    list_select_related = ("ticket",)
    raw_id_fields = ("ticket", "offered_to", "left_message")
    date_hierarchy = "created_at"

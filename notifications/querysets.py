"""Reads of a person's own notifications (nobody reads another's)."""

from django.db.models import QuerySet

from accounts.models import User
from notifications.models import Notification

RECENT = 10
PAGE = 50


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def recent_for(user: User, *, limit: int = PAGE, unread_only: bool = False) -> list[Notification]:
    """The newest first, with the actor for the text (one statement)."""
    rows: QuerySet[Notification] = Notification.objects.filter(recipient=user)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return list(rows.select_related("actor").order_by("-created_at", "-pk")[:limit])

"""Presence follows the session: an agent who signs out or is deactivated is offline at once.

Without this, offers and pushed cases kept reaching a signed-out agent until their heartbeats
lapsed (the presence TTL). Signing out and deactivation come through several doors (the sign-out
view, the admin, the API, a shell), so the signals every door sends are the place to catch them.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver

from routing.models import AgentStatus, Presence
from routing.services.assignment import agent_presence_set


def _go_offline(user: Any) -> None:
    if AgentStatus.objects.filter(user=user).exclude(presence=Presence.OFFLINE).exists():
        agent_presence_set(user=user, presence=Presence.OFFLINE)


@receiver(user_logged_out, dispatch_uid="routing-offline-on-logout")
def offline_on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        _go_offline(user)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="routing-offline-when-deactivated")
def offline_when_deactivated(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created and not instance.is_active:
        _go_offline(instance)

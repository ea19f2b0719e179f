"""A chat socket dies with its session (DESIGN.md, "Security by design").

Signing out and deactivating an agent are changes that may come through any door (the sign-out
view, the admin, the API, a shell), so the consoles are told here, from the signals every door
sends, rather than from each view.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from livechat import events


def _close_consoles(user_id: int, session: str | None) -> None:
    events.publish_on_commit(events.agent_group(user_id), {"type": "agent.session_ended", "session": session})


@receiver(user_logged_out, dispatch_uid="livechat-close-consoles-on-logout")
def close_consoles_of_session(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # Sent before the session is flushed: its key still names the consoles it opened.
    if user is None or request is None:
        return
    session_key = getattr(request.session, "session_key", None)
    _close_consoles(user.pk, events.session_digest(session_key) if session_key else None)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="livechat-close-consoles-inactive")
def close_consoles_of_deactivated(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created and not instance.is_active:
        _close_consoles(instance.pk, None)


@receiver(post_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="livechat-close-consoles-deleted")
def close_consoles_of_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    _close_consoles(instance.pk, None)

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.middleware import session_started


@receiver(user_logged_in, dispatch_uid="accounts-staff-session-started")
def _session_started(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # The clock of the maximum session length starts at sign-in, whatever the door.
    if request is not None and hasattr(request, "session"):
        session_started(request)

"""The chat's bound on row-lock waits: helpdesk/busy.py's, at LIVECHAT_LOCK_TIMEOUT_MS.

The widget's HTTP calls and the sockets' database threads wait at most that long for a chat's
conversation row; nothing is written when they give up, and the caller answers "busy, try again"
(HTTP) or tries again itself (sockets).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

from helpdesk.busy import BUSY_SQLSTATES, is_busy
from helpdesk.busy import bounded_lock_wait as _bounded_lock_wait

__all__ = ["BUSY_SQLSTATES", "bounded_lock_wait", "is_busy"]


@contextmanager
def bounded_lock_wait() -> Iterator[None]:
    with _bounded_lock_wait(settings.LIVECHAT_LOCK_TIMEOUT_MS):
        yield

# Before anything else: the recursion limit as Python set it (see helpdesk/recursion.py).
from . import recursion  # noqa: F401
from .celery import app as celery_app

__all__ = ["celery_app"]

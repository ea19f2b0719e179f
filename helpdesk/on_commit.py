"""Work that runs after the caller's transaction commits and may fail without undoing it."""

import functools
from collections.abc import Callable
from typing import ParamSpec

from django.db import transaction

P = ParamSpec("P")


def robust_on_commit(func: Callable[P, object], /, *args: P.args, **kwargs: P.kwargs) -> None:
    """`func(*args, **kwargs)` once the current transaction commits (at once outside one). If it raises,
    Django logs the error and the commit stands.

    Django's log line names the hook by its `__qualname__`: the hook registered here carries `func`'s,
    so the log says which function failed. A `functools.partial` or a callable object has none of its
    own, and registered as it is would fail on that log line instead of being logged."""

    def hook() -> None:
        func(*args, **kwargs)

    hook.__qualname__ = hook.__name__ = hook_name(func)
    transaction.on_commit(hook, robust=True)


def hook_name(func: Callable[..., object]) -> str:
    """What a failing `func` is logged as: its qualified name, a partial's function's, or the class of
    a callable object."""
    while isinstance(func, functools.partial):
        func = func.func
    name = getattr(func, "__qualname__", None)
    return name if isinstance(name, str) else type(func).__qualname__

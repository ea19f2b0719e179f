"""Who is acting, and from where, for the audit log: set once per request, read by audit_record."""

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    ip: str | None = None


_NO_CONTEXT = AuditContext()
_current: ContextVar[AuditContext] = ContextVar("audit_context", default=_NO_CONTEXT)


def current() -> AuditContext:
    return _current.get()


@contextlib.contextmanager
def audit_context(*, ip: str | None) -> Iterator[None]:
    token = _current.set(AuditContext(ip=ip))
    try:
        yield
    finally:
        _current.reset(token)

"""Who is acting, and from where, for the audit log: set once per request, read by audit_record."""

import contextlib
import dataclasses
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    ip: str | None = None
    reason: str = ""


_NO_CONTEXT = AuditContext()
_current: ContextVar[AuditContext] = ContextVar("audit_context", default=_NO_CONTEXT)


def current() -> AuditContext:
    return _current.get()


@contextlib.contextmanager
def audit_context(*, ip: str | None, reason: str = "") -> Iterator[None]:
    token = _current.set(AuditContext(ip=ip, reason=(reason or "").strip()[:500]))
    try:
        yield
    finally:
        _current.reset(token)


@contextlib.contextmanager
def audit_reason(reason: str) -> Iterator[None]:
    """Every audit event written inside carries this reason (the admin asks for one with each change)."""
    token = _current.set(dataclasses.replace(current(), reason=(reason or "").strip()[:500]))
    try:
        yield
    finally:
        _current.reset(token)

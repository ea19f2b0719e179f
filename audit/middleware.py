import functools
import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from audit.context import audit_context


def client_ip(request: HttpRequest) -> str | None:
    candidate = request.META.get("REMOTE_ADDR")
    if settings.HELPDESK_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            # Our own proxy appends the address it saw last; anything before it is client-supplied.
            candidate = forwarded.split(",")[-1].strip()
    return _address(candidate) if candidate else None


# Every request asks (the audit context, the clean room, the sign-in throttle), mostly for the same few
# addresses; an address that is not one is None. Bounded, as the value may come from the client.
@functools.lru_cache(maxsize=4096)
def _address(candidate: str) -> str | None:
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # API clients say why they change something in this header (X-Audit-Reason); the admin asks on
        # its forms. Read from META: `request.headers` builds a map of every header on first use.
        with audit_context(ip=client_ip(request), reason=request.META.get("HTTP_X_AUDIT_REASON", "")):
            return self.get_response(request)

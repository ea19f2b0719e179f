import ipaddress
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from rest_framework.authentication import get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from accounts.access import auditor_may_reach, is_auditor
from accounts.authentication import ExpiringTokenAuthentication
from audit.context import audit_context


def client_ip(request: HttpRequest) -> str | None:
    candidate = request.META.get("REMOTE_ADDR")
    if settings.HELPDESK_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            # Our own proxy appends the address it saw last; anything before it is client-supplied.
            candidate = forwarded.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(candidate)) if candidate else None
    except ValueError:
        return None


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # API clients say why they change something in this header; the admin asks on its forms.
        with audit_context(ip=client_ip(request), reason=request.headers.get("X-Audit-Reason", "")):
            return self.get_response(request)


class AuditorConfinementMiddleware:
    """Auditors reach only what accounts.access allows them (the audit log, the approvals read-only,
    their own account); every other page and API endpoint answers 403, including ones added later.

    API callers sign in with a token, which DRF reads only inside the view; the token is looked up
    here as well so a token cannot take an auditor past the rule.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = _user_of(request)
        if is_auditor(user):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return self.get_response(request)
            if match.route == "" and not match.app_names:
                # The site's root sends everyone to their landing page; an auditor's is the audit log.
                return HttpResponseRedirect(reverse("audit:event-list"))
            if not auditor_may_reach(match, request.method or "GET"):
                raise PermissionDenied("Auditors read the audit log and the approvals only.")
        return self.get_response(request)


def _user_of(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    # DRF's helper reads only request.META, which a Django request has as well.
    header = get_authorization_header(request).split()  # type: ignore[arg-type]
    if len(header) == 2 and header[0].lower() == b"token":
        try:
            found, _token = ExpiringTokenAuthentication().authenticate_credentials(header[1].decode())
        except (AuthenticationFailed, UnicodeError):
            # DRF refuses the same token in the view, with its own 401.
            return None
        return found
    return None

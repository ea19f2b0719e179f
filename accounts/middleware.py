"""Staff sessions: they end after STAFF_SESSION_MAX_HOURS and after STAFF_SESSION_IDLE_MINUTES without a
request, and one that still owes its second factor reaches only the pages that collect it."""

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device
from rest_framework.authentication import get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from accounts.access import (
    PENDING_SESSION_KEY,
    SEEN_AT_KEY,
    SIGNED_IN_AT_KEY,
    auditor_may_reach,
    is_auditor,
    second_factor_enforced,
    session_end_reason,
)
from accounts.authentication import token_authenticate
from accounts.models import User
from audit.services import audit_record

# The last-seen mark is rewritten at most this often, so a busy page does not save its session on
# every request; idle expiry is that much less exact.
SEEN_RESOLUTION_SECONDS = 30
EXPIRY_GRACE_SECONDS = 300

# Reachable without a verified second factor: signing in and out, what the public and the chat widget
# use, and the reference services the demo runs against. Paths, matched by prefix.
OPEN_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/healthz",
    "/livez",
    "/favicon.ico",
    "/help/",
    "/csat/s/",
    "/chat/api/",
    "/chat/demo/",
    "/reference-exchange/",
    "/reference-chains/",
    "/api/auth/token/",
    "/accounts/webauthn/jsi18n/",
)
VERIFY_PREFIXES = ("/accounts/login/verify/", "/accounts/webauthn/authentication/")
ENROL_PREFIXES = ("/accounts/security/", "/accounts/webauthn/registration/")


def session_started(request: HttpRequest, now: float | None = None) -> None:
    """Mark the start of a signed-in session (the sign-in signal calls it)."""
    now = time.time() if now is None else now
    request.session[SIGNED_IN_AT_KEY] = now
    request.session[SEEN_AT_KEY] = now
    _set_expiry(request, now)


def _set_expiry(request: HttpRequest, now: float) -> None:
    # The stored session (and the cookie) expire soon after the idle or the maximum age, whichever comes
    # first: the grace lets this middleware still read it and say why it ended.
    started = float(request.session.get(SIGNED_IN_AT_KEY, now))
    max_left = started + settings.STAFF_SESSION_MAX_HOURS * 3600 - now
    idle = settings.STAFF_SESSION_IDLE_MINUTES * 60
    request.session.set_expiry(max(1, int(min(idle, max_left)) + EXPIRY_GRACE_SECONDS))


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = time.time()
            started = request.session.get(SIGNED_IN_AT_KEY)
            seen = request.session.get(SEEN_AT_KEY)
            if started is None or seen is None:
                session_started(request, now)
            else:
                ended = session_end_reason(request.session, now)
                if ended:
                    return self.expire(request, ended)
                if now - float(seen) >= SEEN_RESOLUTION_SECONDS:
                    request.session[SEEN_AT_KEY] = now
                    _set_expiry(request, now)
        return self.get_response(request)

    @staticmethod
    def expire(request: HttpRequest, why: str) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)
        audit_record(action="accounts.session.expired", obj=user, actor=user, after={"reason": why})
        logout(request)
        message = (
            _("Your session ended after %(hours)d hours; sign in again.")
            % {"hours": settings.STAFF_SESSION_MAX_HOURS}
            if why == "max_age"
            else _("Your session ended after %(minutes)d minutes without activity; sign in again.")
            % {"minutes": settings.STAFF_SESSION_IDLE_MINUTES}
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"message": message, "status": 401, "code": "session_expired"}, status=401)
        login_url = reverse("accounts:login")
        if request.headers.get("HX-Request"):
            # A fragment's own address is no place to come back to: the page goes to sign in.
            return HttpResponse(
                message, status=401, headers={"HX-Redirect": f"{login_url}?{urlencode({'expired': why})}"}
            )
        query = urlencode({"next": request.get_full_path(), "expired": why})
        return HttpResponseRedirect(f"{login_url}?{query}")


def second_factor_step(request: HttpRequest) -> str:
    """What the signed-in user still owes: "" (nothing), "verify" or "enrol"."""
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return ""
    if request.session.get(PENDING_SESSION_KEY):
        return "verify"
    if second_factor_enforced(user):
        return "verify" if user_has_device(user, confirmed=True) else "enrol"
    return ""


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if (
            not request.user.is_authenticated
            or path.startswith(OPEN_PREFIXES)
            or path.startswith("/" + settings.STATIC_URL.lstrip("/"))
            # A token request is DRF's to authenticate; the session is not what signs it in.
            or (path.startswith("/api/") and "HTTP_AUTHORIZATION" in request.META)
        ):
            return self.get_response(request)
        step = second_factor_step(request)
        if not step or path.startswith(VERIFY_PREFIXES if step == "verify" else ENROL_PREFIXES):
            return self.get_response(request)
        return self.refuse(request, step)

    @staticmethod
    def refuse(request: HttpRequest, step: str) -> HttpResponse:
        target = reverse("accounts:verify" if step == "verify" else "accounts:security")
        if request.path.startswith("/api/"):
            message = (
                _("Confirm your second factor at %(url)s before using the API with this session.")
                if step == "verify"
                else _("Your account must sign in with a second factor: set one up at %(url)s first.")
            ) % {"url": target}
            return JsonResponse(
                {"message": message, "status": 403, "code": "second_factor_required"}, status=403
            )
        if request.headers.get("HX-Request"):
            # Fragments (the presence heartbeat of the verify page's own top bar) are refused quietly:
            # sending the page elsewhere would take the person off the form they are filling in.
            return HttpResponse(status=403)
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


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
                raise PermissionDenied(_("Auditors read the audit log and the approvals only."))
        return self.get_response(request)


def _user_of(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    # DRF's helper reads only request.META, which a Django request has as well.
    header = get_authorization_header(request).split()  # type: ignore[arg-type]
    if len(header) == 2 and header[0].lower() == b"token":
        try:
            found, _token = token_authenticate(request, header[1].decode())
        except (AuthenticationFailed, UnicodeError):
            # DRF refuses the same token in the view, with its own 401.
            return None
        return found
    return None

import functools
import http.client
import zoneinfo
from collections.abc import Callable
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.http.response import HttpResponseBase
from django.template import loader
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, empty


class AgentTimezoneMiddleware:
    """Shows every time in the signed-in user's own time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tzname = getattr(request.user, "time_zone", "") if request.user.is_authenticated else ""
        if tzname:
            try:
                timezone.activate(zoneinfo.ZoneInfo(tzname))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class RefuseNulMiddleware:
    """A 400 for a NUL character in the path, the query string or a url-encoded form.

    PostgreSQL cannot store or even compare text holding NUL, so one that reaches a lookup such as
    `filter(slug=request.GET["article"])` is a database error. Forms refuse it field by field; this
    refuses it once for the views that read the request directly. (A lone surrogate cannot arrive
    this way: Django decodes the URL and forms with errors="replace". JSON bodies are checked by
    helpdesk.api.JSONParser and the chat widget.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _has_nul(request.GET):
            return _nul_refused(request, "the address")
        if request.content_type == "application/x-www-form-urlencoded" and _has_nul(request.POST):
            return _nul_refused(request, "the form")
        return self.get_response(request)


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


def _nul_refused(request: HttpRequest, where: str) -> HttpResponse:
    message = f"Null characters are not allowed in {where}."
    if request.path.startswith("/api/"):
        return JsonResponse({"message": message, "status": 400, "code": "invalid"}, status=400)
    page = loader.render_to_string("400.html", {"message": message}, request=request)
    return HttpResponse(page, status=400)


# What a view may set on its response to change its policy (django-csp's decorators): a response with
# none of them, whose page used no nonce, gets the settings' policy as it is.
_OWN_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


@functools.cache
def _settings_policy(report_only: bool) -> str:
    return build_policy(report_only=report_only)


@receiver(setting_changed)
def _policy_settings_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"):
        _settings_policy.cache_clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the settings' policy written once per process.

    Most responses (every API answer, most pages) carry no policy of their own and use no nonce; django-csp
    builds the same header from the settings for each of them, which cost more than the rest of the
    security headers together. Those get the header built once; any other response (a nonce used, a
    view's own policy) is django-csp's, unchanged. The header is set, or left out, exactly as
    django-csp's `process_response` does.
    """

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in _OWN_POLICY
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (
            http.client.INTERNAL_SERVER_ERROR,
            http.client.NOT_FOUND,
        ):
            return response
        for header, setting, exempt, report_only in (
            (HEADER, "CONTENT_SECURITY_POLICY", "_csp_exempt", False),
            (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", "_csp_exempt_ro", True),
        ):
            policy = _settings_policy(report_only)
            if policy and header not in response and getattr(response, exempt, False) is False:
                prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ()
                if not request.path_info.startswith(tuple(prefixes)):
                    response[header] = policy
        # As django-csp: once the header is written, a nonce asked for could no longer be in it.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response


class LazyMessageMiddleware(MessageMiddleware):
    """Django's messages, with a request's storage built when something first reads or adds a message.

    An API call, a fragment or a redirect that never touches its messages has none to store: building
    the cookie and session storages for it, then asking them to store nothing, was most of this
    middleware's cost. A storage once built is updated as Django's middleware updates it.
    """

    def process_request(self, request: HttpRequest) -> None:
        request._messages = SimpleLazyObject(functools.partial(default_storage, request))  # type: ignore[attr-defined]

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        stored = getattr(request, "_messages", None)
        if isinstance(stored, SimpleLazyObject) and stored._wrapped is empty:
            return response
        return super().process_response(request, response)

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.template import loader
from django.utils import timezone


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

"""Error pages: JSON for API callers, the helpdesk's own pages elsewhere (never Django's debug pages).

Each JSON body has the shape of the API's other errors: a human `message`, the `status` and a `code`.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

# The REST API and the chat widget's own endpoints, whose callers read JSON.
JSON_PREFIXES = ("/api/", "/chat/api/")


def _api(request: HttpRequest) -> bool:
    return request.path.startswith(JSON_PREFIXES)


def _error(request: HttpRequest, status: int, code: str, message: str, template: str) -> HttpResponse:
    if _api(request):
        return JsonResponse({"message": message, "status": status, "code": code}, status=status)
    return HttpResponse(loader.render_to_string(template, request=request), status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 400, "bad_request", "The request could not be read.", "400.html")


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 403, "permission_denied", "You may not do this.", "403.html")


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 404, "not_found", "Not found.", "404.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if _api(request):
        return JsonResponse(
            {"message": f"CSRF check failed: {reason}", "status": 403, "code": "csrf_failed"}, status=403
        )
    return HttpResponse(loader.render_to_string("403_csrf.html", request=request), status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    if _api(request):
        return JsonResponse(
            {"message": "Internal error; nothing was changed.", "status": 500, "code": "server_error"},
            status=500,
        )
    # No request context: whatever broke the page may break the context processors too.
    return HttpResponse(loader.render_to_string("500.html"), status=500)


def livez(request: HttpRequest) -> HttpResponse:
    """The liveness probe: the process answers HTTP. It reads neither the database nor Redis, so an
    outage of either takes pods out of service (the readiness probe, /healthz) but restarts none."""
    return HttpResponse("ok\n", content_type="text/plain")

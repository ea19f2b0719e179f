"""Error pages: JSON under /api/, HTML elsewhere."""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"message": "Not found.", "status": 404}, status=404)
    return HttpResponse(loader.render_to_string("404.html", request=request), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"message": "Internal error; nothing was changed.", "status": 500}, status=500)
    return HttpResponse(loader.render_to_string("500.html"), status=500)

"""What a locked-out sign-in sees (django-axes calls this; settings.AXES_LOCKOUT_CALLABLE)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext


def lockout_message() -> str:
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return gettext(
        "Too many failed sign-in attempts. Sign-in for this account and from this address is "
        "locked for %(minutes)d minutes; try again later, or ask an administrator to unlock it."
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    status = settings.AXES_HTTP_RESPONSE_CODE
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path.startswith("/api/"):
        body = {"message": lockout_message(), "status": status, "code": "locked_out"}
        return JsonResponse(body, status=status, headers={"Retry-After": retry_after})
    response = render(request, "accounts/locked_out.html", {"message": lockout_message()}, status=status)
    response["Retry-After"] = retry_after
    return response


def second_factor_lockout_message() -> str:
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return gettext(
        "Too many wrong codes. The second step of sign-in for this account is locked for up to "
        "%(minutes)d minutes; try again later, or ask an administrator."
    ) % {"minutes": minutes}

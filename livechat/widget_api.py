"""The HTTP endpoints of the chat widget (docs/livechat-protocol.md).

The widget runs on the exchange's site, so these answer cross-origin requests from the origins in
LIVECHAT_ALLOWED_ORIGINS (and the helpdesk's own). They take no cookies and no CSRF token: the
conversation token in the body is what authenticates every call after `start`.
"""

import uuid
from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import OperationalError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from audit.middleware import client_ip
from helpdesk.errors import DomainError
from helpdesk.parsing import json_loads, text_problem, unstorable_text
from helpdesk.ratelimit import window_hits
from livechat.access import attachment_for_visitor, conversation_for_visitor
from livechat.busy import bounded_lock_wait, is_busy
from livechat.identity import conversation_token
from livechat.queue import chat_availability, queue_info
from livechat.services import (
    chat_leave_message,
    chat_message_post,
    chat_rate,
    chat_start,
    chat_transcript_request,
)
from tickets.attachments import IncomingFile

STATUS_FOR_CODE = {
    "forbidden": 403,
    "not_found": 404,
    "method": 405,
    "closed": 409,
    "taken": 409,
    "too_large": 413,
    "forbidden_type": 415,
    "rate_limited": 429,
    "busy": 503,
}
# Files a browser may show in a tab; anything else downloads.
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"}
START_WINDOW = 600
TRANSCRIPTS_PER_HOUR = 3

View = Callable[..., HttpResponseBase]


def _error(code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": code, "message": str(message)}, status=STATUS_FOR_CODE.get(code, 400))


def _origin_allowed(request: HttpRequest, origin: str) -> bool:
    return origin in settings.LIVECHAT_ALLOWED_ORIGINS or origin == f"{request.scheme}://{request.get_host()}"


def widget_endpoint(*methods: str) -> Callable[[View], View]:
    """CORS for the widget's origins, the preflight, the method check, and errors as JSON."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            origin = request.headers.get("Origin")
            allowed = origin is None or _origin_allowed(request, origin)
            response: HttpResponseBase
            if request.method == "OPTIONS":
                response = HttpResponse(status=204 if allowed else 403)
                if allowed and origin:
                    response["Access-Control-Allow-Methods"] = ", ".join([*methods, "OPTIONS"])
                    response["Access-Control-Allow-Headers"] = "Content-Type"
                    response["Access-Control-Max-Age"] = "86400"
            elif not allowed:
                response = _error("forbidden", _("This site may not use the chat."))
            elif request.method not in methods:
                response = _error("method", _("Use %(methods)s.") % {"methods": " or ".join(methods)})
            else:
                try:
                    with bounded_lock_wait():
                        response = view(request, *args, **kwargs)
                except DomainError as exc:
                    response = _error(exc.code, exc.message)
                except RequestDataTooBig:
                    response = _error("too_large", _("The request is too large."))
                except OperationalError as exc:
                    if not is_busy(exc):
                        raise
                    response = _error("busy", _("The chat is busy for a moment. Try again."))
                    response["Retry-After"] = "1"
            if allowed and origin:
                response["Access-Control-Allow-Origin"] = origin
            patch_vary_headers(response, ["Origin"])
            return response

        return wrapper

    return decorate


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json_loads(request.body or b"")
    except ValueError:  # UnicodeDecodeError and InvalidJSON (too deep) included
        data = None
    if not isinstance(data, dict):
        raise DomainError(_("Send a JSON object."))
    for field, problems in unstorable_text(data).items():
        raise DomainError(f"{field}: {problems[0]}")
    return data


def _text(data: Mapping[str, Any], name: str, *, required: bool = False) -> str:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise DomainError(_("%(field)s is required.") % {"field": name})
        return ""
    if not isinstance(value, str):
        raise DomainError(_("%(field)s must be text.") % {"field": name})
    problem = text_problem(value)
    if problem:
        raise DomainError(f"{name}: {problem}")
    return value


@widget_endpoint("POST")
def start(request: HttpRequest) -> HttpResponse:
    data = _body(request)
    if (
        window_hits(f"livechat:start:{client_ip(request)}", START_WINDOW)
        > settings.LIVECHAT_STARTS_PER_ADDRESS
    ):
        raise DomainError(
            _("Too many chats started from your address. Try again in a few minutes."), code="rate_limited"
        )
    conversation = chat_start(
        identity=_text(data, "identity") or None,
        name=_text(data, "name"),
        email=_text(data, "email"),
        topic=_text(data, "topic", required=True),
        language=_text(data, "language") or getattr(request, "LANGUAGE_CODE", ""),
        message=_text(data, "message"),
        article_url=_text(data, "article_url"),
        article_title=_text(data, "article_title"),
    )
    now = timezone.now()
    queue = queue_info(conversation, now)
    availability = chat_availability(conversation, queue, now)
    return JsonResponse(
        {
            "conversation": conversation.pk,
            "token": conversation_token(conversation.pk),
            "last_seq": conversation.last_seq,
            "queue": queue,
            "agents_available": availability == "available",
            "availability": availability,
            # Tier 0 answers first: the widget greets as the assistant, with "talk to a person" at hand.
            "assistant": conversation.with_assistant,
        },
        status=201,
    )


@widget_endpoint("POST")
def leave_message(request: HttpRequest) -> HttpResponse:
    data = _body(request)
    conversation = conversation_for_visitor(data.get("token"))
    ticket = chat_leave_message(
        conversation_id=conversation.pk,
        email=_text(data, "email", required=True),
        body=_text(data, "body", required=True),
    )
    return JsonResponse({"ticket": ticket.reference}, status=201)


@widget_endpoint("POST")
def transcript(request: HttpRequest) -> HttpResponse:
    data = _body(request)
    conversation = conversation_for_visitor(data.get("token"))
    if window_hits(f"livechat:transcript:{conversation.pk}", 3600) > TRANSCRIPTS_PER_HOUR:
        raise DomainError(
            _("The transcript was sent several times already. Try again later."), code="rate_limited"
        )
    chat_transcript_request(conversation_id=conversation.pk, email=_text(data, "email"))
    return JsonResponse({"sent": True})


@widget_endpoint("POST")
def rating(request: HttpRequest) -> HttpResponse:
    data = _body(request)
    conversation = conversation_for_visitor(data.get("token"))
    chat_rate(conversation_id=conversation.pk, rating=data.get("rating"), comment=_text(data, "comment"))
    return JsonResponse({"saved": True})


@widget_endpoint("POST")
def attachment_upload(request: HttpRequest) -> HttpResponse:
    conversation = conversation_for_visitor(request.POST.get("token"))
    upload = request.FILES.get("file")
    if upload is None:
        raise DomainError(_("Choose a file."))
    limit = settings.HELPDESK_ATTACHMENT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise DomainError(
            _("%(name)s is larger than %(mb)d MB.") % {"name": upload.name, "mb": limit // (1024 * 1024)},
            code="too_large",
        )
    posted = chat_message_post(
        conversation_id=conversation.pk,
        body=_text(request.POST, "body"),
        client_id=_text(request.POST, "client_id") or f"upload-{uuid.uuid4().hex}",
        attachments=[
            IncomingFile(
                filename=upload.name or "attachment",
                content=upload.read(),
                declared_type=upload.content_type or "",
            )
        ],
    )
    return JsonResponse({"seq": posted.message["seq"]}, status=201 if posted.created else 200)


@widget_endpoint("GET")
def file_download(request: HttpRequest, token: str) -> HttpResponseBase:
    attachment = attachment_for_visitor(token)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=attachment.content_type not in INLINE_TYPES,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    # Whatever a visitor managed to upload runs nothing, even when opened in its own tab.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response

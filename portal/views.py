"""The customer portal's pages: sign-in with the exchange's signed identity, the customer's tickets,
one ticket's public timeline, a reply with files, a rating, sign-out."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from approvals.redaction_steps import redaction_notice
from audit.middleware import client_ip
from helpdesk import formats
from helpdesk.errors import DomainError
from helpdesk.ratelimit import window_hits
from knowledgebase.languages import is_rtl, language_codes, native_name
from knowledgebase.reading import preferred_language
from portal import rating
from portal.access import PUBLIC_KINDS, attachment_for_customer, ticket_for_customer, tickets_for_customer
from portal.services import portal_reply, portal_sign_in
from portal.session import (
    PortalSession,
    cookie_key,
    delete_cookie,
    session_end,
    session_load,
    session_set_language,
    set_cookie,
)
from tickets.attachments import IncomingFile
from tickets.models import EntryKind, Status, Ticket, TimelineEntry

PAGE_SIZE = 20
# Replies a customer may send from the portal per window; chat and email have their own doors.
REPLIES_PER_WINDOW = 20
REPLY_WINDOW_SECONDS = 600
ERROR_STATUS = {"not_found": 404, "closed": 409, "too_large": 413, "forbidden_type": 415, "forbidden": 403}
# Files a browser may show in a tab; anything else downloads (as the chat widget serves them).
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"}

PortalView = Callable[..., HttpResponseBase]


def status_words(status: str) -> str:
    """The ticket's status as the customer reads it: what happens next, not the desk's workflow."""
    if status == Status.PENDING:
        return _("Waiting for your reply")
    if status == Status.SOLVED:
        return _("Solved")
    if status == Status.CLOSED:
        return _("Closed")
    return _("We're working on it")


def _zone(session: PortalSession) -> dt.tzinfo:
    try:
        return ZoneInfo(session.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def _when(value: dt.datetime, session: PortalSession) -> str:
    return formats.format_moment(value, "email_datetime", session.language, _zone(session))


def customer_page(view: PortalView) -> PortalView:
    """The signed-in customer's session, or the signed-out page; the page in the customer's language."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        session = session_load(cookie_key(request))
        if session is None:
            response: HttpResponseBase = HttpResponseRedirect(reverse("portal:signed-out"))
            if cookie_key(request):
                delete_cookie(response)
            return response
        wanted = request.GET.get("lang")
        if wanted in language_codes() and wanted != session.language:
            session = session_set_language(session, wanted)
        with translation.override(session.language):
            response = view(request, session, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


def _page(
    request: HttpRequest, template: str, language: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    full = {
        "language": language,
        "rtl": is_rtl(language),
        "language_label": native_name(language),
        "languages": [(code, native_name(code)) for code in language_codes()],
        **context,
    }
    with translation.override(language):
        return render(request, template, full, status=status)


# --- Signing in and out ---------------------------------------------------------------------------


@require_GET
@never_cache
def enter(request: HttpRequest) -> HttpResponseBase:
    """The exchange links here with its signed identity of the customer: /portal/enter/?identity=..."""
    current = session_load(cookie_key(request))
    try:
        session = portal_sign_in(
            token=request.GET.get("identity", ""), current=current, ip=client_ip(request)
        )
    except DomainError as refused:
        language = current.language if current else preferred_language(request)
        response = _page(request, "portal/signed_out.html", language, {"error": refused.message}, status=403)
    else:
        response = HttpResponseRedirect(reverse("portal:ticket-list"))
        if session is not current:
            set_cookie(response, session)
    # The token is in this URL: no page the customer goes on to may learn it from the referrer.
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
@never_cache
def signed_out(request: HttpRequest) -> HttpResponse:
    wanted = request.GET.get("lang", "")
    language = wanted if wanted in language_codes() else preferred_language(request)
    return _page(request, "portal/signed_out.html", language, {})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponseBase:
    session = session_load(cookie_key(request))
    session_end(cookie_key(request))
    target = reverse("portal:signed-out")
    if session is not None:
        target += f"?lang={session.language}"
    response = HttpResponseRedirect(target)
    delete_cookie(response)
    return response


# --- Tickets --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    ticket: Ticket
    status: str
    updated: str


@require_GET
@customer_page
def ticket_list(request: HttpRequest, session: PortalSession) -> HttpResponse:
    tickets = (
        tickets_for_customer(session)
        .only("id", "subject", "status", "updated_at")
        .order_by("-updated_at", "-id")
    )
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [Row(t, status_words(t.status), _when(t.updated_at, session)) for t in page.object_list]
    return _page(
        request, "portal/ticket_list.html", session.language, {"session": session, "page": page, "rows": rows}
    )


@dataclass(frozen=True)
class Message:
    entry: TimelineEntry
    mine: bool
    author: str
    when: str


def _author(entry: TimelineEntry) -> str:
    """Agents by first name only, as the chat widget shows them; never a username or a team."""
    if entry.kind == EntryKind.CUSTOMER_MESSAGE:
        return _("You")
    if entry.author is not None and entry.author.first_name:
        return str(entry.author.first_name)
    return _("Support team")


def _ticket_page(
    request: HttpRequest,
    session: PortalSession,
    ticket: Ticket,
    *,
    error: str = "",
    status: int = 200,
    secret_warning: str = "",
) -> HttpResponse:
    entries = (
        ticket.entries.filter(kind__in=PUBLIC_KINDS)
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )
    messages = [
        Message(e, e.kind == EntryKind.CUSTOMER_MESSAGE, _author(e), _when(e.created_at, session))
        for e in entries
    ]
    context = {
        "session": session,
        "ticket": ticket,
        "status": status_words(ticket.status),
        "messages": messages,
        "error": error,
        "sent": request.GET.get("sent") == "1" or bool(secret_warning),
        "secret_warning": secret_warning,
        "rated": request.GET.get("rated") == "1",
        "closed": ticket.status == Status.CLOSED and ticket.merged_into_id is None,
        "solved": ticket.status == Status.SOLVED,
        "max_mb": settings.HELPDESK_ATTACHMENT_MAX_BYTES // (1024 * 1024),
        "max_files": settings.HELPDESK_ATTACHMENTS_PER_ENTRY,
        "survey": rating.survey_shown(ticket),
        "scores": rating.SCORES,
    }
    return _page(request, "portal/ticket_detail.html", session.language, context, status=status)


@require_GET
@customer_page
def ticket_detail(request: HttpRequest, session: PortalSession, pk: int) -> HttpResponse:
    return _ticket_page(request, session, ticket_for_customer(session, pk))


def _files(request: HttpRequest) -> list[IncomingFile]:
    uploads = request.FILES.getlist("files")
    if len(uploads) > settings.HELPDESK_ATTACHMENTS_PER_ENTRY:
        raise DomainError(
            _("Attach at most %(count)s files to one message.")
            % {"count": settings.HELPDESK_ATTACHMENTS_PER_ENTRY}
        )
    limit = settings.HELPDESK_ATTACHMENT_MAX_BYTES
    files = []
    for upload in uploads:
        # Refused before it is read into memory; the ticket core checks the bytes again.
        if upload.size is not None and upload.size > limit:
            raise DomainError(
                _("%(name)s is larger than %(size)s MB.")
                % {"name": upload.name, "size": limit // (1024 * 1024)},
                code="too_large",
            )
        files.append(IncomingFile(filename=upload.name or "attachment", content=upload.read()))
    return files


@require_POST
@customer_page
def ticket_reply(request: HttpRequest, session: PortalSession, pk: int) -> HttpResponse:
    ticket = ticket_for_customer(session, pk)
    if window_hits(f"portal:replies:{session.customer_id}", REPLY_WINDOW_SECONDS) > REPLIES_PER_WINDOW:
        message = _("You have sent many messages in a short time. Please wait a few minutes and try again.")
        return _ticket_page(request, session, ticket, error=message, status=429)
    # A request merged into another one takes replies: they land on the one it was merged into.
    if ticket.status == Status.CLOSED and ticket.merged_into_id is None:
        message = _("This request is closed. To follow up, send us a new message.")
        return _ticket_page(request, session, ticket, error=message, status=409)
    try:
        entry = portal_reply(
            session=session, ticket=ticket, body=request.POST.get("body", ""), files=_files(request)
        )
    except DomainError as refused:
        message = refused.message
        if refused.code == "forbidden_type":
            message = _("This type of file is not accepted. Send images, PDF or text files.")
        return _ticket_page(
            request, session, ticket, error=message, status=ERROR_STATUS.get(refused.code, 400)
        )
    notice = redaction_notice(entry, session.language)
    if notice:
        # What was taken out of the message is said at once, on the page the customer is looking at.
        ticket.refresh_from_db()
        return _ticket_page(request, session, ticket, secret_warning=str(notice["warning"]))
    shown = entry.ticket if entry.ticket.customer_id == session.customer_id else ticket
    return HttpResponseRedirect(reverse("portal:ticket-detail", kwargs={"pk": shown.pk}) + "?sent=1#reply")


@require_POST
@customer_page
def ticket_rate(request: HttpRequest, session: PortalSession, pk: int) -> HttpResponse:
    ticket = ticket_for_customer(session, pk)
    try:
        rating.rate(
            ticket=ticket, score=request.POST.get("score", ""), comment=request.POST.get("comment", "")
        )
    except DomainError as refused:
        return _ticket_page(
            request, session, ticket, error=refused.message, status=ERROR_STATUS.get(refused.code, 400)
        )
    return HttpResponseRedirect(reverse("portal:ticket-detail", kwargs={"pk": ticket.pk}) + "?rated=1#rating")


@require_GET
@customer_page
def attachment(request: HttpRequest, session: PortalSession, pk: int) -> HttpResponseBase:
    found = attachment_for_customer(session, pk)
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=found.content_type not in INLINE_TYPES,
        filename=found.filename,
        content_type=found.content_type,
    )
    # Whatever anyone uploaded runs nothing, even when opened in its own tab.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response

"""The agent workspace: queues, the ticket page and the changes made from it.

Each view checks access, parses a form, calls one service and redirects. A change the domain refuses
re-renders the ticket page with the agent's input kept and the reason shown.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework.services import ticket_assign, ticket_escalate
from customers.access import pii_revealable
from customers.contacts import ContactMask
from customers.forms import RevealForm
from customers.services import customer_contact_shown, customer_viewed
from helpdesk.busy import RETRY_AFTER_SECONDS, Busy, busy_refused
from helpdesk.errors import DomainError
from intake.pipeline import ticket_open
from queueviews.queue import queue_page
from routing.access import routing_reasons_visible
from routing.cleanroom import attachment_download_allowed
from routing.services import (
    agent_heartbeat,
    agent_presence_set,
    assignment_get_next,
)
from tickets.access import attachment_for_agent, ticket_for_agent
from tickets.merging import timeline_with_merged
from tickets.models import EntryKind, Ticket, Tier, parse_reference
from tickets.services import ReplyCollision
from workspace.forms import (
    QUEUES,
    EntryForm,
    EscalateForm,
    PresenceForm,
    PropertiesForm,
    QueueFilterForm,
    TicketCreateForm,
    incoming_files,
)
from workspace.services import ticket_entry_send, ticket_properties_save

COUNTED_QUEUES = ("mine", "team", "unassigned", "vip")
# Types a browser shows without running anything; every other attachment is only downloaded.
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "text/plain"}


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = QueueFilterForm(request.GET)
    name = form.queue_name
    pk = parse_reference(form.cleaned_data["q"]) if form.is_valid() else None
    if pk and Ticket.objects.visible_to(user).filter(pk=pk).exists():
        return redirect("tickets:ticket-detail", pk=pk)
    # The open saved view or the queue, filtered, searched and sorted (queueviews.queue).
    listing = queue_page(
        request, queue_name=name, size=settings.HELPDESK_QUEUE_PAGE_SIZE, sidebar=not _is_htmx(request)
    )
    context: dict[str, Any] = {"form": form, "queue": name, "queues": QUEUES, **listing}
    if _is_htmx(request):
        response = render(request, "tickets/ticket_queue_rows.html", context)
    else:
        context["counts"] = {
            q: Ticket.objects.visible_to(user).queue(q, user).count() for q in COUNTED_QUEUES
        }
        response = render(request, "tickets/ticket_queue.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _ticket_page(
    request: HttpRequest, ticket: Ticket, *, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    user = request.user
    # The cases merged into this one read on its timeline, each entry marked with its own case.
    entries = list(
        timeline_with_merged(ticket).select_related("author", "customer").prefetch_related("attachments")
    )
    tags = [t.name for t in ticket.tags.all()]
    contact = customer_contact_shown(customer=ticket.customer, actor=user)
    properties_form = bound.pop("properties_form", None) or PropertiesForm(
        ticket=ticket, user=user, tags=tags
    )
    assert isinstance(properties_form, PropertiesForm)
    context = {
        "ticket": ticket,
        "entries": entries,
        "tags": tags,
        "entry_form": EntryForm(
            ticket=ticket, user=user, initial={"seen": max((e.pk for e in entries), default=None)}
        ),
        "properties_form": properties_form,
        # The custom fields sit in the properties panel's form (their own card then shows nothing).
        "custom_fields_form": properties_form.custom,
        "escalate_form": EscalateForm(),
        "customer": ticket.customer,
        "contact": contact,
        # The timeline's addresses follow the same decision (already audited) as the contact card.
        "contact_mask": ContactMask(unmasked=not contact.masked),
        "routing_explained": routing_reasons_visible(user),
        "can_reveal": pii_revealable(user),
        "reveal_form": RevealForm(),
        "other_tickets": Ticket.objects.visible_to(user)
        .filter(customer_id=ticket.customer_id)
        .exclude(pk=ticket.pk)
        .order_by("-id")[:5],
    } | bound
    return render(request, "tickets/ticket_detail.html", context, status=status)


def _submit(
    request: HttpRequest,
    ticket: Ticket,
    name: str,
    form: forms.Form,
    change: Callable[[dict[str, Any]], object],
    done: str,
    anchor: str = "",
) -> HttpResponse:
    """Run `change` with the form's data; on success say `done`, else show the page with the form
    (what the agent typed included). A ticket row held by a long transaction is waited for only so
    long: then nothing is written and the page says to try again (503, helpdesk/busy.py)."""
    status = 400
    if form.is_valid():
        try:
            with busy_refused():
                change(form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        except Busy as exc:
            form.add_error(None, str(exc.message))
            status = 503
        else:
            messages.success(request, done)
            return redirect(reverse("tickets:ticket-detail", args=[ticket.pk]) + anchor)
    response = _ticket_page(request, ticket, status=status, **{name: form})
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@login_required
@require_GET
@never_cache
def ticket_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = ticket_for_agent(request.user, pk)
    # The page shows the customer panel: a partner agent's look at it is audited.
    customer_viewed(customer=ticket.customer, actor=request.user, ticket=ticket, path=request.path)
    return _ticket_page(request, ticket)


@login_required
@require_POST
@never_cache
def entry_create(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = ticket_for_agent(request.user, pk)
    form = EntryForm(request.POST, request.FILES, ticket=ticket, user=request.user)
    author: Any = request.user
    is_note = request.POST.get("kind") == EntryKind.INTERNAL_NOTE

    def post(data: dict[str, Any]) -> object:
        try:
            return ticket_entry_send(
                ticket=ticket,
                author=author,
                kind=data["kind"],
                body=data["body"],
                attachments=incoming_files(data["attachments"]),
                status=data["status"],
                macro=data["macro"],
                seen=data["seen"],
            )
        except ReplyCollision as exc:
            # The page shows what arrived, with the draft kept; sending again is sending over them.
            resent = request.POST.copy()
            resent["seen"] = str(max(exc.newer))
            form.data = resent
            form.collision = exc.newer  # type: ignore[attr-defined]
            raise

    done = _("Note added.") if is_note else _("Reply sent.")
    response = _submit(request, ticket, "entry_form", form, post, done, anchor="#latest")
    if getattr(form, "collision", None):
        response.status_code = 409
    return response


@login_required
@require_POST
@never_cache
def ticket_properties(request: HttpRequest, pk: int) -> HttpResponse:
    """The properties panel's one Save: every field the agent changed, through one service call."""
    ticket = ticket_for_agent(request.user, pk)
    tags = [t.name for t in ticket.tags.all()]
    form = PropertiesForm(request.POST, ticket=ticket, user=request.user, tags=tags)
    if form.is_valid() and not form.changes() and not form.custom_changes():
        messages.info(request, _("Nothing to save: no property was changed."))
        return redirect("tickets:ticket-detail", pk=ticket.pk)

    def change(data: dict[str, Any]) -> object:
        return ticket_properties_save(
            ticket=ticket,
            actor=request.user,  # type: ignore[arg-type]
            changes=form.changes(),
            handover_note=data["handover_note"],
            custom=form.custom_changes(),
        )

    response = _submit(request, ticket, "properties_form", form, change, _("Ticket updated."))
    # A partner agent who hands a case to another team no longer sees it.
    if response.status_code == 302 and not Ticket.objects.visible_to(request.user).filter(pk=pk).exists():
        return redirect("tickets:queue")
    return response


@login_required
@require_POST
@never_cache
def ticket_take(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = ticket_for_agent(request.user, pk)
    try:
        with busy_refused():
            ticket_assign(ticket=ticket, actor=request.user, assignee=request.user)  # type: ignore[arg-type]
    except (DomainError, Busy) as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The ticket is yours."))
    return redirect("tickets:ticket-detail", pk=ticket.pk)


@login_required
@require_POST
@never_cache
def ticket_escalate_view(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = ticket_for_agent(request.user, pk)
    form = EscalateForm(request.POST)

    def change(data: dict[str, Any]) -> object:
        return ticket_escalate(ticket=ticket, actor=request.user, note=data["note"])  # type: ignore[arg-type]

    return _submit(request, ticket, "escalate_form", form, change, _("Ticket escalated."))


@login_required
@require_POST
@never_cache
def ticket_next(request: HttpRequest) -> HttpResponse:
    """ "Get next": the routing service claims the most urgent waiting case this agent may take."""
    ticket = assignment_get_next(agent=request.user)  # type: ignore[arg-type]
    if ticket is None:
        messages.info(request, _("Nothing is waiting for you right now."))
        return redirect("tickets:queue")
    return redirect("tickets:ticket-detail", pk=ticket.pk)


@login_required
@require_POST
def presence_update(request: HttpRequest) -> HttpResponse:
    form = PresenceForm(request.POST)
    if form.is_valid():
        agent_presence_set(user=request.user, presence=form.cleaned_data["presence"])  # type: ignore[arg-type]
    if _is_htmx(request):
        return render(request, "tickets/presence.html")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = reverse("tickets:queue")
    # Not redirect(): it would take a bare word such as "next" for a view name and fail to reverse it.
    return HttpResponseRedirect(back)


@login_required
@require_POST
def presence_heartbeat(request: HttpRequest) -> HttpResponse:
    """The open workspace calls in; an agent whose browser stops calling goes offline by itself."""
    agent_heartbeat(user=request.user)  # type: ignore[arg-type]
    return HttpResponse(status=204)


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def ticket_new(request: HttpRequest) -> HttpResponse:
    """An agent logs a contact that reached them outside the helpdesk: a call, a letter, a DM."""
    user: Any = request.user
    if request.method != "POST":
        form = TicketCreateForm(user=user, initial={"customer": request.GET.get("customer", "")})
        return render(request, "tickets/ticket_create.html", {"form": form})
    form = TicketCreateForm(request.POST, request.FILES, user=user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            ticket = ticket_open(
                customer=data["customer"],
                subject=data["subject"],
                body=data["body"],
                channel=data["channel"],
                actor=user,
                priority=data["priority"],
                category=data["category"],
                team=data["team"],
                tier=data["team"].tier if data["team"] else Tier.GENERAL,
                assignee=user if data["assign_to_me"] else None,
                attachments=incoming_files(data["attachments"]),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Ticket %(reference)s created.") % {"reference": ticket.reference})
            return redirect("tickets:ticket-detail", pk=ticket.pk)
    return render(request, "tickets/ticket_create.html", {"form": form}, status=400)


@login_required
@require_GET
@never_cache
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = attachment_for_agent(request.user, pk)
    if not attachment_download_allowed(request.user):
        raise PermissionDenied(_("Download not allowed for your team."))
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=attachment.content_type not in INLINE_TYPES,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    # Whatever a customer managed to upload runs nothing, even when opened in its own tab.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response

"""The incident pages (supervisors), the ticket card's link and unlink (agents), and the banner's JSON
for the chat widget (anyone)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helpdesk.busy import Busy, busy_refused
from helpdesk.errors import DomainError
from helpdesk.validation import language_codes
from incidents.access import check_incidents_manageable
from incidents.charts import links_per_hour
from incidents.forms import DeclareForm, LinkForm, ScopeForm, UpdateForm, messages_of
from incidents.linking import banner_messages, incident_link, incident_unlink
from incidents.models import (
    ACTIVE_STATUSES,
    DeliveryState,
    Incident,
    IncidentDelivery,
    IncidentLink,
    IncidentStatus,
    IncidentUpdate,
)
from incidents.services import incident_declare, incident_edit, incident_update_post, linked_counts
from livechat.widget_api import widget_endpoint
from tickets.access import ticket_for_agent

RECENT_DAYS = 30


def _incident(pk: int) -> Incident:
    incident = Incident.objects.select_related("declared_by", "current_update").filter(pk=pk).first()
    if incident is None:
        raise Http404(_("No such incident"))
    return incident


def _attempt(form: Any, change: Callable[[dict[str, Any]], object]) -> int:
    """Run `change` on valid data: 0 when done, else the status for the page that shows the errors."""
    if not form.is_valid():
        return 400
    try:
        with busy_refused():
            change(form.cleaned_data)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return 400
    except Busy as exc:
        form.add_error(None, str(exc.message))
        return 503
    return 0


@login_required
@require_GET
@never_cache
def incident_list(request: HttpRequest) -> HttpResponse:
    check_incidents_manageable(request.user)
    now = timezone.now()
    active = list(Incident.objects.filter(status__in=ACTIVE_STATUSES).select_related("declared_by"))
    recent = list(
        Incident.objects.filter(
            status=IncidentStatus.RESOLVED, resolved_at__gte=now - dt.timedelta(days=RECENT_DAYS)
        )
        .select_related("declared_by")
        .order_by("-resolved_at")[:20]
    )
    counts = linked_counts([i.pk for i in active + recent])
    context = {
        "active": [(i, counts.get(i.pk, 0)) for i in active],
        "recent": [(i, counts.get(i.pk, 0)) for i in recent],
        "chart": links_per_hour(since=now - dt.timedelta(hours=23), until=now),
    }
    return render(request, "incidents/incident_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def incident_create(request: HttpRequest) -> HttpResponse:
    check_incidents_manageable(request.user)
    form = DeclareForm(request.POST or None)
    created: list[Incident] = []
    status = 200
    if request.method == "POST":

        def declare(data: dict[str, Any]) -> object:
            created.append(
                incident_declare(
                    actor=request.user,  # type: ignore[arg-type]
                    title=data["title"],
                    status=data["status"],
                    networks=data["networks"],
                    assets=data["assets"],
                    features=data["features"],
                    keywords=data["keywords"],
                    messages=messages_of(data),
                )
            )
            return created[0]

        status = _attempt(form, declare)
        if status == 0:
            messages.success(
                request, _("Incident declared: the banner is up and matching messages are linked.")
            )
            return redirect("incidents:incident-detail", pk=created[0].pk)
    return render(request, "incidents/incident_form.html", {"form": form, "incident": None}, status=status)


def _detail_context(incident: Incident, **forms: Any) -> dict[str, Any]:
    now = timezone.now()
    updates = list(incident.updates.select_related("posted_by").prefetch_related("messages"))
    current = next((u for u in updates if u.pk == incident.current_update_id), None)
    current_messages = {m.language: m.text for m in current.messages.all()} if current else {}
    links = list(
        IncidentLink.objects.filter(incident=incident)
        .select_related("ticket", "linked_by", "unlinked_by")
        .order_by("-linked_at")[:50]
    )
    until = incident.resolved_at or now
    failures = list(
        IncidentDelivery.objects.filter(update__incident=incident, state=DeliveryState.FAILED)
        .select_related("ticket")
        .order_by("-done_at")[:20]
    )
    return {
        "failures": failures,
        "incident": incident,
        "updates": updates,
        "current_messages": sorted(current_messages.items()),
        "links": links,
        "linked": linked_counts([incident.pk]).get(incident.pk, 0),
        # From the declaration, at most three days back, at least a day wide.
        "chart": links_per_hour(
            since=min(
                max(incident.declared_at, until - dt.timedelta(hours=71)), until - dt.timedelta(hours=23)
            ),
            until=until,
        ),
        "update_form": forms.get("update_form")
        or UpdateForm(messages=current_messages, initial={"status": incident.status}),
    }


@login_required
@require_GET
@never_cache
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check_incidents_manageable(request.user)
    return render(request, "incidents/incident_detail.html", _detail_context(_incident(pk)))


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def incident_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    check_incidents_manageable(request.user)
    incident = _incident(pk)
    initial = {
        "title": incident.title,
        "networks": incident.networks,
        "assets": incident.assets,
        "features": incident.features,
        "keywords": "\n".join(incident.keywords),
    }
    form = ScopeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":

        def edit(data: dict[str, Any]) -> object:
            return incident_edit(incident=incident, actor=request.user, **data)  # type: ignore[arg-type]

        status = _attempt(form, edit)
        if status == 0:
            messages.success(request, _("Incident saved."))
            return redirect("incidents:incident-detail", pk=incident.pk)
    return render(
        request, "incidents/incident_form.html", {"form": form, "incident": incident}, status=status
    )


@login_required
@require_POST
@never_cache
def incident_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    check_incidents_manageable(request.user)
    incident = _incident(pk)
    form = UpdateForm(request.POST)

    def post(data: dict[str, Any]) -> object:
        return incident_update_post(
            incident=incident,
            actor=request.user,  # type: ignore[arg-type]
            status=data["status"],
            messages=messages_of(data),
        )

    status = _attempt(form, post)
    if status == 0:
        messages.success(request, _("Update posted: it goes to every linked ticket in the background."))
        return redirect("incidents:incident-detail", pk=incident.pk)
    return render(
        request, "incidents/incident_detail.html", _detail_context(incident, update_form=form), status=status
    )


@login_required
@require_GET
@never_cache
def update_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar of one update's posting job; htmx polls it until the job is finished."""
    check_incidents_manageable(request.user)
    update = IncidentUpdate.objects.filter(pk=pk).first()
    if update is None:
        raise Http404(_("No such update"))
    return render(request, "incidents/update_progress.html", {"update": update})


def _ticket_link_change(request: HttpRequest, ticket_pk: int, link: bool) -> HttpResponse:
    ticket = ticket_for_agent(request.user, ticket_pk)
    form = LinkForm(request.POST)
    back = reverse("tickets:ticket-detail", args=[ticket.pk]) + "#incidents"
    if not form.is_valid():
        messages.error(request, _("Choose an incident."))
        return redirect(back)
    incident = Incident.objects.filter(pk=form.cleaned_data["incident"]).first()
    if incident is None:
        messages.error(request, _("No such incident."))
        return redirect(back)
    try:
        with busy_refused():
            if link:
                incident_link(incident=incident, ticket=ticket, actor=request.user)  # type: ignore[arg-type]
            else:
                incident_unlink(incident=incident, ticket=ticket, actor=request.user)  # type: ignore[arg-type]
    except (DomainError, Busy) as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("Linked to “%(title)s”; the customer gets its public message.") % {"title": incident.title}
            if link
            else _("Unlinked from “%(title)s”.") % {"title": incident.title},
        )
    return redirect(back)


@login_required
@require_POST
@never_cache
def ticket_link(request: HttpRequest, ticket_pk: int) -> HttpResponse:
    return _ticket_link_change(request, ticket_pk, link=True)


@login_required
@require_POST
@never_cache
def ticket_unlink(request: HttpRequest, ticket_pk: int) -> HttpResponse:
    return _ticket_link_change(request, ticket_pk, link=False)


@widget_endpoint("GET")
def banner_json(request: HttpRequest) -> HttpResponse:
    """The chat widget's banner: each active incident's public message in the visitor's language.
    Plain text in JSON; the widget sets it as text, never as HTML."""
    language = str(request.GET.get("language", "en"))[:16].lower()
    if language not in language_codes():
        language = language.split("-")[0] if language.split("-")[0] in language_codes() else "en"
    response = JsonResponse({"language": language, "incidents": banner_messages(language)})
    response["Cache-Control"] = "public, max-age=15"
    return response

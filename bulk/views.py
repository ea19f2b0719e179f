"""The queue's bulk bar, starting a bulk job, and its progress page. Writes go through bulk.services."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role, User
from bulk.access import job_for_user
from bulk.models import Action, BulkJob, JobState, Outcome
from bulk.selection import matching, matching_ids, ticked_ids
from bulk.services import MAX_TICKETS, SYNC_LIMIT, bulk_job_create, bulk_job_start
from helpdesk.errors import DomainError
from macros.rendering import macros_for_ticket
from routing.access import assignable_teams
from tickets.access import assignable_agents
from tickets.models import Priority, Status, parse_reference

# The per-ticket reasons a job page lists at most (the API pages through all of them).
SHOWN_PROBLEMS = 200


def _staff(request: HttpRequest) -> User:
    user = cast(User, request.user)
    if user.role == Role.AUDITOR:
        raise PermissionDenied(_("Auditors read the audit log only."))
    return user


@login_required
@require_GET
def bulk_bar(request: HttpRequest) -> HttpResponse:
    """The bar above a queue (loaded after the page): what can be done to the ticked tickets, and how
    many match the page's filter."""
    user = _staff(request)
    filters = request.GET.urlencode()
    context: dict[str, Any] = {
        "filters": filters,
        "matching": matching(user, filters).count(),
        "actions": Action.choices,
        "agents": assignable_agents(user),
        "teams": assignable_teams(),
        "statuses": [c for c in Status.choices if c[0] != Status.CLOSED],
        "priorities": Priority.choices,
        "macros": macros_for_ticket(user).prefetch_related(None),
        "may_confirm_other_customer": user.role in (Role.SUPERVISOR, Role.ADMIN),
        "sync_limit": SYNC_LIMIT,
    }
    return render(request, "bulk/bulk_bar.html", context)


def _params(data: Any) -> dict[str, Any]:
    """The form's fields as the service's parameters (the service checks them)."""
    target = data.get("target", "")
    return {
        "assignee": data.get("assignee") or None,
        "team": data.get("team") or None,
        "status": data.get("status", ""),
        "priority": data.get("priority", ""),
        "tags": data.get("tags", ""),
        "macro": data.get("macro", ""),
        "reply": data.get("reply") == "on",
        "target": parse_reference(target) if target else "",
        "confirm_other_customer": data.get("confirm_other_customer") == "on",
    }


@login_required
@require_POST
def job_create(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    filters = request.POST.get("filters", "")
    back = reverse("tickets:queue") + (f"?{filters}" if filters else "")
    if request.POST.get("scope") == "matching":
        ids = matching_ids(user, filters)
    else:
        ids = ticked_ids(request.POST.getlist("tickets"))
    if len(ids) > MAX_TICKETS:
        messages.error(
            request, _("At most %(count)s tickets at once: narrow the filter.") % {"count": MAX_TICKETS}
        )
        return redirect(back)
    action = request.POST.get("action", "")
    params = {key: value for key, value in _params(request.POST).items() if key in _KEYS.get(action, ())}
    try:
        job = bulk_job_create(actor=user, action=action, params=params, ticket_ids=ids)
    except DomainError as refused:
        messages.error(request, refused.message)
        return redirect(back)
    job = bulk_job_start(job=job)
    return redirect("bulk:job-detail", pk=job.pk)


_KEYS: dict[str, tuple[str, ...]] = {
    Action.ASSIGN: ("assignee", "team"),
    Action.TEAM: ("team",),
    Action.STATUS: ("status",),
    Action.PRIORITY: ("priority",),
    Action.ADD_TAGS: ("tags",),
    Action.REMOVE_TAGS: ("tags",),
    Action.MACRO: ("macro", "reply"),
    Action.MERGE: ("target", "confirm_other_customer"),
}


def _job_context(job: BulkJob) -> dict[str, Any]:
    problems = list(
        job.items.exclude(outcome__in=(Outcome.PENDING, Outcome.DONE)).order_by("id")[:SHOWN_PROBLEMS]
    )
    return {"job": job, "problems": problems, "finished": job.state == JobState.FINISHED}


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_for_user(_staff(request), pk)
    context = _job_context(job)
    if request.headers.get("HX-Request") == "true":
        return render(request, "bulk/job_progress.html", context)
    return render(request, "bulk/job_detail.html", context)

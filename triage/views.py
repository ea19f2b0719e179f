"""The triage panel's fragment, polled by htmx while a look-up runs."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from triage.access import triage_ticket_for
from triage.display import triage_view
from triage.services import triage_refresh


@login_required
@require_GET
@never_cache
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The panel, or 204 (htmx keeps what it shows) when nothing changed since `since`, the triage's
    `updated_at` the page already shows."""
    ticket = triage_ticket_for(request.user, pk)
    view = triage_view(ticket, request.user)
    since = request.GET.get("since", "")
    if since and since == (view["updated_at"] or "none") and not view["pending"]:
        return HttpResponse(status=204)
    return render(request, "triage/panel.html", {"triage": view, "ticket": ticket})


@login_required
@require_POST
@never_cache
def refresh(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Look up again": the panel comes back pending and polls until the new look-up is stored."""
    ticket = triage_ticket_for(request.user, pk)
    triage_refresh(ticket=ticket)
    return render(
        request, "triage/panel.html", {"triage": triage_view(ticket, request.user), "ticket": ticket}
    )

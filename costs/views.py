"""The hourly costs page (admins change, supervisors read) and the work heartbeat of a case's page."""

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from costs.access import check_costs_editable, check_costs_readable, costs_editable
from costs.forms import RateForm
from costs.models import CostRate
from costs.services import BEAT_SECONDS, cost_rate_set, first_open_day, workspan_beat
from helpdesk.errors import DomainError
from helpdesk.parsing import parse_id
from routing.models import Team


@login_required
@require_POST
@never_cache
def workspan_beat_view(request: HttpRequest) -> HttpResponse:
    """A case's page (or its chat column) was visible and in use: credit the agent's work on it."""
    ticket_id = parse_id(request.POST.get("ticket", ""))
    seconds = request.POST.get("seconds", "0")
    if ticket_id is None or len(seconds) > 12:
        return HttpResponseBadRequest(_("Send the case's id and the seconds worked."))
    if workspan_beat(agent=request.user, ticket_id=ticket_id, seconds=seconds) is None:
        raise Http404(_("No such ticket"))
    return HttpResponse(status=204)


def _context(form: RateForm, user: Any) -> dict[str, Any]:
    rates = list(
        CostRate.objects.select_related("team", "agent", "created_by").order_by("-effective_from", "-id")
    )
    today = timezone.localdate()
    current: dict[tuple[str, int], CostRate] = {}
    for rate in sorted(rates, key=lambda r: (r.effective_from, r.pk)):
        if rate.effective_from <= today:
            current[("team", rate.team_id) if rate.team_id else ("agent", rate.agent_id or 0)] = rate
    history: dict[tuple[str, int], list[CostRate]] = defaultdict(list)
    for rate in rates:
        history[("team", rate.team_id) if rate.team_id else ("agent", rate.agent_id or 0)].append(rate)
    teams = [
        {
            "team": team,
            "current": current.get(("team", team.pk)),
            "history": history.get(("team", team.pk), []),
        }
        for team in Team.objects.order_by("is_outsourced", "name")
    ]
    agents = [
        {"agent": rows[0].agent, "current": current.get(key), "history": rows}
        for key, rows in history.items()
        if key[0] == "agent"
    ]
    return {
        "form": form,
        "teams": teams,
        "agents": sorted(agents, key=lambda a: str(a["agent"])),
        "currency": settings.COSTS_CURRENCY,
        "can_edit": costs_editable(user),
        "opens": first_open_day(today),
        "beat_seconds": BEAT_SECONDS,
    }


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def rate_list(request: HttpRequest) -> HttpResponse:
    check_costs_readable(request.user)
    form = RateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        check_costs_editable(request.user)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                rate = cost_rate_set(
                    actor=request.user,
                    team=data.get("team"),
                    agent=data.get("agent"),
                    hourly_cost=data["hourly_cost"],
                    effective_from=data["effective_from"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Hourly cost saved for %(who)s from %(date)s.")
                    % {"who": rate.team or rate.agent, "date": rate.effective_from.isoformat()},
                )
                return redirect("costs:rate-list")
    return render(request, "costs/rate_list.html", _context(form, request.user), status=status)

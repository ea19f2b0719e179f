"""The volatility page (supervisors and admins; in-house agents read) and its market event forms."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helpdesk.errors import DomainError
from volatility.access import check_volatility_manageable, check_volatility_readable, volatility_manageable
from volatility.charts import arrivals_vs_usual
from volatility.forms import EventForm
from volatility.models import MarketEvent, SurgeWindow
from volatility.services import market_event_edit, market_event_end, market_event_mark

RECENT_DAYS = 30
LIMIT = 50


def _event(pk: int) -> MarketEvent:
    event = MarketEvent.objects.filter(pk=pk).first()
    if event is None:
        raise Http404(_("No such market event"))
    return event


@login_required
@require_GET
@never_cache
def volatility_page(request: HttpRequest) -> HttpResponse:
    check_volatility_readable(request.user)
    now = timezone.now()
    since = now - dt.timedelta(days=RECENT_DAYS)
    context: dict[str, Any] = {
        "surges": list(SurgeWindow.objects.filter(end__gt=since).order_by("-start")[:LIMIT]),
        "events": list(
            MarketEvent.objects.filter(Q(end__isnull=True) | Q(end__gt=since))
            .select_related("created_by")
            .order_by("-start")[:LIMIT]
        ),
        "chart": arrivals_vs_usual(now=now),
        "chart_labels": {
            "arrivals": _("Arrivals"),
            "usual": _("Usual for that time of the week"),
            "bar": _("Surge from"),
            "time_zone": timezone.get_current_timezone_name(),
        },
        "manageable": volatility_manageable(request.user),
        "recent_days": RECENT_DAYS,
    }
    return render(request, "volatility/volatility_page.html", context)


def _save(request: HttpRequest, form: EventForm, event: MarketEvent | None) -> int:
    """0 when saved, else the status of the page that shows the errors."""
    if not form.is_valid():
        return 400
    try:
        if event is None:
            market_event_mark(actor=request.user, **form.changes())
        else:
            market_event_edit(event=event, actor=request.user, **form.changes())
    except DomainError as exc:
        form.add_error(None, exc.message)
        return 400
    return 0


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def event_create(request: HttpRequest) -> HttpResponse:
    check_volatility_manageable(request.user)
    form = EventForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = _save(request, form, None)
        if status == 0:
            messages.success(request, _("Market event marked."))
            return redirect("volatility:window-list")
    return render(request, "volatility/event_form.html", {"form": form, "event": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    check_volatility_manageable(request.user)
    event = _event(pk)
    form = EventForm(request.POST or None, event=event)
    status = 200
    if request.method == "POST":
        status = _save(request, form, event)
        if status == 0:
            messages.success(request, _("Market event saved."))
            return redirect("volatility:window-list")
    return render(request, "volatility/event_form.html", {"form": form, "event": event}, status=status)


@login_required
@require_POST
@never_cache
def event_end(request: HttpRequest, pk: int) -> HttpResponse:
    check_volatility_manageable(request.user)
    event = _event(pk)
    try:
        market_event_end(event=event, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("volatility:window-list")
    messages.success(request, _("Market event ended."))
    return redirect("volatility:window-list")

import csv
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from helpdesk.db_router import reporting
from reports.access import check_reports_visible
from reports.dashboard import (
    BREAKDOWN_LABELS,
    BREAKDOWNS,
    DEFAULT_DAYS,
    GRAINS,
    PRESETS,
    Breakdown,
    PeriodError,
    build_dashboard,
    parse_choice,
    parse_period,
)
from reports.metrics import REGISTRY, Side
from reports.rollup import rollup_swept_at
from reports.services import report_export

TEXT = "text/plain; charset=utf-8"


@login_required
@require_GET
@reporting()
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every registered metric for a period: a trend, a breakdown and inside vs outside the windows."""
    check_reports_visible(request.user)
    error = ""
    try:
        period = parse_period(request.GET)
    except PeriodError as exc:
        error = str(exc)
        period = parse_period({"period": str(DEFAULT_DAYS)})
    breakdown = parse_choice(request.GET.get("breakdown"), BREAKDOWNS, Breakdown.TEAM)
    default_grain = Breakdown.DAY if period.days <= 31 else Breakdown.WEEK
    grain = parse_choice(request.GET.get("grain"), GRAINS, default_grain)
    language = getattr(request.user, "language", "") or "en"
    swept_at = rollup_swept_at()
    board = build_dashboard(
        period=period, breakdown=breakdown, grain=grain, language=language, rolled_until=swept_at
    )
    context = {
        "board": board,
        "error": error,
        "presets": PRESETS,
        "breakdowns": [(b.value, BREAKDOWN_LABELS[b]) for b in BREAKDOWNS],
        "grains": [(g.value, BREAKDOWN_LABELS[g]) for g in GRAINS],
        "breakdown_label": BREAKDOWN_LABELS[breakdown],
        "swept_at": swept_at,
        "custom_from": request.GET.get("from", period.first_day.isoformat()),
        "custom_to": request.GET.get("to", period.last_day.isoformat()),
        "period_qs": urlencode(period.query()),
    }
    return render(request, "reports/dashboard.html", context, status=400 if error else 200)


@login_required
@require_GET
@reporting()
def export_csv(request: HttpRequest) -> HttpResponse:
    """One metric for a period and breakdown as CSV; supervisors and admins only, each export audited."""
    check_reports_visible(request.user)
    metric = REGISTRY.get(request.GET.get("metric", ""))
    if metric is None:
        return HttpResponseBadRequest(_("Unknown metric."), content_type=TEXT)
    try:
        breakdown = Breakdown(request.GET.get("breakdown", Breakdown.NONE.value))
        side = Side(request.GET.get("side", Side.ALL.value))
    except ValueError:
        return HttpResponseBadRequest(_("Unknown breakdown or side."), content_type=TEXT)
    if breakdown is not Breakdown.NONE and breakdown not in metric.breakdowns:
        return HttpResponseBadRequest(_("This metric has no such breakdown."), content_type=TEXT)
    try:
        period = parse_period(request.GET)
    except PeriodError as exc:
        return HttpResponseBadRequest(str(exc), content_type=TEXT)
    rows = report_export(actor=request.user, metric=metric, breakdown=breakdown, period=period, side=side)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"{metric.key}-{breakdown.value}-{period.first_day}-{period.last_day}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    csv.writer(response).writerows(rows)
    return response

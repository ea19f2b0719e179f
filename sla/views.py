import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from helpdesk.parsing import parse_int
from sla.access import check_sla_report_visible
from sla.models import TARGETS
from sla.report import attainment_chart, sla_attainment

PERIODS = (7, 30, 90)


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """SLA attainment per team and tier for tickets opened in the chosen period, in one query."""
    check_sla_report_visible(request.user)
    days = parse_int(request.GET.get("days"), default=30)
    period = days if days in PERIODS else 30
    result = sla_attainment(since=timezone.now() - dt.timedelta(days=period))
    context = {
        "report": result,
        "period": period,
        "periods": PERIODS,
        "targets": TARGETS,
        "team_chart": attainment_chart(result.by_team),
        "tier_chart": attainment_chart(result.by_tier),
    }
    return render(request, "sla/report.html", context)

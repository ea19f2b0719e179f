"""Agent and editor pages: the KB search panel (ticket page and chat console), outdated flags and
the KB report."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from helpdesk.errors import DomainError
from helpdesk.parsing import parse_int
from knowledgebase.access import acting_user, check_kb_report_visible, kb_editor
from knowledgebase.forms import FlagForm
from knowledgebase.languages import language_codes, language_name
from knowledgebase.models import Article, ArticleFlag
from knowledgebase.report import (
    deflection,
    deflection_by_day,
    deflection_chart,
    helpfulness,
    open_flags,
    top_searches,
)
from knowledgebase.search import Hit, SearchResults, kb_search
from knowledgebase.services import flag_create, flag_resolve, search_log_record

PERIODS = (7, 30, 90)


def _agent_search(request: HttpRequest) -> tuple[SearchResults, str]:
    language = request.GET.get("language", "")
    if language not in language_codes():
        language = settings.LANGUAGE_CODE
    results = kb_search(query=request.GET.get("q", ""), language=language, all_regions=True, limit=8)
    if results.query:
        search_log_record(
            query=results.query, language=language, result_count=len(results.exact), source="agent"
        )
    return results, language


def _link(request: HttpRequest, hit: Hit) -> str:
    return request.build_absolute_uri(
        reverse("help:article", kwargs={"language": hit.language, "slug": hit.slug})
    )


@login_required
@require_GET
def agent_search(request: HttpRequest) -> HttpResponse:
    """The KB panel's results (htmx): every region's articles, with the restriction shown."""
    results, language = _agent_search(request)
    rows = [{"hit": hit, "url": _link(request, hit)} for hit in results.hits]
    context = {"results": results, "rows": rows, "language": language, "flag_form": FlagForm()}
    return render(request, "knowledgebase/agent_results.html", context)


@login_required
@require_GET
def agent_search_json(request: HttpRequest) -> JsonResponse:
    """The same search for the chat console's composer."""
    results, language = _agent_search(request)
    return JsonResponse(
        {
            "query": results.query,
            "language": language,
            "results": [
                {
                    "article": hit.article_id,
                    "slug": hit.slug,
                    "language": hit.language,
                    "title": hit.title,
                    "url": _link(request, hit),
                    "snippet": hit.snippet,
                    "fallback": hit.fallback,
                    "typo": hit.typo,
                    "regions": hit.regions,
                    "hidden_in": hit.hidden_in,
                    "flag_url": reverse("knowledgebase:article-flag", kwargs={"pk": hit.article_id}),
                }
                for hit in results.hits
            ],
        }
    )


@login_required
@require_POST
def article_flag(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Flag as outdated" from the KB panel: audited, listed for editors until resolved."""
    article = get_object_or_404(Article, pk=pk)
    form = FlagForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Say what is outdated."), status=400)
    language = form.cleaned_data["language"] if form.cleaned_data["language"] in language_codes() else ""
    try:
        flag_create(
            article=article,
            actor=acting_user(request.user),
            reason=form.cleaned_data["reason"],
            language=language,
        )
    except DomainError as exc:
        return HttpResponse(exc.message, status=400)
    if request.headers.get("HX-Request"):
        return render(request, "knowledgebase/agent_flagged.html", {"article": article})
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"flagged": True}, status=201)
    return HttpResponseRedirect(request.META.get("HTTP_REFERER") or reverse("tickets:queue"))


@login_required
@require_POST
def flag_resolve_view(request: HttpRequest, pk: int) -> HttpResponse:
    # The role before the flag: a non-editor learns nothing of which flags exist or their state.
    if not kb_editor(request.user):
        raise PermissionDenied
    flag = get_object_or_404(ArticleFlag, pk=pk)
    try:
        flag_resolve(
            flag=flag, actor=acting_user(request.user), resolution=request.POST.get("resolution", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Flag resolved."))
    return HttpResponseRedirect(reverse("knowledgebase:report") + "#flags")


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    check_kb_report_visible(request.user)
    days = parse_int(request.GET.get("days"), default=30)
    period = days if days in PERIODS else 30
    now = timezone.now()
    since = now - dt.timedelta(days=period)
    by_day = deflection_by_day(since, now)
    context: dict[str, Any] = {
        "period": period,
        "periods": PERIODS,
        "deflection": deflection(since, now),
        "chart": deflection_chart(by_day),
        "top": top_searches(since),
        "empty": top_searches(since, no_results=True),
        "helpfulness": helpfulness(),
        "flags": open_flags(),
        "can_resolve": kb_editor(request.user),
        "idle_minutes": settings.KB_SESSION_IDLE_MINUTES,
        "language_name": language_name,
    }
    return render(request, "knowledgebase/report.html", context)

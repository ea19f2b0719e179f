"""The knowledge base report for editors: searches, gaps, helpfulness, flags and deflection.

Deflection (docs/knowledgebase.md): a help-center visit that searched or read an article and never
opened the contact form or the chat. Only visits that have ended (no request for
KB_SESSION_IDLE_MINUTES) are counted, so a visitor still reading is not yet a deflection.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Lower, TruncDate
from django.utils import timezone

from helpdesk.charts import BarSpec, Chart, Layout, bar_chart
from helpdesk.dates import format_day
from helpdesk.db_router import reporting
from knowledgebase.models import (
    ArticleFlag,
    ArticleTranslation,
    FlagStatus,
    SearchLog,
    SearchSource,
    VisitorSession,
)

LAYOUT = Layout(label_width=90, bar_space=460, bar_height=12, bar_gap=2, row_gap=8)


@dataclass(frozen=True)
class Deflection:
    engaged: int
    deflected: int

    @property
    def percent(self) -> float | None:
        return None if not self.engaged else 100 * self.deflected / self.engaged


@dataclass(frozen=True)
class DayRow:
    day: dt.date
    engaged: int
    deflected: int


def _ended_visits(since: dt.datetime, now: dt.datetime) -> QuerySet[VisitorSession]:
    idle = dt.timedelta(minutes=settings.KB_SESSION_IDLE_MINUTES)
    return VisitorSession.objects.filter(started_at__gte=since, last_seen_at__lt=now - idle).filter(
        Q(searches__gt=0) | Q(articles_read__gt=0)
    )


@reporting()
def deflection(since: dt.datetime, now: dt.datetime | None = None) -> Deflection:
    now = now or timezone.now()
    totals = _ended_visits(since, now).aggregate(
        engaged=Count("id"), deflected=Count("id", filter=Q(contacted_at__isnull=True))
    )
    return Deflection(engaged=totals["engaged"], deflected=totals["deflected"])


@reporting()
def deflection_by_day(since: dt.datetime, now: dt.datetime | None = None) -> list[DayRow]:
    now = now or timezone.now()
    rows = (
        _ended_visits(since, now)
        .annotate(day=TruncDate("started_at"))
        .values("day")
        .annotate(engaged=Count("id"), deflected=Count("id", filter=Q(contacted_at__isnull=True)))
        .order_by("day")
    )
    return [DayRow(day=r["day"], engaged=r["engaged"], deflected=r["deflected"]) for r in rows]


def deflection_chart(days: list[DayRow]) -> Chart:
    """Bars per day: visits that searched or read, and those that needed no contact."""
    top = max((d.engaged for d in days), default=0) or 1
    rows = [
        (
            format_day(d.day),
            [
                BarSpec(key="engaged", fraction=d.engaged / top, text=str(d.engaged)),
                BarSpec(key="deflected", fraction=d.deflected / top, text=str(d.deflected)),
            ],
        )
        for d in days
    ]
    return bar_chart(rows, LAYOUT)


@reporting()
def top_searches(since: dt.datetime, *, no_results: bool = False, limit: int = 20) -> list[dict[str, Any]]:
    qs = SearchLog.objects.filter(created_at__gte=since, source=SearchSource.HELP_CENTER)
    if no_results:
        qs = qs.filter(result_count=0)
    rows: Any = (
        qs.annotate(q=Lower("query"))
        .values("q", "language")
        .annotate(searches=Count("id"), clicks=Count("clicked_article"))
        .order_by("-searches", "q")[:limit]
    )
    return list(rows)


@reporting()
def helpfulness(limit: int = 25) -> list[ArticleTranslation]:
    """Translations with votes, least helpful first: where editors should look."""
    return list(
        ArticleTranslation.objects.filter(Q(helpful_yes__gt=0) | Q(helpful_no__gt=0))
        .select_related("article")
        .only("title", "language", "helpful_yes", "helpful_no", "views", "article__slug")
        .annotate(votes=F("helpful_yes") + F("helpful_no"))
        .order_by(F("helpful_yes") * 1.0 / (F("helpful_yes") + F("helpful_no")), "-votes")[:limit]
    )


@reporting()
def open_flags(limit: int = 50) -> list[ArticleFlag]:
    return list(
        ArticleFlag.objects.filter(status=FlagStatus.OPEN)
        .select_related("article", "flagged_by")
        .order_by("-created_at")[:limit]
    )

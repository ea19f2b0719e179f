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

from knowledgebase.models import (
    ArticleFlag,
    ArticleTranslation,
    FlagStatus,
    SearchLog,
    SearchSource,
    VisitorSession,
)

LABEL_WIDTH = 90
BAR_SPACE = 460
BAR_HEIGHT = 12
BAR_GAP = 2
ROW_GAP = 8


@dataclass(frozen=True)
class Bar:
    kind: str
    y: int
    width: float
    text: str


@dataclass(frozen=True)
class ChartRow:
    label: str
    y: int
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    axis_x: int
    axis_end: int
    rows: list[ChartRow]


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


def deflection(since: dt.datetime, now: dt.datetime | None = None) -> Deflection:
    now = now or timezone.now()
    totals = _ended_visits(since, now).aggregate(
        engaged=Count("id"), deflected=Count("id", filter=Q(contacted_at__isnull=True))
    )
    return Deflection(engaged=totals["engaged"], deflected=totals["deflected"])


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
    """Horizontal bars per day: visits that searched or read, and those that needed no contact."""
    top = max((d.engaged for d in days), default=0) or 1
    rows, y = [], 0
    row_height = 2 * (BAR_HEIGHT + BAR_GAP)
    for d in days:
        bars = [
            Bar(kind="engaged", y=y, width=round(BAR_SPACE * d.engaged / top, 1), text=str(d.engaged)),
            Bar(
                kind="deflected",
                y=y + BAR_HEIGHT + BAR_GAP,
                width=round(BAR_SPACE * d.deflected / top, 1),
                text=str(d.deflected),
            ),
        ]
        rows.append(ChartRow(label=d.day.isoformat(), y=y + row_height // 2 + 4, bars=bars))
        y += row_height + ROW_GAP
    return Chart(
        width=LABEL_WIDTH + BAR_SPACE + 60,
        height=max(y, 1),
        axis_x=LABEL_WIDTH,
        axis_end=LABEL_WIDTH + BAR_SPACE,
        rows=rows,
    )


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


def helpfulness(limit: int = 25) -> list[ArticleTranslation]:
    """Translations with votes, least helpful first: where editors should look."""
    return list(
        ArticleTranslation.objects.filter(Q(helpful_yes__gt=0) | Q(helpful_no__gt=0))
        .select_related("article")
        .only("title", "language", "helpful_yes", "helpful_no", "views", "article__slug")
        .annotate(votes=F("helpful_yes") + F("helpful_no"))
        .order_by(F("helpful_yes") * 1.0 / (F("helpful_yes") + F("helpful_no")), "-votes")[:limit]
    )


def open_flags(limit: int = 50) -> list[ArticleFlag]:
    return list(
        ArticleFlag.objects.filter(status=FlagStatus.OPEN)
        .select_related("article", "flagged_by")
        .order_by("-created_at")[:limit]
    )

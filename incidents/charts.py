"""Linked tickets over time: hourly columns for the incident pages, drawn as inline SVG."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncHour

from incidents.models import IncidentLink

WIDTH, HEIGHT, LEFT, BOTTOM = 720, 160, 40, 20


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str


@dataclass(frozen=True)
class TimeChart:
    width: int
    height: int
    left: int
    plot_bottom: int
    peak: int
    total: int
    columns: list[Column]
    first_label: str
    last_label: str


def links_per_hour(*, since: dt.datetime, until: dt.datetime, incident_id: int | None = None) -> TimeChart:
    """Tickets linked per hour between `since` and `until` (every link made, unlinked ones included)."""
    since = since.replace(minute=0, second=0, microsecond=0)
    hours = max(1, min(168, int((until - since).total_seconds() // 3600) + 1))
    qs = IncidentLink.objects.filter(linked_at__gte=since, linked_at__lte=until)
    if incident_id is not None:
        qs = qs.filter(incident_id=incident_id)
    counts = {
        row["hour"].astimezone(dt.UTC).replace(tzinfo=None): row["n"]
        for row in qs.annotate(hour=TruncHour("linked_at", tzinfo=dt.UTC))
        .values("hour")
        .annotate(n=Count("id"))
    }
    start = since.astimezone(dt.UTC).replace(tzinfo=None)
    series = [
        (start + dt.timedelta(hours=i), counts.get(start + dt.timedelta(hours=i), 0)) for i in range(hours)
    ]
    peak = max((n for _h, n in series), default=0)
    plot_width, plot_height = WIDTH - LEFT - 10, HEIGHT - BOTTOM - 10
    step = plot_width / len(series)
    columns = []
    for i, (hour, n) in enumerate(series):
        h = 0.0 if peak == 0 else round(plot_height * n / peak, 1)
        columns.append(
            Column(
                x=round(LEFT + i * step + 1, 1),
                y=round(10 + plot_height - h, 1),
                width=round(max(step - 2, 1), 1),
                height=h,
                count=n,
                label=hour.strftime("%d %b %H:00"),
            )
        )
    return TimeChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        plot_bottom=HEIGHT - BOTTOM,
        peak=peak,
        total=sum(n for _h, n in series),
        columns=columns,
        first_label=series[0][0].strftime("%d %b %H:00"),
        last_label=series[-1][0].strftime("%d %b %H:00"),
    )

"""The volatility windows every report compares against: one read, for any period.

`windows_between(start, end)` is the union of the detected surges and the market events supervisors
marked that meet [start, end), merged where they overlap or touch, and clipped to the period. An
ongoing event (no end yet) runs to the end of the period. One SQL statement (a UNION ALL).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import DateTimeField, Q, Value
from django.db.models.functions import Coalesce

from volatility.models import MarketEvent, SurgeWindow

Window = tuple[dt.datetime, dt.datetime]


def merge(windows: Iterable[Window]) -> tuple[Window, ...]:
    """Half-open windows, sorted, with those that overlap or touch joined into one."""
    merged: list[Window] = []
    for start, end in sorted(w for w in windows if w[1] > w[0]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)


def windows_between(start: dt.datetime, end: dt.datetime) -> tuple[Window, ...]:
    """The merged half-open volatility windows overlapping [start, end), clipped to it."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("windows_between needs aware datetimes")
    if end <= start:
        return ()
    surges = SurgeWindow.objects.filter(start__lt=end, end__gt=start).order_by().values_list("start", "end")
    events = (
        MarketEvent.objects.filter(Q(end__isnull=True) | Q(end__gt=start), start__lt=end)
        .annotate(until=Coalesce("end", Value(end, output_field=DateTimeField())))
        .order_by()
        .values_list("start", "until")
    )
    rows = surges.union(events, all=True)
    return merge((max(s, start), min(e, end)) for s, e in rows)

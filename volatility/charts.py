"""Arrivals against the usual, per 15-minute bucket, for the volatility page's chart."""

import datetime as dt
from typing import Any

from volatility.detection import BUCKET, bucket_floor, judge


def arrivals_vs_usual(*, now: dt.datetime, days: int = 7) -> dict[str, Any]:
    """The closed buckets of the last `days` days: arrivals, the usual and the surge bar of each. One
    statement (the period and its usual weeks, grouped by bucket)."""
    until = bucket_floor(now)
    judged = judge(until - dt.timedelta(days=days), until)
    return {
        "bucket_minutes": int(BUCKET.total_seconds() // 60),
        "starts": [b.start.isoformat() for b in judged],
        "arrivals": [b.arrivals for b in judged],
        "usual": [b.usual for b in judged],
        "bar": [b.bar for b in judged],
        "surge": [b.is_surge for b in judged],
    }

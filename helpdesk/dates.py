"""How moments read, in one place. Every page (and every stored sentence that names a time) formats
dates through these functions or the `dates` template filters built on them, one style per context:

- stamp: an absolute moment on timelines, lists and details, in the viewer's zone: "6 Dec 2026, 14:05";
- day: a date with no time of day: "6 Dec 2026";
- ago: how recent something is, or how long until it: "3 minutes ago", "in 2 hours" (pages show the
  stamp beside it as a tooltip);
- clock: the time of day in someone else's zone, named with that zone: "23:05 Asia/Tokyo".

Durations (a wait, the time left on a target) are not moments and have their own filters.
"""

import datetime as dt
import zoneinfo

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import dateformat, timezone

STAMP_FORMAT = "j M Y, H:i"
DAY_FORMAT = "j M Y"
CLOCK_FORMAT = "H:i"


def _local(value: dt.datetime, zone: dt.tzinfo | None = None) -> dt.datetime:
    """The moment in `zone`, else in the viewer's zone (the active one); naive values are read as UTC."""
    if timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return timezone.localtime(value, zone)


def format_stamp(value: dt.datetime, zone: dt.tzinfo | None = None) -> str:
    return str(dateformat.format(_local(value, zone), STAMP_FORMAT))


def format_day(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        value = _local(value)
    return str(dateformat.format(value, DAY_FORMAT))


def format_ago(value: dt.datetime) -> str:
    return str(naturaltime(value))


def zone_named(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def format_clock(value: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """The time of day in `zone`, not in the viewer's: what the clock on the customer's wall says."""
    return str(dateformat.format(value.astimezone(zone), CLOCK_FORMAT))

"""Template helpers of the configuration pages."""

import datetime as dt
from typing import Any

from django import template

from configuration.access import config_writable

register = template.Library()


@register.filter
def hours(value: Any) -> str:
    """A weekly shift or opening hours as "Mon 08:00-20:00": a wall-clock time in its own zone, with
    no date to format."""
    start: dt.time = value.start
    end: dt.time = value.end
    return f"{value.get_weekday_display()[:3]} {start.isoformat('minutes')}-{end.isoformat('minutes')}"


@register.filter
def configurable(user: Any) -> bool:
    return config_writable(user)

"""Template helpers of the routing pages: who sees their links, and how waiting times read."""

import datetime as dt
from typing import Any

from django import template
from django.utils.translation import gettext as _

from routing import access

register = template.Library()


@register.filter
def routing_overseeable(user: Any) -> bool:
    return access.routing_overseeable(user)


@register.filter
def wait(value: dt.timedelta | None) -> str:
    """A waiting time as a supervisor reads it at a glance: "45 s", "12 min", "3 h 05", "2 d 4 h"."""
    if value is None:
        return "—"
    seconds = max(int(value.total_seconds()), 0)
    if seconds < 60:
        return _("%(seconds)d s") % {"seconds": seconds}
    minutes = seconds // 60
    if minutes < 60:
        return _("%(minutes)d min") % {"minutes": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return _("%(hours)d h %(minutes)02d") % {"hours": hours, "minutes": minutes}
    days, hours = divmod(hours, 24)
    return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}


@register.filter
def fact(value: Any) -> str:
    """A fact of a routing decision as plain text: lists read as comma-separated words."""
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value)) if value else "—"
    return str(value)

"""The date styles of helpdesk/dates.py as template filters, each a <time> element with the moment
in machine form, so pages never format a date themselves."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from helpdesk import dates

register = template.Library()


def _iso(value: dt.date) -> str:
    return value.isoformat()


def _moment(value: dt.datetime | str | None) -> dt.datetime | None:
    """A datetime, or one kept as ISO 8601 text (facts stored in JSON); anything else is no moment."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    return value or None


@register.filter
def iso(value: dt.date | None) -> str:
    """The moment in machine form (ISO 8601) for attributes that scripts read."""
    return _iso(value) if value else ""


@register.filter
def stamp(value: dt.datetime | str | None) -> SafeString | str:
    value = _moment(value)
    if not value:
        return "—"
    return format_html('<time datetime="{}">{}</time>', _iso(value), dates.format_stamp(value))


@register.filter
def day(value: dt.date | None) -> SafeString | str:
    if not value:
        return "—"
    return format_html('<time datetime="{}">{}</time>', _iso(value), dates.format_day(value))


@register.filter
def ago(value: dt.datetime | str | None) -> SafeString | str:
    value = _moment(value)
    if not value:
        return "—"
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        _iso(value),
        dates.format_stamp(value),
        dates.format_ago(value),
    )


@register.simple_tag
def local_time(tzname: str) -> SafeString | str:
    """Now on the clock of someone in another zone (the customer's, when an agent decides whether to
    call), labelled with that zone; their date is the tooltip."""
    zone = dates.zone_named(tzname)
    if zone is None:
        return "—"
    now = timezone.now()
    return format_html(
        '<time datetime="{}" title="{}">{}</time> <span class="muted">{}</span>',
        now.astimezone(zone).isoformat(),
        dates.format_stamp(now, zone),
        dates.format_clock(now, zone),
        tzname,
    )

"""The customer-facing styles of helpdesk/formats.py as template filters, in the active language.

{% load customer_formats %}
{{ translation.updated_at|moment:"day" }}  ->  <time datetime="2026-12-06">December 6, 2026</time>
{{ limit|number }}   {{ amount|money:"EUR" }}
"""

import datetime as dt

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from helpdesk import formats

register = template.Library()


@register.filter
def moment(value: dt.datetime | dt.date | None, style: formats.Style) -> SafeString | str:
    if not value:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>', value.isoformat(), formats.format_moment(value, style)
    )


@register.filter
def number(value: object) -> str:
    return formats.format_number(value)


@register.filter
def money(value: object, currency: str) -> str:
    return formats.format_money(value, currency)

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def worktime_idle_minutes() -> int:
    """After this long without input a page stops earning handle time (COSTS_IDLE_MINUTES)."""
    return int(settings.COSTS_IDLE_MINUTES)

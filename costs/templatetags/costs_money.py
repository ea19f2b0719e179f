from django import template
from django.utils import translation

from helpdesk.formats import format_money

register = template.Library()


@register.filter
def money(amount: object, currency: str) -> str:
    """An hourly cost as the viewer's language writes an amount of the configured currency."""
    return format_money(amount, currency, translation.get_language())

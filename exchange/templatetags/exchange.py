"""`{% exchange_panel ticket %}` on the ticket page: a placeholder that loads the customer's live exchange
state by its own request, so a slow or absent exchange never holds the page up."""

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("exchange/panel.html")
def exchange_panel(ticket: Any) -> dict[str, Any]:
    return {"ticket": ticket}


@register.filter
def shorten(value: Any, keep: int = 8) -> str:
    """A long hash as its two ends (the whole value goes in the element's title)."""
    text = str(value or "")
    return text if len(text) <= 2 * keep + 1 else f"{text[:keep]}…{text[-keep:]}"

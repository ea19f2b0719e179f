from django import template

from tickets.models import format_reference

register = template.Library()


@register.filter
def case_reference(ticket_id: int | None) -> str:
    """A case's reference from its id alone (an entry of a merged case names it without a statement)."""
    return format_reference(ticket_id)

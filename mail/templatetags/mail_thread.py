"""The email conversation's controls on a ticket's timeline: who an entry offers to put in copy."""

from typing import Any

from django import template

from customers.contacts import MASKED, ContactMask
from mail.access import thread_widenable
from tickets.models import TimelineEntry

register = template.Library()


@register.filter
def email_offers(entry: TimelineEntry, mask: Any = None) -> list[tuple[int, str]]:
    """(position, address as the viewer may see it) of each person the entry offers for the thread."""
    shown = (mask if isinstance(mask, ContactMask) else MASKED).entry_data(entry.data)
    mail = shown.get("email") or {}
    people = [mail.get("from") or "", *(mail.get("to") or []), *(mail.get("cc") or [])]
    offered = [i for i in mail.get("offer") or [] if isinstance(i, int) and 0 <= i < len(people)]
    return [(i, str(people[i])) for i in offered]


@register.filter
def may_widen_thread(user: Any) -> bool:
    return thread_widenable(user)

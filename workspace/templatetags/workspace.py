from typing import Any

from django import template

from routing.models import AgentStatus, Presence

register = template.Library()


@register.simple_tag
def presence_of(user: Any) -> str:
    status = AgentStatus.objects.filter(user=user).values_list("presence", flat=True).first()
    return status or Presence.OFFLINE


@register.simple_tag
def presence_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Presence.choices]

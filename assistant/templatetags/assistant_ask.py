"""`{% ask_box language %}`: the help center's "Ask a question" box, in the page's language."""

from typing import Any

from django import template

from assistant.widget import ask_context

register = template.Library()


@register.inclusion_tag("assistant/ask_box.html", takes_context=True)
def ask_box(context: template.Context, language: str) -> dict[str, Any]:
    request = context["request"]
    return {**ask_context(request, language), "csrf_token": context.get("csrf_token"), "request": request}

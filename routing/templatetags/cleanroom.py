"""What the pages show partner agents in the clean room (routing/cleanroom.py)."""

from typing import Any

from django import template

from routing.cleanroom import attachment_download_allowed

register = template.Library()


@register.filter
def may_download_attachments(user: Any) -> bool:
    return attachment_download_allowed(user)

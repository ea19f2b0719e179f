from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def snippet_for(listing: Any, pk: int) -> SafeString | str:
    """The search's passage for ticket `pk` (already escaped, matches marked), or ""."""
    return listing.snippets.get(pk, "") if listing is not None else ""


@register.simple_tag(takes_context=True)
def sort_header(context: Any, key: str, label: Any) -> SafeString:
    """A column header that sorts by the column: a click sorts descending, a second click ascending."""
    request = context["request"]
    current, direction = context.get("sort", ""), context.get("direction", "desc")
    params = request.GET.copy()
    for name in ("before", "page"):
        params.pop(name, None)
    params["sort"] = key
    params["dir"] = "asc" if current == key and direction == "desc" else "desc"
    if current == key:
        state = "descending" if direction == "desc" else "ascending"
        hint = _("sorted descending") if direction == "desc" else _("sorted ascending")
        return format_html(
            '<th scope="col" aria-sort="{}"><a href="?{}" data-sort="{}" title="{}">{} '
            '<span aria-hidden="true">{}</span></a></th>',
            state,
            params.urlencode(),
            key,
            hint,
            label,
            "▼" if direction == "desc" else "▲",
        )
    return format_html(
        '<th scope="col"><a href="?{}" data-sort="{}">{}</a></th>', params.urlencode(), key, label
    )

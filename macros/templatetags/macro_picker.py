"""{% macro_picker %}: the picker's script, its endpoints and its words, once per page
(static/macros/picker.js fills every [data-macro-slot] on the page)."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()
TICKET = "HD-0"  # replaced in the script by the slot's ticket


@register.inclusion_tag("macros/picker.html")
def macro_picker() -> dict[str, Any]:
    return {
        "config": {
            "ticket_placeholder": TICKET,
            "list_url": reverse("api:ticket-macros", kwargs={"ticket": TICKET}),
            "render_url": reverse("api:ticket-macro-render", kwargs={"ticket": TICKET, "macro": 0}),
            "apply_url": reverse("api:ticket-macro-apply", kwargs={"ticket": TICKET, "macro": 0}),
            "manage_url": reverse("macros:macro-list"),
            "strings": {
                "label": _("Macros (Alt+M)"),
                "pick": _("Insert a macro…"),
                "shared": _("Shared"),
                "personal": _("Mine"),
                "none": _("No macros for this case."),
                "loading": _("Loading…"),
                "error": _("That did not work. Please try again."),
                "missing": _("Fill in before sending:"),
                "actions": _("This macro also:"),
                "apply": _("Apply actions"),
                "on_send": _("Apply these when I send"),
                "applied": _("Actions applied."),
                "dismiss": _("Skip actions"),
                "manage": _("Manage macros"),
            },
        }
    }

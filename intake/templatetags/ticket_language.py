"""The ticket's language and each customer message's detected language, as agents see them."""

from typing import Any

from django import template
from django.conf import settings
from django.utils.translation import gettext as _

from intake.language import language_native_name, pin_state
from intake.language_views import TicketLanguageForm
from tickets.models import EntryKind, Ticket

register = template.Library()

# How many of a chat's latest customer messages the console's side panel lists with their language.
CHAT_MESSAGES_SHOWN = 5


@register.filter
def native_language(code: Any) -> str:
    return language_native_name(str(code or ""))


@register.filter
def entry_language(entry: Any) -> str:
    """ "Español · 97%" for a message whose language was read; "" when nothing could be (a TxID alone)."""
    found = (entry.data or {}).get("language") if entry.kind == EntryKind.CUSTOMER_MESSAGE else None
    if not isinstance(found, dict) or not found.get("code"):
        return ""
    shown = (
        f"{language_native_name(str(found['code']))} · {round(float(found.get('confidence') or 0) * 100)}%"
    )
    return shown if found.get("counts") else _("%(language)s (not counted)") % {"language": shown}


def _card(ticket: Ticket, pin: dict[str, Any] | None, next_url: str = "") -> dict[str, Any]:
    return {
        "ticket": ticket,
        "pin": pin,
        "language_name": language_native_name(ticket.language),
        "form": TicketLanguageForm(initial={"language": ticket.language, "action": "pin"}),
        "languages": [(code, language_native_name(code)) for code, _name in settings.LANGUAGES],
        "next_url": next_url,
    }


@register.inclusion_tag("intake/ticket_language_card.html")
def ticket_language_card(ticket: Ticket, entries: list[Any]) -> dict[str, Any]:
    """The ticket page's language card; the pin is read from the timeline the page loaded already."""
    return _card(ticket, pin_state(entries))


@register.inclusion_tag("intake/chat_language.html")
def chat_language(ticket: Ticket, next_url: str = "") -> dict[str, Any]:
    """The chat console's side panel: the ticket's language, the latest customer messages' detected
    languages, and the correction."""
    latest = list(
        ticket.entries.filter(kind=EntryKind.CUSTOMER_MESSAGE)
        .order_by("-pk")
        .only("pk", "kind", "data", "body")[:CHAT_MESSAGES_SHOWN]
    )
    pins = list(
        ticket.entries.filter(
            kind=EntryKind.SYSTEM_EVENT, data__event__in=["language_pinned", "language_unpinned"]
        )
        .select_related("author")
        .order_by("-pk")[:1]
    )
    return {**_card(ticket, pin_state(pins), next_url), "recent": latest}

"""A macro as an agent sees it on one ticket: the text in the ticket's language, and its pending actions."""

from typing import Any

from django.db.models import QuerySet

from macros.access import macros_visible_to
from macros.actions import clean_actions, describe_actions
from macros.models import Macro, MacroVariant
from macros.placeholders import describe, placeholder_values, render
from routing.models import Team
from tickets.models import Ticket


def variant_for(variants: list[MacroVariant], language: str) -> MacroVariant:
    """The variant in `language`, else in its base language (pt for pt-br), else the default."""
    by_language = {v.language: v for v in variants}
    code = (language or "").lower()
    for candidate in (code, code.split("-")[0]):
        if candidate and candidate in by_language:
            return by_language[candidate]
    if "" in by_language:
        return by_language[""]
    return variants[0]


def macros_for_ticket(user: Any) -> QuerySet[Macro]:
    """What the picker lists: active macros the user may apply, with their languages, in two queries."""
    return (
        macros_visible_to(user)
        .filter(is_active=True)
        .prefetch_related("variants")
        .order_by("scope", "title", "id")
    )


def macro_render(macro: Macro, ticket: Ticket, user: Any) -> dict[str, Any]:
    variant = variant_for(list(macro.variants.all()), ticket.language)
    text, missing = render(variant.body, placeholder_values(ticket, user))
    actions = clean_actions(macro.actions)
    teams = (
        dict(Team.objects.filter(pk=actions["team"]).values_list("pk", "name")) if "team" in actions else {}
    )
    return {
        "macro": macro.pk,
        "title": macro.title,
        "language": variant.language,
        "text": text,
        "missing": describe(missing),
        "actions": actions,
        "action_lines": describe_actions(actions, teams),
    }

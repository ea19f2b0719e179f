"""Every write to macros, and applying a macro's actions to a ticket through the single-ticket services."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from casework import services as casework
from macros.access import manages_shared
from macros.actions import ASSIGN_ME, Actions, clean_actions
from macros.models import Macro, MacroVariant, Scope
from macros.placeholders import unknown_placeholders
from routing.models import Team
from tickets import services as core
from tickets.models import Ticket

LANGUAGES = {code for code, _name in settings.LANGUAGES}
MAX_BODY = 5000


def clean_variants(variants: Mapping[str, str]) -> dict[str, str]:
    """language -> body; "" is the default every macro needs. ValidationError naming each fault."""
    errors: dict[str, str] = {}
    clean: dict[str, str] = {}
    for language, body in variants.items():
        body = (body or "").strip()
        field = f"body_{language or 'default'}"
        if language and language not in LANGUAGES:
            errors[field] = _("unknown language %(code)s") % {"code": language}
            continue
        if not body:
            if not language:
                errors[field] = _("every macro needs a default text")
            continue
        if len(body) > MAX_BODY:
            errors[field] = _("at most %(count)s characters") % {"count": MAX_BODY}
            continue
        unknown = unknown_placeholders(body)
        if unknown:
            errors[field] = _("unknown placeholders: %(names)s") % {
                "names": ", ".join("{{" + name + "}}" for name in unknown)
            }
            continue
        clean[language] = body
    if "" not in variants and "body_default" not in errors:
        errors["body_default"] = _("every macro needs a default text")
    if errors:
        raise ValidationError(errors)
    return clean


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title or len(title) > 120:
        raise ValidationError({"title": _("the title must have 1 to 120 characters")})
    return title


def _check_scope(actor: User, scope: str, team: Team | None) -> None:
    if scope not in Scope.values:
        raise ValidationError({"scope": _("choose shared or personal")})
    if scope == Scope.SHARED and not manages_shared(actor):
        raise PermissionDenied(_("Shared macros are kept by supervisors and admins."))
    if scope == Scope.PERSONAL and team is not None:
        raise ValidationError({"team": _("only a shared macro is kept for one team")})


def _snapshot(macro: Macro, variants: Mapping[str, str]) -> dict[str, Any]:
    return {
        "title": macro.title,
        "scope": macro.scope,
        "team": macro.team_id,
        "actions": macro.actions,
        "is_active": macro.is_active,
        "variants": dict(sorted(variants.items())),
    }


def _cleaned(*, title: str, variants: Mapping[str, str], actions: Any) -> dict[str, Any]:
    """Title, texts and actions checked together, so one refusal names every field that is wrong."""
    errors: dict[str, Any] = {}
    clean: dict[str, Any] = {}
    for name, check in (
        ("title", lambda: _clean_title(title)),
        ("variants", lambda: clean_variants(variants)),
        ("actions", lambda: clean_actions(actions)),
    ):
        try:
            clean[name] = check()
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return clean


def macro_create(
    *,
    actor: User,
    title: str,
    scope: str,
    variants: Mapping[str, str],
    actions: Any = None,
    team: Team | None = None,
) -> Macro:
    _check_scope(actor, scope, team)
    clean = _cleaned(title=title, variants=variants, actions=actions)
    now = timezone.now()
    with transaction.atomic():
        macro = Macro.objects.create(
            title=clean["title"],
            scope=scope,
            owner=actor if scope == Scope.PERSONAL else None,
            team=team,
            actions=clean["actions"],
            created_at=now,
            updated_at=now,
        )
        MacroVariant.objects.bulk_create(
            [MacroVariant(macro=macro, language=lang, body=body) for lang, body in clean["variants"].items()]
        )
        audit_record(
            action="macro.created", obj=macro, actor=actor, after=_snapshot(macro, clean["variants"])
        )
    return macro


def macro_update(
    *,
    macro: Macro,
    actor: User,
    title: str,
    variants: Mapping[str, str],
    actions: Any = None,
    team: Team | None = None,
    is_active: bool = True,
) -> Macro:
    """Replace the macro's title, texts, actions and team (the scope stays what it was)."""
    _check_scope(actor, macro.scope, team)
    clean = _cleaned(title=title, variants=variants, actions=actions)
    with transaction.atomic():
        macro = Macro.objects.select_for_update().get(pk=macro.pk)
        before = _snapshot(macro, dict(macro.variants.values_list("language", "body")))
        macro.title = clean["title"]
        macro.team = team
        macro.actions = clean["actions"]
        macro.is_active = is_active
        macro.updated_at = timezone.now()
        macro.save(update_fields=["title", "team", "actions", "is_active", "updated_at"])
        macro.variants.exclude(language__in=list(clean["variants"])).delete()
        for language, body in clean["variants"].items():
            MacroVariant.objects.update_or_create(macro=macro, language=language, defaults={"body": body})
        after = _snapshot(macro, clean["variants"])
        if before != after:
            audit_record(action="macro.updated", obj=macro, actor=actor, before=before, after=after)
    return macro


def macro_deactivate(*, macro: Macro, actor: User) -> Macro:
    with transaction.atomic():
        updated = Macro.objects.filter(pk=macro.pk, is_active=True).update(
            is_active=False, updated_at=timezone.now()
        )
        if updated:
            audit_record(
                action="macro.deactivated",
                obj=macro,
                actor=actor,
                before={"is_active": True},
                after={"is_active": False},
            )
    macro.is_active = False
    return macro


def macro_used(*, macro: Macro) -> None:
    """Counted when its text is inserted: one UPDATE, no read (two agents at once both count)."""
    Macro.objects.filter(pk=macro.pk).update(usage_count=F("usage_count") + 1)


def macro_actions_apply(*, macro: Macro, ticket: Ticket, actor: User) -> list[str]:
    """Run the macro's actions on the ticket, each through the single-ticket service that audits it, in
    one transaction: all of them or none. Returns the names of the actions that ran."""
    actions: Actions = clean_actions(macro.actions)
    done: list[str] = []
    with transaction.atomic():
        if "team" in actions or actions.get("assign") == ASSIGN_ME:
            kwargs: dict[str, Any] = {}
            if "team" in actions:
                kwargs["team"] = Team.objects.get(pk=actions["team"])
            assignee = actor if actions.get("assign") == ASSIGN_ME else ticket.assignee
            ticket = casework.ticket_assign(ticket=ticket, actor=actor, assignee=assignee, **kwargs)
            done.append("assign")
        if "priority" in actions:
            ticket = casework.ticket_update(ticket=ticket, actor=actor, priority=actions["priority"])
            done.append("priority")
        if actions.get("tags"):
            current = list(ticket.tags.values_list("name", flat=True))
            ticket = core.ticket_set_tags(ticket=ticket, actor=actor, tags=[*current, *actions["tags"]])
            done.append("tags")
        if "status" in actions:
            ticket = casework.ticket_set_status(ticket=ticket, actor=actor, status=actions["status"])
            done.append("status")
        audit_record(
            action="macro.applied", obj=macro, actor=actor, after={"ticket": ticket.pk, "actions": done}
        )
    return done

"""A macro's actions as validated data, and what they do when an agent applies them to a ticket."""

from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tickets.models import Priority, Status
from tickets.services import MAX_TAGS

ASSIGN_ME = "me"
KEYS = ("status", "tags", "assign", "team", "priority")
# A macro may move a ticket to these; closing is the sweep's, and "new" is not a move.
STATUSES = (Status.OPEN, Status.PENDING, Status.ON_HOLD, Status.SOLVED)


class Actions(TypedDict, total=False):
    status: str
    tags: list[str]
    assign: str
    team: int
    priority: int


def clean_actions(raw: Any) -> Actions:
    """The actions as stored; ValidationError with a message per bad key."""
    if raw in (None, ""):
        return {}
    if not isinstance(raw, dict):
        raise ValidationError(_("actions must be an object"))
    errors: dict[str, str] = {}
    unknown = set(raw) - set(KEYS)
    if unknown:
        errors["actions"] = _("unknown actions: %(keys)s") % {"keys": ", ".join(sorted(map(str, unknown)))}
    clean: Actions = {}
    status = raw.get("status")
    if status not in (None, ""):
        if status not in STATUSES:
            errors["status"] = _("choose open, pending, on hold or solved")
        else:
            clean["status"] = str(status)
    tags = raw.get("tags")
    if tags not in (None, "", []):
        if isinstance(tags, str):
            tags = [t for t in (part.strip() for part in tags.split(",")) if t]
        if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
            errors["tags"] = _("tags are a list of names")
        elif len(tags) > MAX_TAGS:
            errors["tags"] = _("at most %(count)s tags") % {"count": MAX_TAGS}
        else:
            clean["tags"] = sorted({slugify(t, allow_unicode=True)[:50] for t in tags} - {""})
    assign = raw.get("assign")
    if assign not in (None, ""):
        if assign != ASSIGN_ME:
            errors["assign"] = _('the only assignee a macro names is "me", the agent who applies it')
        else:
            clean["assign"] = ASSIGN_ME
    team = raw.get("team")
    if team not in (None, ""):
        from routing.models import Team

        team_id = int(team) if isinstance(team, int) or (isinstance(team, str) and team.isdigit()) else None
        if team_id is None or not Team.objects.filter(pk=team_id).exists():
            errors["team"] = _("no such team")
        else:
            clean["team"] = team_id
    priority = raw.get("priority")
    if priority not in (None, ""):
        value = int(priority) if isinstance(priority, int) or str(priority).isdigit() else None
        if value not in Priority.values:
            errors["priority"] = _("no such priority")
        else:
            clean["priority"] = int(value)
    if errors:
        raise ValidationError(errors)
    return clean


def describe_actions(actions: Actions, team_names: dict[int, str] | None = None) -> list[str]:
    """The pending actions in words, for the agent to read before applying them."""
    lines: list[str] = []
    if "status" in actions:
        lines.append(_("Set the status to %(status)s") % {"status": Status(actions["status"]).label})
    if "priority" in actions:
        lines.append(
            _("Set the priority to %(priority)s") % {"priority": Priority(actions["priority"]).label}
        )
    if actions.get("tags"):
        lines.append(_("Add the tags %(tags)s") % {"tags": ", ".join(actions["tags"])})
    if "team" in actions:
        name = (team_names or {}).get(actions["team"], str(actions["team"]))
        lines.append(_("Move to the team %(team)s") % {"team": name})
    if actions.get("assign") == ASSIGN_ME:
        lines.append(_("Assign to me"))
    return lines

"""A notification's line and link, written when shown, in the reader's language. Only the case's
reference and staff names appear: what a recipient may see of the case is on the case's page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.models import Kind, Notification
from sla.models import Target
from tickets.models import format_reference


def describe(n: Notification) -> str:
    values = {
        "reference": format_reference(n.ticket_id),
        "actor": n.actor.display_name if n.actor else _("Routing"),
        "target": _target_label(n.target),
    }
    if n.kind == Kind.ASSIGNED:
        return _("%(reference)s was assigned to you by %(actor)s") % values
    if n.kind == Kind.MENTIONED:
        return _("%(actor)s mentioned you on %(reference)s") % values
    if n.kind == Kind.SLA_WARNING:
        return _("%(reference)s: %(target)s is due soon") % values
    if n.kind == Kind.SLA_BREACHED:
        if n.target == "executive":
            return _("%(reference)s was escalated to executives") % values
        return _("%(reference)s: %(target)s target breached") % values
    if n.kind == Kind.APPROVAL_REQUESTED:
        return _("%(actor)s asks for approval on %(reference)s") % values
    return _("%(actor)s decided your approval request on %(reference)s") % values


def _target_label(target: str) -> str:
    return str(Target(target).label) if target in Target.values else ""


def link(n: Notification) -> str:
    if n.target.startswith("approval:"):
        return reverse("approvals:request-detail", args=[int(n.target.split(":", 1)[1])])
    return reverse("tickets:ticket-detail", args=[n.ticket_id])

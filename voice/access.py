"""Who may see and take which call: agents of partner teams only their own team's callers; every
other agent every caller (a phone queue is everyone's work)."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.access import is_partner_agent
from voice.models import Call, Callback


def calls_visible_to(user: Any) -> QuerySet[Call]:
    qs = Call.objects.all()
    if is_partner_agent(user):
        qs = qs.filter(team__in=user.teams.all())
    return qs


def callbacks_visible_to(user: Any) -> QuerySet[Callback]:
    return Callback.objects.filter(call__in=calls_visible_to(user))


def call_for_agent(user: Any, call_id: int) -> Call:
    """404, not 403, so the ids of calls of other teams leak nothing."""
    if not calls_visible_to(user).filter(pk=call_id).exists():
        raise Http404(_("No such call"))
    return Call(pk=call_id)


def callback_for_agent(user: Any, callback_id: int) -> Callback:
    if not callbacks_visible_to(user).filter(pk=callback_id).exists():
        raise Http404(_("No such callback"))
    return Callback(pk=callback_id)

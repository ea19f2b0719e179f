"""The only answer to "may this user read this bulk job": its own author, or a supervisor or admin."""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Role
from bulk.models import BulkJob


def job_for_user(user: Any, job_id: int) -> BulkJob:
    qs = BulkJob.objects.select_related("actor")
    if getattr(user, "role", None) not in (Role.SUPERVISOR, Role.ADMIN):
        qs = qs.filter(actor_id=getattr(user, "pk", None))
    try:
        return qs.get(pk=job_id)
    except BulkJob.DoesNotExist:
        raise Http404(_("No such bulk job")) from None

"""Bulk actions: one change applied to many tickets, each through the single-ticket service.

`bulk_job_create` checks the action once (the assignee, team, macro or merge target must be one the
actor could pick on a single ticket), writes the job and a row per selected ticket, and audits the
job. `bulk_job_run` then takes the pending rows in order; for each, in one transaction: the ticket as
the actor may see it (else skipped, with the reason), the service's change (a refusal is skipped with
its message, an error failed), the row's outcome and the job's counters. So a run that stops half
way leaves every ticket either changed and marked done, or untouched and pending, and a second run
(or a second worker: rows are taken with SKIP LOCKED) carries on without changing a ticket twice.
"""

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from bulk.models import Action, BulkJob, BulkJobItem, JobState, Outcome
from casework import services as casework
from casework.merging import ticket_merge
from helpdesk.errors import DomainError
from macros.access import macro_for_agent
from macros.models import Macro
from macros.rendering import macro_render
from macros.services import macro_actions_apply
from routing.access import assignable_teams
from routing.models import Team
from tickets import services as core
from tickets.access import assignable_agents
from tickets.models import Priority, Status, Ticket
from tickets.services import KEEP, MAX_TAGS

logger = logging.getLogger(__name__)

# Up to this many tickets run in the request; more go to the worker with a progress bar.
SYNC_LIMIT = 50
MAX_TICKETS = 10_000
# A job that has not moved for this long is queued again (a row takes well under a second).
STALLED_AFTER = dt.timedelta(minutes=10)


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise DomainError(_("%(field)s must be a number") % {"field": what}, code="invalid")
    number = int(value)
    if number > 2**63 - 1:
        raise DomainError(_("%(field)s must be a number") % {"field": what}, code="invalid")
    return number


def _tags(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [part.strip() for part in value.replace(",", " ").split()]
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise DomainError(_("tags are a list of names"))
    names = [t.strip() for t in value if t.strip()]
    if not names or len(names) > MAX_TAGS:
        raise DomainError(_("name 1 to %(count)s tags") % {"count": MAX_TAGS})
    return names


def clean_params(*, actor: User, action: str, params: Any) -> dict[str, Any]:
    """The action's parameters as stored, checked as the single-ticket forms check them; DomainError."""
    if action not in Action.values:
        raise DomainError(_("unknown bulk action"), code="invalid")
    if not isinstance(params, dict):
        raise DomainError(_("params must be an object"), code="invalid")
    if action == Action.ASSIGN:
        assignee = params.get("assignee")
        team = params.get("team")
        clean: dict[str, Any] = {"assignee": None, "team": None}
        if assignee not in (None, ""):
            pk = _int(assignee, "assignee")
            if not assignable_agents(actor).filter(pk=pk).exists():
                raise DomainError(_("you cannot hand tickets to that agent"))
            clean["assignee"] = pk
        if team not in (None, ""):
            clean["team"] = _team(team)
        if clean == {"assignee": None, "team": None}:
            raise DomainError(_("choose an agent or a team"))
        return clean
    if action == Action.TEAM:
        return {"team": _team(params.get("team"))}
    if action == Action.STATUS:
        status = params.get("status")
        if status not in Status.values or status == Status.CLOSED:
            raise DomainError(_("choose a status"))
        return {"status": status}
    if action == Action.PRIORITY:
        priority = params.get("priority")
        if isinstance(priority, str) and priority.isdigit():
            priority = int(priority)
        if priority not in Priority.values:
            raise DomainError(_("choose a priority"))
        return {"priority": priority}
    if action in (Action.ADD_TAGS, Action.REMOVE_TAGS):
        return {"tags": _tags(params.get("tags"))}
    if action == Action.MACRO:
        try:
            macro = macro_for_agent(actor, _int(params.get("macro"), "macro"))
        except Http404:
            raise DomainError(_("no such macro"), code="not_found") from None
        return {"macro": macro.pk, "reply": params.get("reply") in (True, "on", "true", "1")}
    target_id = _int(params.get("target"), "target")
    if not Ticket.objects.visible_to(actor).filter(pk=target_id).exists():
        raise DomainError(_("no such target ticket"), code="not_found")
    return {"target": target_id, "confirm_other_customer": params.get("confirm_other_customer") is True}


def _team(value: Any) -> int:
    pk = _int(value, "team")
    if not assignable_teams().filter(pk=pk).exists():
        raise DomainError(_("no such team"))
    return pk


def bulk_job_create(*, actor: User, action: str, params: Any, ticket_ids: Iterable[int]) -> BulkJob:
    """The job and its rows, pending; nothing is applied yet (`bulk_job_run`)."""
    clean = clean_params(actor=actor, action=action, params=params)
    ids = list(dict.fromkeys(ticket_ids))
    if not ids:
        raise DomainError(_("select at least one ticket"), code="empty")
    if len(ids) > MAX_TICKETS:
        raise DomainError(_("at most %(count)s tickets at once") % {"count": MAX_TICKETS})
    with transaction.atomic():
        now = timezone.now()
        job = BulkJob.objects.create(
            actor=actor, action=action, params=clean, total=len(ids), created_at=now, progressed_at=now
        )
        BulkJobItem.objects.bulk_create([BulkJobItem(job=job, ticket_id=pk) for pk in ids], batch_size=2000)
        audit_record(
            action="bulk.started",
            obj=job,
            actor=actor,
            after={"action": action, "params": clean, "total": len(ids)},
        )
    return job


@dataclass
class _Context:
    """What every ticket of one run needs, read once."""

    job: BulkJob
    actor: User
    # What the actor may change, decided once (a partner's teams are read once, not per ticket).
    visible: Any = None
    assignee: User | None = None
    team: Team | None = None
    macro: Macro | None = None
    target: Ticket | None = None


def _context(job: BulkJob) -> _Context:
    ctx = _Context(job=job, actor=job.actor, visible=Ticket.objects.visible_to(job.actor))
    p = job.params
    if p.get("assignee"):
        ctx.assignee = User.objects.get(pk=p["assignee"])
    if p.get("team"):
        ctx.team = Team.objects.get(pk=p["team"])
    if p.get("macro"):
        ctx.macro = Macro.objects.get(pk=p["macro"])
    if p.get("target"):
        ctx.target = Ticket.objects.get(pk=p["target"])
    return ctx


def _apply(ctx: _Context, ticket: Ticket) -> None:
    """The one action on one ticket, through the single-ticket service; DomainError when refused."""
    action, p, actor = ctx.job.action, ctx.job.params, ctx.actor
    if action == Action.ASSIGN:
        assignee = ctx.assignee if p.get("assignee") else ticket.assignee
        casework.ticket_assign(ticket=ticket, actor=actor, assignee=assignee, team=ctx.team or KEEP)
    elif action == Action.TEAM:
        assert ctx.team is not None
        if ticket.team_id != ctx.team.pk:
            casework.ticket_transfer(ticket=ticket, actor=actor, team=ctx.team)
    elif action == Action.STATUS:
        casework.ticket_set_status(ticket=ticket, actor=actor, status=p["status"])
    elif action == Action.PRIORITY:
        casework.ticket_update(ticket=ticket, actor=actor, priority=p["priority"])
    elif action in (Action.ADD_TAGS, Action.REMOVE_TAGS):
        current = list(ticket.tags.values_list("name", flat=True))
        if action == Action.ADD_TAGS:
            tags = [*current, *p["tags"]]
        else:
            gone = {slugify(name, allow_unicode=True)[:50] for name in p["tags"]}
            tags = [t for t in current if t not in gone]
        core.ticket_set_tags(ticket=ticket, actor=actor, tags=tags)
    elif action == Action.MACRO:
        _apply_macro(ctx, ticket)
    else:
        assert ctx.target is not None
        if ticket.pk == ctx.target.pk:
            raise DomainError(_("this is the ticket the others are merged into"), code="merge_self")
        ticket_merge(
            source=ticket,
            target=ctx.target,
            actor=actor,
            confirm_other_customer=p.get("confirm_other_customer", False),
            reason=_("bulk action #%(job)s") % {"job": ctx.job.pk},
        )


def _apply_macro(ctx: _Context, ticket: Ticket) -> None:
    assert ctx.macro is not None
    if not ctx.macro.is_active:
        raise DomainError(_("the macro was deactivated"))
    if ctx.job.params.get("reply"):
        rendered = macro_render(ctx.macro, ticket, ctx.actor)
        if rendered["missing"]:
            names = ", ".join(str(m["label"]) for m in rendered["missing"])
            raise DomainError(_("the macro's text has no value here for %(names)s") % {"names": names})
        casework.ticket_reply(ticket=ticket, author=ctx.actor, body=rendered["text"])
    macro_actions_apply(macro=ctx.macro, ticket=ticket, actor=ctx.actor)


_COUNTER = {Outcome.DONE: "done", Outcome.SKIPPED: "skipped", Outcome.FAILED: "failed"}


def _one(ctx: _Context, item: BulkJobItem) -> None:
    """One row, in the caller's transaction, holding the row's lock."""
    ticket = ctx.visible.select_related("customer", "assignee", "team").filter(pk=item.ticket_id).first()
    if ticket is None:
        outcome, reason = Outcome.SKIPPED, _("no such ticket, or not one you may change")
    else:
        try:
            # A savepoint: a refusal or error half way through (a macro's second action) undoes this
            # ticket's changes and no more.
            with transaction.atomic():
                _apply(ctx, ticket)
            outcome, reason = Outcome.DONE, ""
        except DomainError as refused:
            outcome, reason = Outcome.SKIPPED, str(refused.message)
        except Exception:
            logger.exception("bulk job %s: ticket %s failed", ctx.job.pk, item.ticket_id)
            outcome, reason = Outcome.FAILED, _("an unexpected error; nothing was changed on this ticket")
    item.outcome, item.reason = outcome, reason[:300]
    item.save(update_fields=["outcome", "reason"])
    BulkJob.objects.filter(pk=ctx.job.pk).update(
        progressed_at=timezone.now(), **{_COUNTER[outcome]: F(_COUNTER[outcome]) + 1}
    )


def bulk_job_run(*, job_id: int, limit: int | None = None) -> BulkJob:
    """Apply the job to its pending rows (at most `limit` of them), each in a transaction of its own,
    then finish it once nothing is pending. Safe to run twice, or in two workers at once."""
    job = BulkJob.objects.select_related("actor").get(pk=job_id)
    if job.state == JobState.FINISHED:
        return job
    BulkJob.objects.filter(pk=job.pk, state=JobState.QUEUED).update(state=JobState.RUNNING)
    ctx = _context(job)
    handled = 0
    while limit is None or handled < limit:
        with transaction.atomic():
            item = (
                BulkJobItem.objects.select_for_update(skip_locked=True)
                .filter(job_id=job.pk, outcome=Outcome.PENDING)
                .order_by("id")
                .first()
            )
            if item is None:
                break
            _one(ctx, item)
        handled += 1
    return _finish(job.pk)


def _finish(job_id: int) -> BulkJob:
    with transaction.atomic():
        job = BulkJob.objects.select_for_update().get(pk=job_id)
        pending = BulkJobItem.objects.filter(job_id=job_id, outcome=Outcome.PENDING).exists()
        if job.state != JobState.FINISHED and not pending:
            job.state = JobState.FINISHED
            job.finished_at = timezone.now()
            job.save(update_fields=["state", "finished_at"])
            audit_record(
                action="bulk.finished",
                obj=job,
                actor=job.actor,
                after={"done": job.done, "skipped": job.skipped, "failed": job.failed},
            )
    return job


def bulk_jobs_stalled_requeue(*, still_for: dt.timedelta = STALLED_AFTER, limit: int = 100) -> list[int]:
    """Queue again the unfinished jobs that have not moved for `still_for`: their worker was killed past
    the broker's redelivery, or the task never reached the broker. Running a job twice is safe (rows
    are taken with SKIP LOCKED and each commits its outcome with its ticket), so a job that is only
    slow loses nothing by being queued again; its clock is reset so the next sweep leaves it be."""
    from bulk.tasks import bulk_job_run_task

    cutoff = timezone.now() - still_for
    with transaction.atomic():
        ids = list(
            BulkJob.objects.exclude(state=JobState.FINISHED)
            .filter(progressed_at__lt=cutoff)
            .order_by("progressed_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            BulkJob.objects.filter(pk__in=ids).update(progressed_at=timezone.now())
            for pk in ids:
                transaction.on_commit(partial(bulk_job_run_task.delay, pk))
    return ids


def bulk_job_start(*, job: BulkJob) -> BulkJob:
    """Run a small job now; queue a larger one for the worker once the job is committed."""
    if job.total <= SYNC_LIMIT:
        return bulk_job_run(job_id=job.pk)
    from bulk.tasks import bulk_job_run_task

    transaction.on_commit(lambda: bulk_job_run_task.delay(job.pk))
    return job

"""The intake steps of tier 0 (intake/pipeline.py runs them before `route`).

Reading a message costs tens of milliseconds of CPU (a sentence encoder), so it happens in the worker,
never in the request or the socket that took the message in. A new case therefore waits for its
reading before it is routed: the step records a pending `Assessment` holding what routing was asked
for, queues the reading after the commit, and tells the pipeline not to route now. The reading routes
the case with the intent, specialty and priority it found (`assistant.services.assessment_run`); if the
worker never reads it, the stalled sweep routes it without tier 0, so no case is ever left unrouted.

Imports nothing that opens tickets (live chat, mail): those call the pipeline, which calls this.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection

from assistant.models import Assessment, AssessmentState, DecisionKind, Outcome
from helpdesk.inserts import CteInsert, cte_insert
from helpdesk.prepared import execute_prepared
from helpdesk.task_publish import TaskPublisher
from tickets.models import Ticket, TimelineEntry

if TYPE_CHECKING:
    from intake.types import Intake


_paused: ContextVar[bool] = ContextVar("assistant_paused", default=False)


def assistant_enabled() -> bool:
    return bool(getattr(settings, "ASSISTANT_ENABLED", False)) and not _paused.get()


@contextmanager
def assistant_paused() -> Iterator[None]:
    """Cases opened inside skip tier 0, as they would have before it existed: the demo replays such
    history (cases agents already worked) and must not have tier 0 answer it afresh."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


@functools.cache
def _assess_publisher() -> TaskPublisher:
    # By name: the task's module delivers through live chat and mail, which import the pipeline.
    return TaskPublisher(importlib.import_module("assistant.tasks").assistant_assess_task)


def assessment_queue(assessment_id: int) -> None:
    """Queue the reading once the caller commits; a broker that is down leaves it pending for the sweep.
    Every new case queues one: published with a message Celery built once (helpdesk/task_publish.py)."""
    _assess_publisher().publish_on_commit(assessment_id)


def assistant_first_step(ticket: Ticket, intake: Intake) -> Intake | None:
    """A new case: tier 0 reads its first message in the worker, and routing waits for the reading."""
    if intake.assessment_id is not None:
        # Written with the case in its own statement (`FirstReading`).
        assessment_queue(intake.assessment_id)
        return dataclasses.replace(intake, route=False)
    if not assistant_enabled() or intake.entry is None:
        return None
    assessment = Assessment.objects.create(
        ticket=ticket,
        entry=intake.entry,
        first=True,
        default_team=intake.default_team,
        push=intake.push,
        route=intake.route,
        created_at=intake.now,
    )
    assessment_queue(assessment.pk)
    return dataclasses.replace(intake, route=False)


@dataclasses.dataclass
class FirstReading:
    """A new case's pending reading, written by the statement that opens the case (PostgreSQL,
    `tickets.services.ticket_create_with_entry`'s `also`): the same row `assistant_first_step` would
    create, whose id that step then queues (`Intake.assessment_id`)."""

    default_team: Any
    push: bool
    route: bool
    id: int | None = None

    def write(self, ticket: Ticket, entry: TimelineEntry) -> CteInsert | None:
        if not assistant_enabled():
            return None
        assessment = Assessment(
            ticket=ticket,
            entry=entry,
            first=True,
            default_team=self.default_team,
            push=self.push,
            route=self.route,
            created_at=ticket.created_at,
        )
        return cte_insert(
            assessment,
            "assessment",
            refs={"ticket_id": "ticket.id", "entry_id": "entry.id"},
            sources=("ticket", "entry"),
            written=self._written,
        )

    def _written(self, key: Any) -> None:
        self.id = key


# Read on every visitor message while tier 0 is on: written once per process.
_LAST_READING_SQL = """
SELECT id, decision, outcome FROM assistant_assessment
WHERE ticket_id = %(ticket)s AND state = %(done)s ORDER BY id DESC LIMIT 1
"""


def _last_reading(ticket_id: int) -> tuple[int, str, str] | None:
    """The case's last finished tier-0 reading: its id, decision and outcome."""
    if connection.vendor == "postgresql":
        row, _names = execute_prepared(
            _LAST_READING_SQL, {"ticket": ticket_id, "done": AssessmentState.DONE.value}
        )
        return row
    return (
        Assessment.objects.filter(ticket_id=ticket_id, state=AssessmentState.DONE)
        .order_by("-id")
        .values_list("pk", "decision", "outcome")
        .first()
    )


def assistant_followup_step(ticket: Ticket, intake: Intake) -> Intake | None:
    """The customer wrote again after a tier-0 answer: that answer did not settle it. Tier 0 reads the
    new message and either tries once more or hands the case to a person (assessment_run decides)."""
    if not assistant_enabled() or intake.entry is None:
        return None
    last = _last_reading(ticket.pk)
    if last is None or last[1] != DecisionKind.ANSWER or last[2]:
        return None
    Assessment.objects.filter(pk=last[0]).update(outcome=Outcome.CAME_BACK, outcome_at=intake.now)
    assessment = Assessment.objects.create(
        ticket=ticket, entry=intake.entry, first=False, push=True, route=False, created_at=intake.now
    )
    assessment_queue(assessment.pk)
    return None

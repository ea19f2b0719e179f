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


# The same look as a column of a caller's statement that locks the ticket (live chat's lock): the last
# finished reading's id when it is an answer no outcome has settled yet, 0 when the last one is anything
# else, NULL when there is none.
_UNSETTLED_ANSWER_COLUMN = """(SELECT CASE WHEN a.decision = %(t0_answer)s AND a.outcome = ''
                     THEN a.id ELSE 0 END
        FROM assistant_assessment a WHERE a.ticket_id = {ticket} AND a.state = %(t0_done)s
        ORDER BY a.id DESC LIMIT 1)"""


def unsettled_answer_column(ticket: str) -> str:
    """What a caller's statement that locks the ticket (its id the SQL expression `ticket`) selects so
    that the follow-up step reads nothing of its own (parameters: `unsettled_answer_params`); one column."""
    return _UNSETTLED_ANSWER_COLUMN.format(ticket=ticket)


def unsettled_answer_params() -> dict[str, str]:
    return {"t0_answer": DecisionKind.ANSWER.value, "t0_done": AssessmentState.DONE.value}


def unsettled_answer_hold(ticket: Ticket, value: int | None) -> None:
    """The column as the caller's statement read it, in this transaction, with the chat's lock, which
    `assessment_run` also takes to finish a reading: this ticket's next follow-up step takes it instead
    of reading (taken once). A statement that waited for the lock reads its subqueries as they were
    before the writer it waited for committed, so the caller holds it only when the chat's number did
    not move meanwhile: a reading that answers a chat numbers its answer, and one finished without an
    answer gives the step the same outcome as the reading before it (none left unsettled)."""
    ticket._assistant_held_answer = (ticket.pk, value)  # type: ignore[attr-defined]


def _unsettled_answer(ticket: Ticket) -> int | None:
    """The id of the case's last finished reading if it is an answer no outcome has settled, else None."""
    held = ticket.__dict__.pop("_assistant_held_answer", None)
    if held is not None and held[0] == ticket.pk:
        return held[1] or None
    last = _last_reading(ticket.pk)
    if last is None or last[1] != DecisionKind.ANSWER or last[2]:
        return None
    return last[0]


def assistant_followup_step(ticket: Ticket, intake: Intake) -> Intake | None:
    """The customer wrote again after a tier-0 answer: that answer did not settle it. Tier 0 reads the
    new message and either tries once more or hands the case to a person (assessment_run decides)."""
    if not assistant_enabled() or intake.entry is None:
        ticket.__dict__.pop("_assistant_held_answer", None)
        return None
    answered = _unsettled_answer(ticket)
    if answered is None:
        return None
    Assessment.objects.filter(pk=answered).update(outcome=Outcome.CAME_BACK, outcome_at=intake.now)
    assessment = Assessment.objects.create(
        ticket=ticket, entry=intake.entry, first=False, push=True, route=False, created_at=intake.now
    )
    assessment_queue(assessment.pk)
    return None

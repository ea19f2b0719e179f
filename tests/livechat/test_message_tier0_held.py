"""A visitor's message reads tier 0's last reading of the chat in the statement that locks it, not in a
statement of its own. What the follow-up step decides is what its own read decided: an answer nothing
has settled is marked "came back" and the new message read again; anything else is left alone; and a
reading finished while the message waited for the chat's lock is seen."""

import threading
from typing import Any

import pytest
from django.db import connections
from django.utils import timezone

from assistant import steps
from assistant.models import Assessment, AssessmentState, DecisionKind, Outcome
from livechat import services
from livechat.models import Conversation
from tests.livechat.conftest import start_chat
from tests.locks import wait_until_waiting_on_a_lock
from tests.rowlock import RowLock
from tickets.models import Ticket


@pytest.fixture
def queued(settings: Any, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Tier 0 on, the readings it queues recorded instead of sent to the worker."""
    settings.ASSISTANT_ENABLED = True
    calls: list[int] = []
    monkeypatch.setattr(steps, "assessment_queue", calls.append)
    return calls


def _chat() -> tuple[int, Ticket]:
    conversation = int(start_chat(topic="withdrawal", message="how do I turn on 2fa?")["conversation"])
    return conversation, Conversation.objects.select_related("ticket").get(pk=conversation).ticket


def _reading(ticket: Ticket, decision: str, outcome: str = "") -> Assessment:
    return Assessment.objects.create(
        ticket=ticket,
        state=AssessmentState.DONE,
        decision=decision,
        outcome=outcome,
        created_at=timezone.now(),
    )


CASES = {
    "nothing read yet": lambda ticket: None,
    "an answer nothing settled": lambda ticket: _reading(ticket, DecisionKind.ANSWER),
    "an answer the customer said solved it": lambda ticket: _reading(
        ticket, DecisionKind.ANSWER, Outcome.SOLVED
    ),
    "a hand-off": lambda ticket: _reading(ticket, DecisionKind.HANDOFF),
    "an answer, then a hand-off": lambda ticket: (
        _reading(ticket, DecisionKind.ANSWER),
        _reading(ticket, DecisionKind.HANDOFF),
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES)
def test_the_chat_reads_tier0_again_exactly_when_the_steps_own_read_says_so(
    case, queued, django_capture_on_commit_callbacks
):
    conversation, ticket = _chat()
    Assessment.objects.filter(ticket=ticket).delete()
    CASES[case](ticket)
    own = steps._last_reading(ticket.pk)
    unsettled = own[0] if own is not None and own[1] == DecisionKind.ANSWER and not own[2] else None
    queued.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.chat_message_post(conversation_id=conversation, body="that did not work", client_id="v-1")

    outcomes = dict(Assessment.objects.filter(ticket=ticket).values_list("pk", "outcome"))
    new = Assessment.objects.filter(ticket=ticket, state=AssessmentState.PENDING, first=False)
    if unsettled is None:
        assert (queued, list(new)) == ([], [])
        assert Outcome.CAME_BACK not in outcomes.values()
    else:
        assert outcomes[unsettled] == Outcome.CAME_BACK
        assert queued == [new.get().pk]
    assert (unsettled is not None) == (case == "an answer nothing settled")


@pytest.mark.django_db
def test_the_last_reading_costs_the_message_no_statement_of_its_own(queued, django_assert_num_queries):
    conversation, ticket = _chat()
    Assessment.objects.filter(ticket=ticket).delete()
    _reading(ticket, DecisionKind.HANDOFF)
    services.chat_message_post(conversation_id=conversation, body="hello?", client_id="v-1")

    # The lock with everything the steps read, and the message (the clock, already waiting on the first
    # response, is not written): tier 0's look was a third.
    with django_assert_num_queries(2) as captured:
        services.chat_message_post(conversation_id=conversation, body="anyone?", client_id="v-2")
    assert not [q for q in captured.captured_queries if q["sql"].lstrip().startswith("SELECT id, decision")]


@pytest.mark.django_db(transaction=True)
def test_an_answer_finished_while_the_message_waited_for_the_chat_is_marked_came_back(queued):
    conversation, ticket = _chat()
    pending = Assessment.objects.get(ticket=ticket)
    queued.clear()
    # Tier 0's worker holds the chat while it finishes its reading, as assessment_run does.
    worker = RowLock(Conversation, conversation)
    errors: list[BaseException] = []

    def visitor() -> None:
        try:
            services.chat_message_post(
                conversation_id=conversation, body="that did not work", client_id="v-1"
            )
        except BaseException as error:  # reported below, from the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=visitor)
    thread.start()
    try:
        wait_until_waiting_on_a_lock(worker.connection, what="the visitor's message")
        # The reading answers: done, and its answer numbered in the chat, committed after the message's
        # statement began.
        worker.connection.execute(
            "UPDATE assistant_assessment SET state = %s, decision = %s WHERE id = %s",
            [AssessmentState.DONE.value, DecisionKind.ANSWER.value, pending.pk],
        )
        worker.connection.execute(
            "UPDATE livechat_conversation SET last_seq = last_seq + 1 WHERE id = %s", [conversation]
        )
        worker.connection.commit()
    finally:
        worker.release()
        thread.join(timeout=30)

    assert errors == []
    pending.refresh_from_db()
    assert pending.outcome == Outcome.CAME_BACK
    assert queued == [Assessment.objects.get(ticket=ticket, first=False).pk]

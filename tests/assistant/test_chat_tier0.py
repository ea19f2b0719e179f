# ruff: noqa: F811 - the fixtures are imported from the modules that define them
"""Tier 0 in the live chat, through the widget's API and its socket: the chat is held by the assistant
(not offered) while it reads; an answer arrives as a numbered message with "this solved it" / "talk to
a person"; "solved" ends the chat and solves the case as tier 0; "talk to a person" is never refused
and puts the same chat in the agents' offers; a hand-off does so at once; writing again after an
answer makes tier 0 decide again, and a second failed answer hands off. Tier 0 never writes over an
agent, and only the visitor of a chat can act on it."""

import json
from typing import Any

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.db import transaction
from django.test import Client

from assistant.delivery import BOT_USERNAME
from assistant.models import Assessment, Outcome
from audit.models import AuditEvent
from livechat.models import Conversation, ConversationStatus
from livechat.services import chat_accept, chat_message_post
from sla.models import TicketClock
from tests.assistant.tier0_fakes import ANSWER, ARTICLE_URL, NOTICE, answer, handoff, tier0  # noqa: F401
from tests.livechat.conftest import (  # noqa: F401
    _chat_layers,
    agents,
    chat_team,
    frames_until,
    messages,
    next_of,
    start_chat,
    visitor,
)
from tests.locks import wait_until_waiting_on_a_lock
from tests.sla.conftest import make_policy
from tickets.models import EntryKind, Status, TimelineEntry

pytestmark = [pytest.mark.django_db(transaction=True)]


def post(path: str, body: dict[str, Any]) -> Any:
    return Client().post(path, json.dumps(body), content_type="application/json")


def conversation(chat: dict[str, Any]) -> Conversation:
    return Conversation.objects.select_related("ticket").get(pk=chat["conversation"])


def bot_messages(chat: dict[str, Any]) -> list[TimelineEntry]:
    return list(
        TimelineEntry.objects.filter(
            ticket__conversation__pk=chat["conversation"],
            author__username=BOT_USERNAME,
            kind=EntryKind.AGENT_REPLY,
        ).order_by("seq")
    )


def test_with_tier0_on_a_new_chat_is_held_by_the_assistant_and_answered_in_it_not_offered(tier0, agents):
    chat = start_chat(message="how do I turn on 2fa?")

    assert chat["assistant"] is True
    assert chat["agents_available"] is True
    held = conversation(chat)
    assert held.with_assistant is True
    assert held.status == ConversationStatus.WAITING
    assert held.offered_to_id is None
    # The visitor's own words were read, and the answer is the chat's next numbered message.
    assert tier0.texts == ["how do I turn on 2fa?"]
    [reply] = bot_messages(chat)
    assert reply.seq == 2 and held.last_seq == 2
    assert reply.kind == EntryKind.AGENT_REPLY and reply.body == ANSWER
    assessment = Assessment.objects.get(ticket=held.ticket)
    assert reply.data["tier0"] == {
        "assessment": assessment.pk,
        "choices": ["solved", "person"],
        "article_url": ARTICLE_URL,
    }
    assert assessment.reply_entry_id == reply.pk
    # An answered chat waits on the visitor, not on an agent; the answer was the first response.
    assert held.ticket.status == Status.PENDING
    assert held.ticket.first_response_at == reply.created_at


def test_without_tier0_a_new_chat_is_offered_to_an_agent_at_once(settings, agents):
    settings.ASSISTANT_ENABLED = False
    chat = start_chat(message="how do I turn on 2fa?")

    assert chat["assistant"] is False
    assert conversation(chat).status == ConversationStatus.OFFERED


@pytest.mark.anyio
async def test_the_widget_hears_the_answer_with_its_two_choices_and_is_told_it_is_with_the_assistant(
    tier0, agents
):
    chat = await sync_to_async(start_chat)(message="how do I turn on 2fa?")
    socket, welcome = await visitor(chat["token"])

    assert welcome["assistant"] is True
    assert welcome["queue"]["position"] is None
    frames = await frames_until(socket, lambda f: f["type"] == "message" and f["seq"] == 2)
    answer_frame = messages(frames)[-1]
    assert answer_frame["kind"] == "agent"
    assert answer_frame["body"] == ANSWER
    assert answer_frame["assistant"]["choices"] == ["solved", "person"]
    assert answer_frame["assistant"]["article_url"] == ARTICLE_URL
    await socket.disconnect()


def test_this_solved_it_ends_the_chat_and_solves_the_case_as_tier0_on_the_timeline_and_audit(tier0, agents):
    chat = start_chat(message="how do I turn on 2fa?")
    assessment = Assessment.objects.get(ticket__conversation__pk=chat["conversation"])

    response = post("/assistant/chat/solved/", {"token": chat["token"], "assessment": assessment.pk})

    assert response.status_code == 200, response.content
    ended = conversation(chat)
    assert ended.status == ConversationStatus.ENDED
    assert ended.ticket.status == Status.SOLVED
    assessment.refresh_from_db()
    assert assessment.outcome == Outcome.SOLVED
    events = {e.data.get("event"): e for e in ended.ticket.entries.filter(kind=EntryKind.SYSTEM_EVENT)}
    assert events["tier0_outcome"].data["outcome"] == "solved"
    assert events["status_changed"].data["to"] == Status.SOLVED
    solver = events["status_changed"].author
    assert solver is not None and solver.username == BOT_USERNAME
    assert AuditEvent.objects.filter(action="tier0.solved", object_id=str(ended.ticket_id)).exists()
    # Nobody was offered a chat that tier 0 settled.
    assert ended.offered_to_id is None and ended.ticket.assignee_id is None


def test_talk_to_a_person_after_an_answer_offers_the_same_chat_with_the_whole_conversation(tier0, agents):
    chat = start_chat(message="how do I turn on 2fa?")
    assessment = Assessment.objects.get(ticket__conversation__pk=chat["conversation"])

    response = post("/assistant/chat/person/", {"token": chat["token"]})

    assert response.status_code == 200, response.content
    assert response.json()["assistant"] is False
    handed = conversation(chat)
    assert handed.with_assistant is False
    assert handed.status == ConversationStatus.OFFERED
    assert handed.offered_to_id in {a.pk for a in agents}
    assessment.refresh_from_db()
    assert assessment.outcome == Outcome.PERSON
    # The visitor is told who answers and when; what they asked is on the ticket the agent opens.
    notice = bot_messages(chat)[-1]
    assert notice.body == NOTICE and notice.seq == 3
    assert notice.data["tier0"]["choices"] == []
    assert handed.ticket.entries.filter(
        kind=EntryKind.CUSTOMER_MESSAGE, body__contains="how do I turn on 2fa?"
    ).exists()
    assert handed.ticket.status == Status.OPEN


def test_talk_to_a_person_is_never_refused_even_before_tier0_has_read_the_message(tier0, agents, monkeypatch):
    # The worker has not read the first message yet (the reading never ran).
    monkeypatch.setattr("assistant.steps.assessment_queue", lambda pk: None)
    chat = start_chat(message="my account was hacked")
    assert Assessment.objects.get(ticket__conversation__pk=chat["conversation"]).state == "pending"

    response = post("/assistant/chat/person/", {"token": chat["token"]})

    assert response.status_code == 200
    handed = conversation(chat)
    assert handed.with_assistant is False
    assert handed.status == ConversationStatus.OFFERED
    assert handed.ticket.team_id is not None
    skipped = Assessment.objects.get(ticket=handed.ticket)
    assert skipped.state == "skipped" and skipped.why == "the visitor asked for a person"
    # Asking twice changes nothing and is not refused either.
    again = post("/assistant/chat/person/", {"token": chat["token"]})
    assert again.status_code == 200
    assert len(bot_messages(chat)) == 1


def test_a_handoff_tells_the_visitor_who_answers_and_offers_the_chat_at_once(tier0, agents):
    make_policy()
    tier0.says(handoff())
    chat = start_chat(message="someone logged in to my account and took my btc")

    handed = conversation(chat)
    assert handed.with_assistant is False
    assert handed.status == ConversationStatus.OFFERED
    [notice] = bot_messages(chat)
    assert notice.body == NOTICE and notice.seq == 2
    assert Assessment.objects.get(ticket=handed.ticket).reply_entry_id == notice.pk
    # Saying who will answer is not an answer: the first response (and its SLA target) waits for a
    # person, and the SLA clock still has its first-response deadline.
    assert handed.ticket.first_response_at is None
    assert TicketClock.objects.get(ticket=handed.ticket).first_response_due_at is not None


def test_writing_again_after_an_answer_makes_tier0_decide_again_and_a_second_failure_hands_off(tier0, agents):
    chat = start_chat(message="how do I turn on 2fa?")
    second = answer(reply="Open Security, then Authenticator app.", article="2fa-app")
    tier0.says(answer(), second, handoff(why="second failed answer"))

    chat_message_post(conversation_id=chat["conversation"], body="that did not work", client_id="c-2")
    # One more try, with the first answer counted as failed.
    assert tier0.contexts[-1].failed_answers == 1
    assert conversation(chat).with_assistant is True
    assert bot_messages(chat)[-1].body == second.reply

    chat_message_post(conversation_id=chat["conversation"], body="still nothing", client_id="c-3")
    assert tier0.contexts[-1].failed_answers == 2
    handed = conversation(chat)
    assert handed.with_assistant is False
    assert handed.status == ConversationStatus.OFFERED
    assert bot_messages(chat)[-1].body == NOTICE
    outcomes = list(
        Assessment.objects.filter(ticket=handed.ticket).order_by("id").values_list("outcome", flat=True)
    )
    assert outcomes == [Outcome.CAME_BACK, Outcome.CAME_BACK, ""]


def test_an_agent_may_take_a_chat_tier0_holds_and_tier0_then_stays_silent(tier0, agents, monkeypatch):
    monkeypatch.setattr("assistant.steps.assessment_queue", lambda pk: None)
    chat = start_chat(message="how do I turn on 2fa?")
    taken = chat_accept(conversation_id=chat["conversation"], agent=agents[0])
    assert taken.with_assistant is False and taken.status == ConversationStatus.ACTIVE

    from assistant.services import assessment_run

    pending = Assessment.objects.get(ticket__conversation__pk=chat["conversation"])
    done = assessment_run(assessment_id=pending.pk)

    assert done is not None and done.outcome == Outcome.AGENT
    assert bot_messages(chat) == []
    assert conversation(chat).last_seq == 1


def test_tier0_rechecks_the_chat_under_its_lock_and_never_posts_into_a_chat_an_agent_holds(tier0, agents):
    from assistant import delivery

    chat = start_chat(message="how do I turn on 2fa?")
    held = conversation(chat)
    assessment = Assessment.objects.get(ticket=held.ticket)
    # An agent took the chat after tier 0 checked who holds it.
    Conversation.objects.filter(pk=held.pk).update(status=ConversationStatus.ACTIVE, with_assistant=False)

    with transaction.atomic():
        entry = delivery.deliver(
            ticket=held.ticket, assessment=assessment, decision=answer(reply="late"), now=held.created_at
        )

    assert entry is None
    assert not TimelineEntry.objects.filter(ticket=held.ticket, body="late").exists()


def test_a_held_chat_is_shown_to_agents_as_with_the_assistant_and_not_offered_by_the_sweep(
    tier0, agents, monkeypatch
):
    from livechat.services import chat_offers_sweep

    monkeypatch.setattr("assistant.steps.assessment_queue", lambda pk: None)
    chat = start_chat(message="how do I turn on 2fa?")
    held = conversation(chat)
    # Routed (as a reading would) but still held by tier 0.
    from tickets.models import Ticket

    Ticket.objects.filter(pk=held.ticket_id).update(team=agents[0].teams.first())

    assert chat_offers_sweep() == 0
    assert conversation(chat).status == ConversationStatus.WAITING

    client = Client()
    client.force_login(agents[0])
    page = client.get("/chat/console/waiting/")
    assert page.status_code == 200
    assert b"data-with-assistant" in page.content
    assert b"With the assistant" in page.content


def test_another_visitor_cannot_act_on_a_chat_that_is_not_theirs(tier0, agents):
    mine = start_chat(message="how do I turn on 2fa?")
    theirs = start_chat(message="how do I turn on 2fa?")
    their_answer = Assessment.objects.get(ticket__conversation__pk=theirs["conversation"])

    # My token, their answer: no such answer in my chat.
    solved = post("/assistant/chat/solved/", {"token": mine["token"], "assessment": their_answer.pk})
    assert solved.status_code == 404
    # A forged token opens nothing.
    forged = post("/assistant/chat/person/", {"token": theirs["token"][:-4] + "AAAA"})
    assert forged.status_code == 403
    missing = post("/assistant/chat/solved/", {"assessment": their_answer.pk})
    assert missing.status_code == 403

    untouched = conversation(theirs)
    assert untouched.with_assistant is True
    assert untouched.status == ConversationStatus.WAITING
    their_answer.refresh_from_db()
    assert their_answer.outcome == ""


def test_a_held_chat_whose_case_is_solved_elsewhere_stops_waiting_at_the_next_sweep(tier0, agents):
    from casework.services import ticket_set_status
    from livechat.services import chat_offers_sweep

    chat = start_chat(message="how do I turn on 2fa?")
    # The visitor never came back; the case is solved from the workspace (or the pending sweep).
    ticket_set_status(ticket=conversation(chat).ticket, actor=agents[0], status=Status.SOLVED)

    assert chat_offers_sweep() == 1

    ended = conversation(chat)
    assert ended.status == ConversationStatus.ENDED
    assert ended.with_assistant is False
    assert ended.offered_to_id is None


def test_a_visitor_writing_while_tier0_answers_waits_for_it_instead_of_deadlocking(
    tier0, agents, monkeypatch
):
    import threading

    import psycopg
    from django.db import connections
    from psycopg import sql

    from assistant.services import assessment_run
    from tests.rowlock import RowLock
    from tickets.models import Ticket

    monkeypatch.setattr("assistant.steps.assessment_queue", lambda pk: None)
    chat = start_chat(message="how do I turn on 2fa?")
    held = conversation(chat)
    pending = Assessment.objects.get(ticket=held.ticket)
    # A visitor's message is being stored: it holds the chat's row and will want the ticket's next.
    visitor_post = RowLock(Conversation, held.pk)
    done: list[Any] = []

    def worker() -> None:
        try:
            done.append(assessment_run(assessment_id=pending.pk))
        finally:
            connections.close_all()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        # Tier 0's worker waits for the chat's row (and must not hold the ticket's meanwhile).
        wait_until_waiting_on_a_lock(visitor_post.connection, what="tier 0's worker")
        visitor_post.connection.execute("SET lock_timeout = '5s'")
        lock_ticket = sql.SQL("SELECT id FROM {} WHERE id = %s FOR UPDATE").format(
            sql.Identifier(Ticket._meta.db_table)
        )
        try:
            visitor_post.connection.execute(lock_ticket, [held.ticket_id])
            got_ticket = True
        except (psycopg.errors.LockNotAvailable, psycopg.errors.DeadlockDetected):
            got_ticket = False
    finally:
        visitor_post.release()
        thread.join(timeout=30)

    assert got_ticket
    assert done and done[0] is not None and done[0].decision == "answer"
    assert bot_messages(chat)[-1].body == ANSWER

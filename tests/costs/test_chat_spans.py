"""A chat counts while it is active: from the agent's join (or first message) to the chat's end or its
handover, read from the chat's timeline once it has ended; page time on the same case by the same
agent is not counted twice (the union per agent and case)."""

import datetime as dt

import pytest

from costs.chatwork import ChatSpan, ChatStep, chat_spans
from costs.handletime import work
from costs.models import ChatWorkRecorded, SpanSource, WorkSpan
from costs.services import chat_work_sweep
from costs.tasks import chat_work_sweep_task
from livechat.models import Conversation, ConversationStatus
from reports.metrics import Breakdown, Scope
from tests.costs.conftest import at, case, member_of, span
from tickets.models import Channel, EntryKind, Status, Ticket, TimelineEntry


def test_an_agent_is_in_a_chat_from_joining_to_its_end():
    steps = [ChatStep(at(1), "assigned", 7), ChatStep(at(2), "wrote", 7), ChatStep(at(5), "wrote", 7)]
    assert chat_spans(steps, ended_at=at(9)) == [ChatSpan(7, at(1), at(9))]


def test_an_agent_who_writes_before_being_assigned_counts_from_the_first_message():
    steps = [ChatStep(at(1), "wrote", 7), ChatStep(at(2), "assigned", 7)]
    assert chat_spans(steps, ended_at=at(4)) == [ChatSpan(7, at(1), at(4))]


def test_a_transfer_ends_the_first_agents_time_and_the_next_agent_counts_from_joining():
    steps = [
        ChatStep(at(1), "assigned", 7),
        ChatStep(at(3), "released"),  # transferred to another team
        ChatStep(at(4), "assigned", 8),
    ]
    assert chat_spans(steps, ended_at=at(10)) == [ChatSpan(7, at(1), at(3)), ChatSpan(8, at(4), at(10))]


def test_a_reassignment_hands_over_but_a_supervisor_writing_in_stays_until_the_end():
    steps = [
        ChatStep(at(1), "assigned", 7),
        ChatStep(at(2), "wrote", 9),  # a supervisor steps in with a note
        ChatStep(at(3), "assigned", 8),
    ]
    assert chat_spans(steps, ended_at=at(6)) == [
        ChatSpan(7, at(1), at(3)),
        ChatSpan(9, at(2), at(3)),
        ChatSpan(8, at(3), at(6)),
    ]


def test_an_agent_who_comes_back_gets_a_second_span_and_steps_after_the_end_are_ignored():
    steps = [
        ChatStep(at(1), "assigned", 7),
        ChatStep(at(2), "released"),
        ChatStep(at(4), "assigned", 7),
        ChatStep(at(8), "wrote", 7),
    ]
    assert chat_spans(steps, ended_at=at(6)) == [ChatSpan(7, at(1), at(2)), ChatSpan(7, at(4), at(6))]


def _ended_chat(ticket: Ticket, *, agent, joined: dt.datetime, ended: dt.datetime) -> Conversation:
    TimelineEntry.objects.create(
        ticket=ticket,
        kind=EntryKind.SYSTEM_EVENT,
        channel=Channel.CHAT,
        data={"event": "assigned", "to": agent.pk, "to_name": str(agent)},
        created_at=joined,
    )
    TimelineEntry.objects.create(
        ticket=ticket,
        kind=EntryKind.AGENT_REPLY,
        channel=Channel.CHAT,
        author=agent,
        body="Let me check that withdrawal.",
        created_at=joined + dt.timedelta(seconds=20),
    )
    return Conversation.objects.create(
        ticket=ticket,
        status=ConversationStatus.ENDED,
        topic="withdrawal",
        created_at=joined - dt.timedelta(minutes=1),
        accepted_at=joined,
        ended_at=ended,
    )


@pytest.mark.django_db
def test_chat_and_page_time_of_one_agent_on_one_case_are_counted_once(ana, inhouse_team):
    ticket = case(inhouse_team, channel=Channel.CHAT)
    Ticket.objects.filter(pk=ticket.pk).update(created_at=at(0), status=Status.SOLVED)
    _ended_chat(ticket, agent=ana, joined=at(1), ended=at(11))  # 10 minutes in the chat
    span(ticket, ana, at(9), at(14))  # the page open from minute 9 to 14: 3 more minutes

    assert chat_work_sweep(now=at(12)) == 1

    assert list(WorkSpan.objects.filter(source=SpanSource.CHAT).values_list("started_at", "ended_at")) == [
        (at(1), at(11))
    ]
    handled = work(Scope(start=at(0), end=at(60)), Breakdown.NONE, resolved=True, priced=False)
    assert handled.seconds[None] == 13 * 60
    assert handled.cases[None] == 1


@pytest.mark.django_db
def test_two_agents_time_on_one_case_adds_up(ana, inhouse_team):
    bo = member_of(inhouse_team, "bo")
    ticket = case(inhouse_team)
    Ticket.objects.filter(pk=ticket.pk).update(created_at=at(0), status=Status.SOLVED)
    span(ticket, ana, at(1), at(4))
    span(ticket, ana, at(2), at(3))  # inside the first: nothing more
    span(ticket, bo, at(2), at(6))  # the same minutes, another person: counts

    handled = work(Scope(start=at(0), end=at(60)), Breakdown.NONE, resolved=True, priced=False)
    assert handled.seconds[None] == 7 * 60


@pytest.mark.django_db
def test_the_sweep_leaves_chats_that_have_not_ended(ana, inhouse_team):
    ticket = case(inhouse_team, channel=Channel.CHAT)
    chat = _ended_chat(ticket, agent=ana, joined=at(1), ended=at(5))
    Conversation.objects.filter(pk=chat.pk).update(status=ConversationStatus.ACTIVE, ended_at=None)

    assert chat_work_sweep(now=at(6)) == 0
    assert not WorkSpan.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_the_chat_work_sweep_as_beat_runs_it_records_each_ended_chat_once(ana, inhouse_team):
    first = case(inhouse_team, channel=Channel.CHAT)
    second = case(inhouse_team, channel=Channel.CHAT)
    recent = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    _ended_chat(first, agent=ana, joined=recent, ended=recent + dt.timedelta(minutes=4))
    _ended_chat(second, agent=ana, joined=recent, ended=recent + dt.timedelta(minutes=6))

    assert chat_work_sweep_task.apply().get() == 2
    assert chat_work_sweep_task.apply().get() == 0

    spans = WorkSpan.objects.filter(source=SpanSource.CHAT).order_by("ended_at")
    assert [(s.ticket_id, (s.ended_at - s.started_at).total_seconds()) for s in spans] == [
        (first.pk, 240.0),
        (second.pk, 360.0),
    ]
    assert ChatWorkRecorded.objects.count() == 2

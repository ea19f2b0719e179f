"""The agent who answers a waiting caller takes the caller's ticket, through the single-ticket assignment
(timeline, audit), unless another agent has it already: then it stays theirs and the agent is told."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from messaging.models import ChannelAccount, ChannelMessage
from routing.models import Team
from tests.factories import TeamMembershipFactory, make_agent, make_team
from tests.voice.test_calls_page import AGENT_PHONE, signed_in, waiting_call
from tickets.models import EntryKind, Status, Ticket
from voice.models import AgentLine, Call, CallStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone_agent(phone_team: Team) -> Any:
    agent = make_agent(username="phil", first_name="Phil", last_name="Phone")
    TeamMembershipFactory(team=phone_team, user=agent)
    AgentLine.objects.create(user=agent, phone=AGENT_PHONE)
    return agent


def _answer(agent: Any, call: Call) -> str:
    response = signed_in(agent).post(reverse("voice:call-answer", args=[call.pk]), follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_answering_a_caller_makes_their_unassigned_ticket_the_agents(
    voice_account: ChannelAccount, phone_agent: Any
) -> None:
    call = Call.objects.get(sid=waiting_call(voice_account, "+447700900301").sid)
    ticket = Ticket.objects.get(calls=call)
    assert ticket.assignee_id is None
    html = _answer(phone_agent, call)
    assert "Putting the caller through to your phone." in html and "stays with" not in html
    ticket.refresh_from_db()
    assert ticket.assignee_id == phone_agent.pk
    assert ticket.status == Status.OPEN  # as Take does: an assigned new ticket is open
    assert ticket.entries.filter(
        kind=EntryKind.SYSTEM_EVENT, data__event="assigned", author=phone_agent
    ).exists()
    assigned = AuditEvent.objects.get(action="ticket.assigned", object_id=str(ticket.pk))
    assert assigned.after == {"assignee": phone_agent.pk, "team": ticket.team_id}
    answered = AuditEvent.objects.get(action="voice.call_answered")
    assert answered.after == {"ticket": ticket.pk, "ticket_kept_by": None}


def test_a_ticket_another_agent_has_stays_theirs_and_the_answering_agent_is_told(
    voice_account: ChannelAccount, phone_agent: Any, phone_team: Team
) -> None:
    call = Call.objects.get(sid=waiting_call(voice_account, "+447700900302").sid)
    owner = make_agent(username="olive", first_name="Olive", last_name="Owner")
    TeamMembershipFactory(team=phone_team, user=owner)
    Ticket.objects.filter(calls=call).update(assignee=owner, status=Status.OPEN)
    html = _answer(phone_agent, call)
    assert "The caller&#x27;s ticket stays with Olive Owner, who has it already." in html
    call.refresh_from_db()
    assert call.status == CallStatus.CONNECTING and call.answered_by_id == phone_agent.pk
    assert Ticket.objects.get(calls=call).assignee_id == owner.pk
    assert not AuditEvent.objects.filter(action="ticket.assigned").exists()
    answered = AuditEvent.objects.get(action="voice.call_answered")
    assert answered.after == {"ticket": call.ticket_id, "ticket_kept_by": owner.pk}
    assert ChannelMessage.objects.filter(operation="call_redirect").count() == 1  # the call still goes


def test_an_agent_who_may_not_work_on_the_ticket_answers_without_taking_it(
    voice_account: ChannelAccount,
) -> None:
    """A partner agent answers their own team's caller; the ticket routing gave another team stays
    where it is (the assignment is checked as the ticket page checks it)."""
    call = Call.objects.get(sid=waiting_call(voice_account, "+447700900303").sid)
    partners = make_team(name="Partners", slug="partners", is_outsourced=True)
    partner = make_agent(username="pat")
    TeamMembershipFactory(team=partners, user=partner)
    AgentLine.objects.create(user=partner, phone="+442071234500")
    Call.objects.filter(pk=call.pk).update(team=partners)
    assert not Ticket.objects.visible_to(partner).filter(calls=call).exists()
    _answer(partner, call)
    call.refresh_from_db()
    assert call.status == CallStatus.CONNECTING and call.answered_by_id == partner.pk
    assert Ticket.objects.get(calls=call).assignee_id is None
    assert not AuditEvent.objects.filter(action="ticket.assigned").exists()


def test_the_second_agent_to_press_answer_takes_neither_the_call_nor_the_ticket(
    voice_account: ChannelAccount, phone_agent: Any, phone_team: Team
) -> None:
    call = Call.objects.get(sid=waiting_call(voice_account, "+447700900304").sid)
    _answer(phone_agent, call)
    late = make_agent(username="lee")
    TeamMembershipFactory(team=phone_team, user=late)
    AgentLine.objects.create(user=late, phone="+442071234501")
    html = _answer(late, call)
    assert "This caller is no longer waiting." in html
    assert Ticket.objects.get(calls=call).assignee_id == phone_agent.pk
    assert AuditEvent.objects.filter(action="ticket.assigned").count() == 1

"""What the widget tells a visitor at the start of a chat matches what then happens: "no agent is
online" only when nobody the chat could be offered to is online (its team, an overflow team, a VIP's
account manager), and a chat another team will take is shown queued there with an estimate."""

import datetime as dt

import pytest
from django.utils import timezone

from livechat.models import Conversation, ConversationStatus
from routing.models import AgentStatus, Shift
from tests.factories import make_team
from tests.livechat.conftest import start_chat
from tests.routing.conftest import make_online, member
from tickets.models import EntryKind, Ticket

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def own_team():
    team = make_team(name="Chat", slug="chat", tier=1, languages=["en"], chat_capacity=2)
    member(team, "olga", online=False)
    return team


@pytest.fixture
def night_team():
    return make_team(name="Night", slug="night", tier=1, languages=["en"], chat_capacity=2)


def state(chat: dict) -> Conversation:
    return Conversation.objects.select_related("ticket__team").get(pk=chat["conversation"])


def test_a_chat_whose_team_has_nobody_online_is_told_it_is_queued_when_an_overflow_team_will_take_it(
    own_team, night_team
):
    nina = member(night_team, "nina")

    chat = start_chat(topic="deposit")

    assert (chat["agents_available"], chat["availability"]) == (True, "available")
    assert chat["queue"]["position"] == 1 and chat["queue"]["expected_wait_seconds"] >= 30
    conversation = state(chat)
    assert (conversation.status, conversation.offered_to_id) == (ConversationStatus.OFFERED, nina.pk)
    assert conversation.ticket.team == night_team
    events = conversation.ticket.entries.filter(kind=EntryKind.SYSTEM_EVENT).values_list(
        "data__event", flat=True
    )
    assert "overflowed" in list(events)


def test_a_chat_an_overflow_team_will_take_when_its_agent_is_free_waits_in_that_teams_queue(
    own_team, night_team
):
    nina = member(night_team, "nina")
    AgentStatus.objects.filter(user=nina).update(chat_capacity=1)
    first = start_chat()

    second = start_chat()

    assert (second["agents_available"], second["availability"]) == (True, "available")
    assert second["queue"]["position"] == 2 and second["queue"]["expected_wait_seconds"] > 30
    assert state(first).offered_to_id == nina.pk
    assert (state(second).status, state(second).ticket.team) == (ConversationStatus.WAITING, night_team)


def test_with_nobody_online_anywhere_the_visitor_is_told_so_and_may_leave_a_message(own_team, night_team):
    member(night_team, "nina", online=False)

    chat = start_chat()

    assert (chat["agents_available"], chat["availability"]) == (False, "no_agents")
    assert chat["queue"] == {"position": 1, "expected_wait_seconds": None, "expected_wait_capped": False}
    conversation = state(chat)
    assert (conversation.status, conversation.ticket.team) == (ConversationStatus.WAITING, own_team)


def test_an_agent_online_in_a_team_off_shift_is_offered_the_chat_and_the_visitor_is_told_so(own_team):
    olga = make_online(own_team.memberships.get().user)
    yesterday = (timezone.now() - dt.timedelta(days=1)).weekday()
    Shift.objects.create(team=own_team, weekday=yesterday, start=dt.time(9), end=dt.time(10))

    chat = start_chat()

    assert (chat["agents_available"], chat["availability"]) == (True, "available")
    assert (state(chat).status, state(chat).offered_to_id) == (ConversationStatus.OFFERED, olga.user_id)


def test_agents_online_but_a_wait_past_the_limit_is_told_as_busy_not_as_nobody_online(own_team, settings):
    settings.LIVECHAT_MAX_WAIT_SECONDS = 120
    settings.LIVECHAT_DEFAULT_HANDLE_SECONDS = 600
    pia = member(own_team, "pia")
    AgentStatus.objects.filter(user=pia).update(chat_capacity=1)
    start_chat()

    chat = start_chat()

    assert (chat["agents_available"], chat["availability"]) == (False, "busy")
    assert chat["queue"]["expected_wait_seconds"] > 120


@pytest.mark.postgres
def test_a_chat_past_its_teams_wait_target_overflows_as_an_offer_not_as_an_assignment(own_team, night_team):
    from casework.tasks import routing_overflow_sweep_task
    from livechat.services import chat_accept
    from livechat.tasks import chat_offers_sweep_task

    own_team.wait_target_seconds = 60
    own_team.save(update_fields=["wait_target_seconds"])
    pia = member(own_team, "pia")
    AgentStatus.objects.filter(user=pia).update(chat_capacity=1)
    nina = member(night_team, "nina")
    chat_accept(conversation_id=start_chat()["conversation"], agent=pia)
    chat = start_chat()
    assert (state(chat).status, state(chat).ticket.team) == (ConversationStatus.WAITING, own_team)
    Ticket.objects.filter(pk=state(chat).ticket_id).update(
        created_at=timezone.now() - dt.timedelta(minutes=2)
    )

    routing_overflow_sweep_task.apply().get()
    assert state(chat).ticket.assignee_id is None  # not handed to an agent outright

    chat_offers_sweep_task.apply().get()
    conversation = state(chat)
    assert (conversation.status, conversation.offered_to_id) == (ConversationStatus.OFFERED, nina.pk)
    assert conversation.ticket.team == night_team and conversation.ticket.assignee_id is None


@pytest.mark.parametrize("capacity", [{"chat_capacity": 0}, {"vip_reserved_capacity": 2}])
def test_an_agent_online_with_no_slot_for_the_chat_is_not_someone_to_answer_it(own_team, capacity):
    quin = member(own_team, "quin")
    if "chat_capacity" in capacity:
        AgentStatus.objects.filter(user=quin).update(**capacity)  # takes tickets only
    else:
        own_team.vip_reserved_capacity = capacity["vip_reserved_capacity"]  # every slot kept for VIPs
        own_team.save(update_fields=["vip_reserved_capacity"])

    chat = start_chat()

    assert (chat["agents_available"], chat["availability"]) == (False, "no_agents")
    assert state(chat).status == ConversationStatus.WAITING

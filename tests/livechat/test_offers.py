"""New chats are offered to one agent at a time; a lapsed offer moves on; one accept wins."""

import datetime as dt
import threading

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.db import connections
from django.utils import timezone

from helpdesk.errors import DomainError
from livechat.models import Conversation, ConversationStatus
from livechat.services import chat_accept, chat_offers_sweep
from tests.livechat.conftest import console, frames_until, next_of, start_chat, visitor
from tests.routing.conftest import member
from tickets.models import EntryKind, TimelineEntry

pytestmark = [pytest.mark.django_db(transaction=True)]


def conversation(pk: int) -> Conversation:
    return Conversation.objects.select_related("ticket").get(pk=pk)


@pytest.mark.anyio
async def test_an_offer_not_accepted_in_time_goes_to_the_next_agent(agents, settings):
    settings.LIVECHAT_OFFER_SECONDS = 30
    ana, ben = await console(agents[0]), await console(agents[1])
    chat = await sync_to_async(start_chat)(topic="deposit")
    assert chat["agents_available"] is True
    cid = chat["conversation"]
    state = await sync_to_async(conversation)(cid)
    first = ana if state.offered_to_id == agents[0].pk else ben
    second = ben if first is ana else ana
    offer = await next_of(first, "offer")
    assert offer["conversation"] == cid and offer["topic"] == "deposit" and offer["verified"] is False
    assert await second.receive_nothing(timeout=0.2)

    # Not yet due: the sweep leaves it alone.
    assert await sync_to_async(chat_offers_sweep)(now=timezone.now() + dt.timedelta(seconds=10)) == 0
    later = timezone.now() + dt.timedelta(seconds=31)
    assert await sync_to_async(chat_offers_sweep)(now=later) == 1
    reoffer = await next_of(second, "offer")
    assert reoffer["conversation"] == cid and reoffer["waited_seconds"] >= 30
    withdrawn = await next_of(first, "status")
    assert (withdrawn["conversation"], withdrawn["status"]) == (cid, "offered")
    # Run again (or by a second worker) at the same moment: nothing more happens.
    assert await sync_to_async(chat_offers_sweep)(now=later) == 0
    assert await second.receive_nothing(timeout=0.2)

    after = await sync_to_async(conversation)(cid)
    assert after.status == ConversationStatus.OFFERED
    assert after.offered_to_id != state.offered_to_id
    assert sorted(after.offered_before) == sorted(a.pk for a in agents)
    await ana.disconnect()
    await ben.disconnect()


@pytest.mark.anyio
async def test_a_chat_nobody_can_take_waits_and_is_offered_when_an_agent_comes_online(chat_team):
    chat = await sync_to_async(start_chat)()
    customer, welcome = await visitor(chat["token"], last_seq=1)
    assert welcome["status"] == "waiting"
    assert welcome["queue"]["position"] == 1
    assert chat["agents_available"] is False

    carla = await sync_to_async(member)(chat_team, "carla")
    agent = await console(carla)
    assert await sync_to_async(chat_offers_sweep)() == 1
    offer = await next_of(agent, "offer")
    assert offer["conversation"] == chat["conversation"]
    status = await next_of(customer, "status")
    assert status["status"] == "offered"
    await agent.send_json_to({"type": "accept", "conversation": chat["conversation"]})
    assert (await next_of(customer, "status"))["agent"] == "carla"
    await customer.disconnect()
    await agent.disconnect()


@pytest.mark.anyio
async def test_the_queue_position_and_expected_wait_follow_the_team_queue(chat_team):
    first = await sync_to_async(start_chat)()
    second = await sync_to_async(start_chat)()
    third = await sync_to_async(start_chat)()
    assert [c["queue"]["position"] for c in (first, second, third)] == [1, 2, 3]
    # Nobody online: no estimate to give (the widget offers to leave a message).
    assert third["queue"]["expected_wait_seconds"] is None
    customer, _ = await visitor(third["token"], last_seq=1)

    dana = await sync_to_async(member)(chat_team, "dana")
    agent = await console(dana)
    await agent.send_json_to({"type": "accept", "conversation": first["conversation"]})
    await next_of(agent, "welcome")
    moved = await next_of(customer, "status")
    assert (moved["status"], moved["queue"]["position"]) == ("waiting", 2)
    await customer.disconnect()
    await agent.disconnect()


@pytest.mark.anyio
async def test_two_agents_accepting_over_websockets_one_gets_the_chat_the_other_is_told(agents):
    chat = await sync_to_async(start_chat)()
    ana, ben = await console(agents[0]), await console(agents[1])
    cid = chat["conversation"]
    await ana.send_json_to({"type": "accept", "conversation": cid})
    await ben.send_json_to({"type": "accept", "conversation": cid})

    async def outcome(socket):
        frames = await frames_until(socket, lambda f: f["type"] in ("welcome", "error"))
        return frames[-1]["status"] if frames[-1]["type"] == "welcome" else frames[-1]["code"]

    assert sorted([await outcome(ana), await outcome(ben)]) == ["active", "taken"]
    await ana.disconnect()
    await ben.disconnect()


@pytest.mark.postgres
def test_agents_accepting_one_chat_at_once_exactly_one_wins(chat_team):
    racers = [member(chat_team, f"racer{i}") for i in range(8)]
    chat = start_chat()
    outcomes: dict[int, str] = {}
    start = threading.Barrier(len(racers))

    def accept(agent):
        try:
            start.wait()
            chat_accept(conversation_id=chat["conversation"], agent=agent)
            outcomes[agent.pk] = "won"
        except DomainError as exc:
            outcomes[agent.pk] = exc.code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(a,)) for a in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    winners = [pk for pk, outcome in outcomes.items() if outcome == "won"]
    assert len(winners) == 1
    assert sorted(outcomes.values()) == ["taken"] * 7 + ["won"]
    state = conversation(chat["conversation"])
    assert state.status == ConversationStatus.ACTIVE
    assert state.ticket.assignee_id == winners[0]
    assigned = TimelineEntry.objects.filter(
        ticket=state.ticket, kind=EntryKind.SYSTEM_EVENT, data__event="assigned"
    ).count()
    assert assigned == 1


def test_a_waiting_chat_taken_from_the_workspace_follows_its_ticket(chat_team):
    from routing.services import assignment_get_next

    chat = start_chat()
    erin = member(chat_team, "erin")
    ticket = assignment_get_next(agent=erin)
    assert ticket is not None and ticket.pk == conversation(chat["conversation"]).ticket_id
    assert chat_offers_sweep() == 1
    state = conversation(chat["conversation"])
    assert (state.status, state.ticket.assignee_id) == (ConversationStatus.ACTIVE, erin.pk)
    assert state.accepted_at is not None

"""Every chat that can be offered is offered at once: when it arrives and whenever an agent frees up
(a chat ended or moved, an agent came online, capacity grew), not only the head of the queue, and not
only at the next sweep. The sweep stays as the safety net and runs as beat runs it."""

import datetime as dt
import threading
from collections import Counter

import pytest
from celery._state import _set_task_join_will_block  # type: ignore[attr-defined]
from channels.db import database_sync_to_async as sync_to_async
from django.db import connections
from django.utils import timezone
from rest_framework.test import APIClient

from livechat.models import Conversation, ConversationStatus
from livechat.services import chat_accept, chat_offers_fill
from livechat.tasks import chat_offer_lapse_task, chat_offers_sweep_task
from routing.models import AgentStatus
from routing.services import team_save
from tests.factories import make_agent
from tests.livechat.conftest import console, next_of, start_chat
from tests.routing.conftest import make_online, member

pytestmark = [pytest.mark.django_db(transaction=True)]


def statuses(ids: list[int]) -> list[str]:
    return [Conversation.objects.get(pk=pk).status for pk in ids]


def offers_held() -> Counter[int]:
    return Counter(
        Conversation.objects.filter(status=ConversationStatus.OFFERED).values_list("offered_to_id", flat=True)
    )


def go_online(user) -> None:
    client = APIClient()
    client.force_authenticate(user)
    assert client.put("/api/routing/presence/", {"presence": "online"}, format="json").status_code == 200


def test_a_chat_arriving_behind_an_offered_one_is_offered_at_once_to_a_free_agent(agents):
    first = start_chat()
    second = start_chat()
    third = start_chat()

    assert second["queue"]["position"] == 2
    assert statuses([first["conversation"], second["conversation"], third["conversation"]]) == ["offered"] * 3
    # Two agents, three chats: the load is shared, and nobody is offered past their capacity (3).
    assert sorted(offers_held().values()) == [1, 2]


@pytest.mark.anyio
async def test_three_waiting_chats_are_all_offered_when_an_agent_with_room_for_three_comes_online(chat_team):
    chats = [await sync_to_async(start_chat)() for _ in range(3)]
    ids = [c["conversation"] for c in chats]
    assert all(c["agents_available"] is False for c in chats)
    carla = await sync_to_async(member)(chat_team, "carla", online=False)
    agent = await console(carla)

    await sync_to_async(go_online)(carla)

    offered = {(await next_of(agent, "offer"))["conversation"] for _ in range(3)}
    assert offered == set(ids)
    assert await sync_to_async(statuses)(ids) == ["offered"] * 3
    await agent.disconnect()


@pytest.mark.anyio
async def test_when_an_agent_ends_a_chat_the_next_waiting_chat_is_offered_to_them_at_once(chat_team):
    dana = await sync_to_async(member)(chat_team, "dana")
    await sync_to_async(AgentStatus.objects.filter(user=dana).update)(chat_capacity=1)
    agent = await console(dana)
    first = await sync_to_async(start_chat)()
    second = await sync_to_async(start_chat)()
    assert (await next_of(agent, "offer"))["conversation"] == first["conversation"]
    assert await sync_to_async(statuses)([second["conversation"]]) == ["waiting"]

    await agent.send_json_to({"type": "accept", "conversation": first["conversation"]})
    await next_of(agent, "welcome")
    await agent.send_json_to({"type": "end", "conversation": first["conversation"]})

    assert (await next_of(agent, "offer"))["conversation"] == second["conversation"]
    assert await sync_to_async(statuses)([second["conversation"]]) == ["offered"]
    await agent.disconnect()


def test_raising_a_teams_chat_capacity_offers_the_chats_that_now_fit(chat_team):
    erin = member(chat_team, "erin")
    ids = [start_chat()["conversation"] for _ in range(5)]
    assert offers_held() == {erin.pk: 3}

    team_save(actor=make_agent(username="sam", role="admin"), team=chat_team, fields={"chat_capacity": 5})

    assert statuses(ids) == ["offered"] * 5


def test_a_chat_taken_from_the_queue_by_another_agent_frees_the_offer_for_the_next_chat(chat_team):
    fay = member(chat_team, "fay")
    AgentStatus.objects.filter(user=fay).update(chat_capacity=1)
    first, second = start_chat(), start_chat()
    assert statuses([first["conversation"], second["conversation"]]) == ["offered", "waiting"]
    gus = member(chat_team, "gus")
    AgentStatus.objects.filter(user=gus).update(chat_capacity=1)

    chat_accept(conversation_id=first["conversation"], agent=gus)

    state = Conversation.objects.get(pk=second["conversation"])
    assert (state.status, state.offered_to_id) == (ConversationStatus.OFFERED, fay.pk)


@pytest.mark.postgres
def test_fills_running_at_once_never_offer_past_capacity_nor_one_chat_twice(chat_team):
    ids = [start_chat()["conversation"] for _ in range(12)]
    agents = [member(chat_team, f"racer{i}", online=False) for i in range(3)]
    for agent in agents:
        make_online(agent, chat_capacity=2)
    start = threading.Barrier(4)

    def fill() -> None:
        try:
            start.wait()
            chat_offers_fill()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=fill) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    # Eager tasks applied from several threads at once race on Celery's process-wide "joining would
    # block" flag and can leave it set; later tests that read a task's result would then fail.
    _set_task_join_will_block(False)

    assert offers_held() == {a.pk: 2 for a in agents}
    assert statuses(ids).count("offered") == 6


@pytest.mark.postgres
def test_the_offer_sweep_task_as_beat_runs_it_moves_lapsed_offers_and_offers_waiting_chats(
    chat_team, settings
):
    settings.LIVECHAT_OFFER_SECONDS = 30
    hal = member(chat_team, "hal")
    AgentStatus.objects.filter(user=hal).update(chat_capacity=1)
    first, second = start_chat(), start_chat()
    assert statuses([first["conversation"], second["conversation"]]) == ["offered", "waiting"]
    ivy = member(chat_team, "ivy")  # online behind routing's back: only the sweep notices her
    Conversation.objects.filter(pk=first["conversation"]).update(
        offer_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )

    assert chat_offers_sweep_task.apply().get() == 2

    lapsed = Conversation.objects.get(pk=first["conversation"])
    waiting = Conversation.objects.get(pk=second["conversation"])
    assert lapsed.status == waiting.status == ConversationStatus.OFFERED
    assert {lapsed.offered_to_id, waiting.offered_to_id} == {hal.pk, ivy.pk}
    assert lapsed.offered_to_id == ivy.pk
    # Run again at once (a second beat, a worker retry): nothing more happens.
    assert chat_offers_sweep_task.apply().get() == 0


@pytest.mark.postgres
def test_a_lapsed_offer_moves_on_through_its_own_timer_without_the_sweep(agents, settings):
    chat = start_chat()
    state = Conversation.objects.get(pk=chat["conversation"])
    first = state.offered_to_id
    assert chat_offer_lapse_task.apply((state.pk,)).get() is False  # not due yet
    Conversation.objects.filter(pk=state.pk).update(offer_expires_at=timezone.now())

    assert chat_offer_lapse_task.apply((state.pk,)).get() is True

    state.refresh_from_db()
    assert state.status == ConversationStatus.OFFERED and state.offered_to_id != first
    # The sweep, or the timer delivered twice, finds the new offer not yet due.
    assert chat_offer_lapse_task.apply((state.pk,)).get() is False


@pytest.mark.anyio
async def test_a_declined_offer_goes_to_the_next_agent_at_once(agents):
    ana, ben = await console(agents[0]), await console(agents[1])
    chat = await sync_to_async(start_chat)()
    cid = chat["conversation"]
    first_id = (await sync_to_async(Conversation.objects.get)(pk=cid)).offered_to_id
    first, second = (ana, ben) if first_id == agents[0].pk else (ben, ana)
    assert (await next_of(first, "offer"))["conversation"] == cid

    await first.send_json_to({"type": "decline", "conversation": cid})

    assert (await next_of(second, "offer"))["conversation"] == cid
    assert (await next_of(first, "status"))["status"] == "offered"
    # Declining again, or a chat offered to someone else, is refused with the conversation named.
    await first.send_json_to({"type": "decline", "conversation": cid})
    error = await next_of(first, "error")
    assert (error["code"], error["conversation"]) == ("taken", cid)
    await ana.disconnect()
    await ben.disconnect()


def test_an_agent_who_goes_offline_keeps_no_offers(agents):
    chat = start_chat()
    holder = Conversation.objects.get(pk=chat["conversation"]).offered_to_id
    leaving = next(a for a in agents if a.pk == holder)
    client = APIClient()
    client.force_authenticate(leaving)

    assert client.put("/api/routing/presence/", {"presence": "offline"}, format="json").status_code == 200

    state = Conversation.objects.get(pk=chat["conversation"])
    assert state.status == ConversationStatus.OFFERED and state.offered_to_id not in (None, holder)


def test_an_agent_whose_heartbeat_returns_after_a_lapse_is_offered_the_waiting_chats(chat_team):
    uma = member(chat_team, "uma")
    AgentStatus.objects.filter(user=uma).update(last_seen_at=timezone.now() - dt.timedelta(minutes=10))
    ids = [start_chat()["conversation"] for _ in range(2)]
    assert statuses(ids) == ["waiting", "waiting"]
    client = APIClient()
    client.force_authenticate(uma)

    assert client.post("/api/routing/presence/heartbeat/").status_code == 200

    assert statuses(ids) == ["offered", "offered"]


def test_an_agents_chat_capacity_raised_in_the_admin_offers_the_chats_that_now_fit(chat_team, admin_client):
    vic = member(chat_team, "vic")
    row = AgentStatus.objects.get(user=vic)
    AgentStatus.objects.filter(pk=row.pk).update(chat_capacity=1)
    ids = [start_chat()["conversation"] for _ in range(2)]
    assert statuses(ids) == ["offered", "waiting"]
    seen = timezone.localtime(row.last_seen_at)

    response = admin_client.post(
        f"/admin/routing/agentstatus/{row.pk}/change/",
        {
            "user": vic.pk,
            "presence": "online",
            "last_seen_at_0": seen.date().isoformat(),
            "last_seen_at_1": seen.time().strftime("%H:%M:%S"),
            "chat_capacity": "2",
            "ticket_capacity": "",
            "audit_reason": "Quiet day, more chats each",
        },
    )

    assert response.status_code == 302, response.content
    assert statuses(ids) == ["offered", "offered"]


@pytest.mark.anyio
async def test_a_waiting_visitor_hears_when_the_last_agent_who_could_answer_goes_offline(chat_team):
    from tests.livechat.conftest import visitor

    wes = await sync_to_async(member)(chat_team, "wes")
    await sync_to_async(AgentStatus.objects.filter(user=wes).update)(chat_capacity=1)
    first = await sync_to_async(start_chat)()
    await sync_to_async(chat_accept)(conversation_id=first["conversation"], agent=wes)
    second = await sync_to_async(start_chat)()
    customer, welcome = await visitor(second["token"], last_seq=1)
    assert welcome["status"] == "waiting" and welcome["queue"]["expected_wait_seconds"] > 0

    client = APIClient()
    client.force_authenticate(wes)
    await sync_to_async(client.put)("/api/routing/presence/", {"presence": "offline"}, format="json")

    status = await next_of(customer, "status")
    assert (status["status"], status["queue"]["position"]) == ("waiting", 1)
    assert status["queue"]["expected_wait_seconds"] is None  # the widget offers to leave a message
    await customer.disconnect()


def test_an_agent_coming_online_behind_a_long_queue_costs_a_bounded_number_of_queries(
    chat_team, django_assert_max_num_queries, settings
):
    settings.LIVECHAT_STARTS_PER_ADDRESS = 100
    ids = [start_chat()["conversation"] for _ in range(30)]
    xena = member(chat_team, "xena", online=False)
    AgentStatus.objects.update_or_create(user=xena, defaults={"chat_capacity": 1})

    # One offer, then the rest of the queue is seen to have no room without locking each chat, and
    # each team's queue is walked once (not once per waiting chat), its visitors told their wait.
    with django_assert_max_num_queries(60):
        go_online(xena)

    assert statuses(ids).count("offered") == 1

"""The expected wait a visitor is told counts handling time: measured from the team's recent chats
(accepted to ended), the chats the agents online can hold at once, what the chats they hold have
already run, and the place in line; with a floor and a cap told as "more than"."""

import datetime as dt

import pytest
from django.utils import timezone

from livechat.models import Conversation, ConversationStatus
from livechat.queue import MIN_WAIT_SECONDS, handle_samples, wait_estimate
from livechat.services import chat_accept, chat_end
from routing.models import AgentStatus
from tests.livechat.conftest import start_chat
from tests.routing.conftest import member


def test_nobody_online_gives_no_estimate():
    assert wait_estimate(position=1, slots=0, handle_samples=[300], running_seconds=[]) is None


def test_a_chat_a_free_slot_will_take_is_told_the_floor():
    assert wait_estimate(position=2, slots=3, handle_samples=[300], running_seconds=[10]) == MIN_WAIT_SECONDS


def test_the_next_in_line_waits_for_the_busy_chat_closest_to_its_end():
    # Two slots, both busy: one chat has run 220 s of 300, the other 40 s.
    assert wait_estimate(position=1, slots=2, handle_samples=[300], running_seconds=[40, 220]) == 80
    assert wait_estimate(position=2, slots=2, handle_samples=[300], running_seconds=[40, 220]) == 260


def test_each_round_of_slots_adds_one_handling_time():
    # ceil(position / slots) handling times when nothing is running yet: 5 chats, 2 slots free.
    waits = [
        wait_estimate(position=p, slots=2, handle_samples=[300], running_seconds=[]) for p in range(1, 6)
    ]
    assert waits == [MIN_WAIT_SECONDS, MIN_WAIT_SECONDS, 300, 300, 600]


def test_a_chat_running_past_the_handling_time_is_still_expected_to_run_a_little():
    assert wait_estimate(position=1, slots=1, handle_samples=[400], running_seconds=[1000]) == 100


def test_a_chat_that_outlasted_the_short_ones_is_expected_to_run_like_the_long_ones():
    # Three measured chats took a minute, two took ten. One has run two minutes: it is a long one.
    samples = [60, 60, 60, 600, 600]
    assert wait_estimate(position=1, slots=1, handle_samples=samples, running_seconds=[120]) == 480


def test_each_turn_is_the_mean_handling_time_with_one_forgotten_chat_capped():
    # Median 100 s; the chat left open for hours counts as four medians.
    samples = [100, 100, 100, 100, 10_000]
    assert wait_estimate(position=2, slots=1, handle_samples=samples, running_seconds=[]) == 160


@pytest.mark.django_db
def test_the_handling_times_are_the_teams_recent_chats_from_accept_to_end(chat_team, settings):
    settings.LIVECHAT_DEFAULT_HANDLE_SECONDS = 300
    now = timezone.now()
    assert handle_samples(chat_team.pk, now) == [300]
    for minutes in (2, 4, 10, 11, 12, 60):
        chat = start_chat()
        Conversation.objects.filter(pk=chat["conversation"]).update(
            status=ConversationStatus.ENDED,
            accepted_at=now - dt.timedelta(hours=1),
            ended_at=now - dt.timedelta(hours=1) + dt.timedelta(minutes=minutes),
        )
    assert sorted(handle_samples(chat_team.pk, now)) == [m * 60 for m in (2, 4, 10, 11, 12, 60)]
    # Chats accepted long ago no longer count.
    assert handle_samples(chat_team.pk, now + dt.timedelta(days=2)) == [300]


@pytest.mark.django_db(transaction=True)
def test_the_widget_is_told_a_wait_built_from_handling_times_and_the_chats_running(chat_team, settings):
    settings.LIVECHAT_DEFAULT_HANDLE_SECONDS = 300
    quinn = member(chat_team, "quinn")
    AgentStatus.objects.filter(user=quinn).update(chat_capacity=2)
    for _ in range(2):
        chat_accept(conversation_id=start_chat()["conversation"], agent=quinn)
    Conversation.objects.filter(status=ConversationStatus.ACTIVE).update(
        accepted_at=timezone.now() - dt.timedelta(seconds=200)
    )

    first, second, third = start_chat(), start_chat(), start_chat()

    # Both slots busy for 200 s of 300: the first two wait ~100 s, the third a full handling time more.
    assert [c["queue"]["position"] for c in (first, second, third)] == [1, 2, 3]
    assert 90 <= first["queue"]["expected_wait_seconds"] <= 110
    assert 90 <= second["queue"]["expected_wait_seconds"] <= 110
    assert 390 <= third["queue"]["expected_wait_seconds"] <= 410
    assert third["queue"]["expected_wait_capped"] is False


@pytest.mark.django_db(transaction=True)
def test_a_wait_past_the_cap_is_told_as_more_than_the_cap(chat_team, settings):
    settings.LIVECHAT_DEFAULT_HANDLE_SECONDS = 3000
    settings.LIVECHAT_WAIT_CAP_SECONDS = 3600
    rosa = member(chat_team, "rosa")
    AgentStatus.objects.filter(user=rosa).update(chat_capacity=1)
    chat_accept(conversation_id=start_chat()["conversation"], agent=rosa)
    start_chat()

    chat = start_chat()

    assert chat["queue"] == {"position": 2, "expected_wait_seconds": 3600, "expected_wait_capped": True}
    assert chat["availability"] == "busy"


@pytest.mark.django_db(transaction=True)
def test_ended_chats_teach_the_estimate_their_handling_time(chat_team, settings):
    settings.LIVECHAT_DEFAULT_HANDLE_SECONDS = 60
    sam = member(chat_team, "sam")
    AgentStatus.objects.filter(user=sam).update(chat_capacity=1)
    for _ in range(5):
        pk = start_chat()["conversation"]
        chat_accept(conversation_id=pk, agent=sam)
        chat_end(conversation_id=pk, actor=sam)
        Conversation.objects.filter(pk=pk).update(accepted_at=timezone.now() - dt.timedelta(minutes=8))
    chat_accept(conversation_id=start_chat()["conversation"], agent=sam)
    Conversation.objects.filter(status=ConversationStatus.ACTIVE).update(accepted_at=timezone.now())

    chat = start_chat()

    assert 470 <= chat["queue"]["expected_wait_seconds"] <= 480

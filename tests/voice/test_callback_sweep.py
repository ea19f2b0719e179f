"""Callbacks past their due time: marked overdue once, and the people who answer for them told, as
beat runs the sweep (real PostgreSQL, outside any test transaction, through Celery)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from messaging.fakes.twilio import FakeTwilio
from notifications.models import Notification
from routing.models import Team
from tests.factories import TeamMembershipFactory, make_agent
from tests.voice.conftest import make_voice_account, new_caller
from voice.models import Callback
from voice.services import callbacks_overdue_sweep


def _callback(account: Any, number: str) -> Callback:
    caller = new_caller(account, number=number)
    caller.ring()
    caller.press("language", "1")
    caller.press("topic", "2")
    caller.press("callback", "1", attempt=5)
    return Callback.objects.get(call__sid=caller.sid)


@pytest.mark.django_db
def test_an_overdue_callback_tells_the_team_lead_once(voice_account: Any, phone_team: Team) -> None:
    lead, member = make_agent(username="lead"), make_agent(username="member")
    TeamMembershipFactory(team=phone_team, user=lead, is_lead=True)
    TeamMembershipFactory(team=phone_team, user=member)
    callback = _callback(voice_account, "+447700900011")
    assert callbacks_overdue_sweep(now=callback.due_at - dt.timedelta(seconds=1)) == 0
    assert callbacks_overdue_sweep(now=callback.due_at + dt.timedelta(seconds=1)) == 1
    assert callbacks_overdue_sweep(now=callback.due_at + dt.timedelta(minutes=5)) == 0
    told = Notification.objects.filter(target=f"callback:{callback.pk}")
    assert [n.recipient_id for n in told] == [lead.pk]
    callback.refresh_from_db()
    assert callback.overdue_at is not None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_overdue_sweep_as_beat_runs_it(
    fake_twilio_server: tuple[FakeTwilio, str], phone_team_committed: Team, settings: Any
) -> None:
    from voice.tasks import voice_callbacks_overdue_task

    account = make_voice_account(*fake_twilio_server, team=phone_team_committed)
    lead = make_agent(username="lead2")
    TeamMembershipFactory(team=phone_team_committed, user=lead, is_lead=True)
    callback = _callback(account, "+447700900012")
    Callback.objects.filter(pk=callback.pk).update(due_at=timezone.now() - dt.timedelta(minutes=1))
    assert voice_callbacks_overdue_task.apply().get() == 1
    assert voice_callbacks_overdue_task.apply().get() == 0
    assert Notification.objects.filter(recipient=lead, target=f"callback:{callback.pk}").count() == 1


@pytest.fixture
def phone_team_committed(transactional_db: None) -> Team:
    from tests.factories import make_team

    return make_team(name="Phones", slug="phones", languages=["en"])

"""The ticket page of a phone ticket: each call on the timeline (number masked for agents, duration,
recording, transcription) and the phone panel (calls, callback status), in bounded statements."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from messaging.models import ChannelAccount
from routing.models import Team
from tests.factories import TeamMembershipFactory, make_agent
from tests.voice.conftest import CALLER, new_caller
from voice.models import Call

pytestmark = pytest.mark.django_db
RECORDING = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE9"


def _called(account: ChannelAccount, number: str = CALLER) -> Call:
    caller = new_caller(account, number=number)
    caller.ring()
    caller.press("language", "1")
    caller.press("topic", "2")
    caller.press("callback", "1", attempt=3)
    caller.post(
        "recording", {"RecordingSid": "RE9", "RecordingStatus": "completed", "RecordingUrl": RECORDING}
    )
    caller.post("status", {"CallStatus": "completed", "CallDuration": "95"})
    return Call.objects.get(sid=caller.sid)


def _page(user: Any, call: Call) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("tickets:ticket-detail", args=[call.ticket_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_an_agent_sees_the_call_with_the_number_masked(
    voice_account: ChannelAccount, phone_team: Team
) -> None:
    call = _called(voice_account)
    agent = make_agent(username="ann")
    TeamMembershipFactory(team=phone_team, user=agent)
    html = _page(agent, call)
    entry = html[html.index('class="call-entry') :]
    assert CALLER not in entry[: entry.index("</p>")] and "•••• 23" in entry[: entry.index("</p>")]
    panel = html[html.index('class="voice-calls"') :]
    assert CALLER not in panel[: panel.index("</section>")]
    assert 'class="who">Caller •••• 23<' in html  # the caller is not named by their number
    assert "1:35" in html  # the duration
    assert RECORDING in html
    assert f'data-call="{call.pk}"' in html  # the phone panel
    assert "Callback" in html


def test_a_supervisor_sees_the_number(voice_account: ChannelAccount) -> None:
    call = _called(voice_account)
    html = _page(make_agent(username="sue", role="supervisor"), call)
    assert CALLER in html


def test_the_phone_panel_adds_one_statement_to_the_ticket_page(voice_account: ChannelAccount) -> None:
    call = _called(voice_account)
    second = _called(voice_account)  # the same caller again: the same open phone ticket
    assert second.ticket_id == call.ticket_id
    agent = make_agent(username="bob")
    client = Client()
    client.force_login(agent)
    url = reverse("tickets:ticket-detail", args=[call.ticket_id])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    calls_reads = [q["sql"] for q in queries.captured_queries if 'FROM "voice_call"' in q["sql"]]
    assert len(calls_reads) == 1, calls_reads

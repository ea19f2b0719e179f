"""The Calls page: agents see who is calling (masked as the workspace masks it) before they pick up,
VIPs first; Answer and Call back go through the outbox to Twilio's REST API (the fake, over HTTP)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.models import VipLevel
from messaging.fakes.twilio import FakeTwilio
from messaging.models import ChannelAccount, ChannelMessage, MessageStatus
from messaging.services import outbound_send
from routing.models import Team
from tests.factories import TeamMembershipFactory, make_agent, make_customer, make_team
from tests.voice.conftest import Caller, new_caller
from voice.models import AgentLine, Call, Callback, CallbackStatus, CallStatus

pytestmark = pytest.mark.django_db
AGENT_PHONE = "+442071234567"


def waiting_call(
    account: ChannelAccount, number: str, *, vouched: dict[str, str] | None = None, **customer: Any
) -> Caller:
    caller = new_caller(account, number=number)
    if vouched is not None:
        make_customer(external_id=f"u{number[-4:]}", language="en", **customer)
        vouched[number] = f"u{number[-4:]}"
    caller.ring()
    if not Call.objects.get(sid=caller.sid).language:
        caller.press("language", "1")
    caller.press("topic", "2")
    return caller


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def phone_agent(phone_team: Team) -> Any:
    agent = make_agent(username="phil")
    TeamMembershipFactory(team=phone_team, user=agent)
    AgentLine.objects.create(user=agent, phone=AGENT_PHONE)
    return agent


def test_waiting_callers_are_listed_vips_first_with_their_numbers_masked(
    voice_account: ChannelAccount, phone_agent: Any, vouched: dict[str, str]
) -> None:
    standard = waiting_call(voice_account, "+447700900001")
    vip = waiting_call(
        voice_account, "+447700900002", vouched=vouched, vip_level=VipLevel.VIP3, name="Vera Vip"
    )
    page = signed_in(phone_agent).get(reverse("voice:call-board"))
    assert page.status_code == 200
    html = page.content.decode()
    vip_call, standard_call = Call.objects.get(sid=vip.sid), Call.objects.get(sid=standard.sid)
    assert html.index(f'data-call="{vip_call.pk}"') < html.index(f'data-call="{standard_call.pk}"')
    assert "Vera Vip" in html
    assert "+447700900002" not in html and "•••• 02" in html


def test_a_supervisor_sees_the_numbers_and_the_view_is_audited(voice_account: ChannelAccount) -> None:
    from audit.models import AuditEvent

    waiting_call(voice_account, "+447700900003")
    supervisor = make_agent(username="sue", role="supervisor")
    html = signed_in(supervisor).get(reverse("voice:call-board-rows")).content.decode()
    assert "+447700900003" in html
    assert AuditEvent.objects.filter(action="customer.pii_viewed").exists()


def test_a_partner_agent_sees_only_their_own_teams_callers(voice_account: ChannelAccount) -> None:
    waiting_call(voice_account, "+447700900004")
    partner_team = make_team(name="Partners", slug="partners", is_outsourced=True)
    partner = make_agent(username="pat")
    TeamMembershipFactory(team=partner_team, user=partner)
    call = Call.objects.get()
    client = signed_in(partner)
    assert f'data-call="{call.pk}"' not in client.get(reverse("voice:call-board-rows")).content.decode()
    assert client.post(reverse("voice:call-answer", args=[call.pk])).status_code == 404


def test_the_calls_page_costs_the_same_statements_for_three_callers_as_for_thirty(
    voice_account: ChannelAccount, phone_agent: Any
) -> None:
    client = signed_in(phone_agent)

    def statements() -> tuple[int, int]:
        """(all statements, the page's own): the session's periodic refresh is the middleware's."""
        client.get(reverse("voice:call-board"))  # sessions and caches warm
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("voice:call-board")).status_code == 200
        own = [q for q in queries.captured_queries if "django_session" not in q["sql"]]
        return len(queries), len(own)

    for n in range(3):
        waiting_call(voice_account, f"+4477009001{n:02d}")
    few_total, few = statements()
    for n in range(3, 30):
        waiting_call(voice_account, f"+4477009001{n:02d}")
    Callback.objects.bulk_create(
        Callback(call=call, requested_at=call.created_at, due_at=call.created_at)
        for call in Call.objects.all()[:10]
    )
    _total, many = statements()
    assert many == few
    assert few_total <= 7


def test_answer_puts_the_caller_through_to_the_agents_phone_once(
    voice_account: ChannelAccount,
    phone_agent: Any,
    twilio: FakeTwilio,
    django_capture_on_commit_callbacks: Any,
) -> None:
    caller = waiting_call(voice_account, "+447700900005")
    twilio.ring(from_number=caller.number, to_number="+15550100000", sid=caller.sid)
    call = Call.objects.get(sid=caller.sid)
    client = signed_in(phone_agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("voice:call-answer", args=[call.pk]))
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == CallStatus.CONNECTING and call.answered_by == phone_agent
    message = ChannelMessage.objects.get(operation="call_redirect")
    assert message.status == MessageStatus.SENT, message.error
    sent = twilio.requests[-1]
    assert sent.path.endswith(f"/Calls/{caller.sid}.json") and sent.auth_ok
    assert f"<Number>{AGENT_PHONE}</Number>" in sent.form["Twiml"]
    assert 'record="record-from-answer"' in sent.form["Twiml"] and "/recording/" in sent.form["Twiml"]

    other = make_agent(username="olga")
    AgentLine.objects.create(user=other, phone="+442071234568")
    signed_in(other).post(reverse("voice:call-answer", args=[call.pk]))
    assert ChannelMessage.objects.filter(operation="call_redirect").count() == 1


def test_an_agent_without_a_phone_is_told_to_set_one(voice_account: ChannelAccount) -> None:
    caller = waiting_call(voice_account, "+447700900006")
    agent = make_agent(username="nophone")
    client = signed_in(agent)
    response = client.post(
        reverse("voice:call-answer", args=[Call.objects.get(sid=caller.sid).pk]), follow=True
    )
    assert "Set the phone number you take calls on first." in response.content.decode()
    assert Call.objects.get(sid=caller.sid).status == CallStatus.WAITING
    client.post(reverse("voice:agent-line-set"), {"phone": "+44 20 7123 4599"})
    assert AgentLine.objects.get(user=agent).phone == "+442071234599"


def test_a_caller_who_asks_for_a_callback_is_called_back_through_the_rest_api_even_after_an_outage(
    voice_account: ChannelAccount,
    phone_agent: Any,
    twilio: FakeTwilio,
    django_capture_on_commit_callbacks: Any,
) -> None:
    caller = waiting_call(voice_account, "+447700900007")
    wait = caller.post("wait", {"QueuePosition": "2", "QueueTime": "30"})
    assert "number 2 in the queue" in wait.content.decode()
    taken = caller.press("callback", "1", attempt=30)
    assert "<Leave" in taken.content.decode()
    callback = Callback.objects.get(call__sid=caller.sid)
    assert callback.status == CallbackStatus.WAITING and callback.due_at > callback.requested_at
    assert Call.objects.get(sid=caller.sid).status == CallStatus.CALLBACK

    twilio.fail_next(503)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(phone_agent).post(reverse("voice:callback-call", args=[callback.pk]))
    message = ChannelMessage.objects.get(operation="call_create")
    assert message.status == MessageStatus.QUEUED and message.attempts == 1  # Twilio was down: kept
    ChannelMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
    outbound_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    created = twilio.requests[-1]
    assert created.path.endswith("/Calls.json")
    assert created.form["To"] == AGENT_PHONE and "<Number>+447700900007</Number>" in created.form["Twiml"]
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.CALLING and callback.called_by == phone_agent

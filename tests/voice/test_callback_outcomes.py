"""A callback's outbound call reports how it ended: the call is created with a StatusCallback and its
<Dial> with an action, both signed webhooks to the callback-status hook (the fake Twilio over HTTP). A
reached customer makes the callback done with the conversation's duration; otherwise it goes back to the
queue with the attempt recorded, and after VOICE_CALLBACK_MAX_ATTEMPTS misses it is flagged. Shown on the
Calls page and the call's entry on the ticket."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from messaging.fakes.twilio import FakeTwilio, signature
from messaging.models import ChannelAccount, ChannelMessage, MessageStatus, WebhookEvent
from routing.models import Team
from tests.factories import TeamMembershipFactory, make_agent
from tests.voice.conftest import Caller, make_voice_account, twilio_posts
from tests.voice.test_calls_page import AGENT_PHONE, signed_in, waiting_call
from tickets.models import TimelineEntry
from voice.hooks import hook_url
from voice.models import AgentLine, Callback, CallbackOutcome, CallbackStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone_agent(phone_team: Team) -> Any:
    agent = make_agent(username="phil")
    TeamMembershipFactory(team=phone_team, user=agent)
    AgentLine.objects.create(user=agent, phone=AGENT_PHONE)
    return agent


@pytest.fixture
def callback(voice_account: ChannelAccount) -> Callback:
    caller: Caller = waiting_call(voice_account, "+447700900401")
    caller.press("callback", "1", attempt=2)
    return Callback.objects.select_related("call").get(call__sid=caller.sid)


def call_back(agent: Any, callback: Callback, capture: Any) -> str:
    """The agent presses Call back; the outbox places the call at the fake. Its CallSid."""
    with capture(execute=True):
        signed_in(agent).post(reverse("voice:callback-call", args=[callback.pk]))
    message = ChannelMessage.objects.filter(operation="call_create").latest("id")
    assert message.status == MessageStatus.SENT, message.error
    return message.provider_message_id


def report(account: ChannelAccount, url_and_form: tuple[str, dict[str, str]], **kw: Any) -> Any:
    url, form = url_and_form
    assert url, "the call was created without the URL Twilio reports to"
    return twilio_posts(url, form, token=kw.get("token") or account.credentials["auth_token"])


def entry_callback(callback: Callback) -> dict[str, Any]:
    entry = TimelineEntry.objects.get(pk=callback.call.entry_id or 0)
    return dict(entry.data["call"]["callback"])


def test_a_reached_customer_makes_the_callback_done_with_the_duration(
    voice_account: ChannelAccount,
    phone_agent: Any,
    callback: Callback,
    twilio: FakeTwilio,
    django_capture_on_commit_callbacks: Any,
) -> None:
    sid = call_back(phone_agent, callback, django_capture_on_commit_callbacks)
    created = next(r for r in twilio.requests if r.path.endswith("/Calls.json"))
    status_url = created.form["StatusCallback"]
    assert f"/hooks/voice/{voice_account.webhook_key}/callback-status/" in status_url
    assert f"callback={callback.pk}" in status_url and "attempt=1" in status_url
    assert created.form["StatusCallbackMethod"] == "POST"
    assert twilio.dial_action_url(sid) == status_url  # the customer's leg reports there too

    answer = report(voice_account, twilio.dial_ends(sid, "completed", duration=151))
    assert answer.status_code == 200 and b"<Response" in answer.content
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.DONE
    assert (callback.outcome, callback.duration, callback.attempts) == (CallbackOutcome.COMPLETED, 151, 1)
    assert entry_callback(callback)["status"] == "done"
    # The call's own end comes after: the attempt is decided, nothing changes.
    assert report(voice_account, twilio.call_ends(sid, "completed", duration=170)).status_code == 200
    callback.refresh_from_db()
    assert callback.duration == 151
    audit = AuditEvent.objects.get(action="voice.callback_attempt_ended")
    assert audit.after is not None and audit.after["outcome"] == "completed"
    assert audit.actor_label == "system:voice"

    board = signed_in(phone_agent).get(reverse("voice:call-board-rows")).content.decode()
    assert f'data-callback="{callback.pk}"' not in board  # done: off the queue
    page = signed_in(phone_agent).get(reverse("tickets:ticket-detail", args=[callback.call.ticket_id]))
    html = page.content.decode()
    assert "Callback: Called back · attempt 1: Reached · 2:31" in html  # the call's entry
    assert "attempt 1: Reached, 2:31" in html  # the phone panel


def test_a_customer_who_does_not_answer_goes_back_to_the_queue_with_the_attempt_recorded(
    voice_account: ChannelAccount,
    phone_agent: Any,
    callback: Callback,
    twilio: FakeTwilio,
    django_capture_on_commit_callbacks: Any,
) -> None:
    sid = call_back(phone_agent, callback, django_capture_on_commit_callbacks)
    assert report(voice_account, twilio.dial_ends(sid, "no-answer")).status_code == 200
    assert report(voice_account, twilio.call_ends(sid, "completed", duration=31)).status_code == 200
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.WAITING
    assert (callback.outcome, callback.failed_attempts, callback.duration) == ("no-answer", 1, None)
    assert callback.flagged_at is None
    board = signed_in(phone_agent).get(reverse("voice:call-board-rows")).content.decode()
    row = board[board.index(f'data-callback="{callback.pk}"') :]
    assert "attempt 1: No answer" in row[: row.index("</tr>")]
    assert entry_callback(callback) == {
        "status": "waiting",
        "attempts": 1,
        "failed_attempts": 1,
        "outcome": "no-answer",
        "duration": None,
        "flagged": False,
    }


def test_the_agents_phone_not_answering_is_not_held_against_the_customer(
    voice_account: ChannelAccount,
    phone_agent: Any,
    callback: Callback,
    twilio: FakeTwilio,
    django_capture_on_commit_callbacks: Any,
) -> None:
    sid = call_back(phone_agent, callback, django_capture_on_commit_callbacks)
    assert report(voice_account, twilio.call_ends(sid, "no-answer")).status_code == 200
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.WAITING
    assert (callback.outcome, callback.failed_attempts) == (CallbackOutcome.AGENT_MISSED, 0)


def test_after_the_last_allowed_miss_the_callback_is_flagged_and_stays_in_the_queue(
    voice_account: ChannelAccount,
    phone_agent: Any,
    callback: Callback,
    twilio: FakeTwilio,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    settings.VOICE_CALLBACK_MAX_ATTEMPTS = 3
    for attempt, outcome in enumerate(("busy", "no-answer", "failed"), start=1):
        sid = call_back(phone_agent, callback, django_capture_on_commit_callbacks)
        callback.refresh_from_db()
        assert (callback.status, callback.outcome) == (CallbackStatus.CALLING, "")  # this attempt's: none yet
        assert entry_callback(callback)["status"] == "calling"
        assert report(voice_account, twilio.dial_ends(sid, outcome)).status_code == 200
        callback.refresh_from_db()
        assert (callback.attempts, callback.failed_attempts, callback.outcome) == (attempt, attempt, outcome)
        assert (callback.flagged_at is not None) == (attempt == 3)
    assert callback.status == CallbackStatus.WAITING
    board = signed_in(phone_agent).get(reverse("voice:call-board-rows")).content.decode()
    row = board[board.index(f'data-callback="{callback.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "data-flagged" in row and "flagged: 3 attempts did not reach the customer" in row
    html = (
        signed_in(phone_agent)
        .get(reverse("tickets:ticket-detail", args=[callback.call.ticket_id]))
        .content.decode()
    )
    assert "attempt 3: Failed · flagged: 3 attempts did not reach the customer" in html


def test_a_late_report_of_an_earlier_attempt_changes_nothing(
    voice_account: ChannelAccount,
    phone_agent: Any,
    callback: Callback,
    twilio: FakeTwilio,
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = call_back(phone_agent, callback, django_capture_on_commit_callbacks)
    second = call_back(phone_agent, callback, django_capture_on_commit_callbacks)
    assert first != second
    assert report(voice_account, twilio.dial_ends(first, "completed", duration=60)).status_code == 200
    callback.refresh_from_db()
    assert (callback.status, callback.attempts, callback.outcome) == (CallbackStatus.CALLING, 2, "")
    assert report(voice_account, twilio.dial_ends(second, "busy")).status_code == 200
    callback.refresh_from_db()
    assert (callback.status, callback.outcome) == (CallbackStatus.WAITING, "busy")


def test_a_bad_signature_is_refused_writing_nothing_and_a_replay_is_refused(
    voice_account: ChannelAccount,
    phone_agent: Any,
    callback: Callback,
    twilio: FakeTwilio,
    django_capture_on_commit_callbacks: Any,
) -> None:
    sid = call_back(phone_agent, callback, django_capture_on_commit_callbacks)
    events = WebhookEvent.objects.count()
    url, form = twilio.dial_ends(sid, "completed", duration=10)
    assert report(voice_account, (url, form), token="not-the-auth-token").status_code == 403
    # Signed for this callback, sent for another one: the signature covers the URL's query.
    other = url.replace(f"callback={callback.pk}", f"callback={callback.pk + 1}")
    path = "/" + other.split("://", 1)[1].split("/", 1)[1]
    signed = twilio_posts(url, form, token=voice_account.credentials["auth_token"])
    assert signed.status_code == 200
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.DONE

    forged = signed_in(phone_agent).post(
        path,
        form,
        headers={"X-Twilio-Signature": signature(voice_account.credentials["auth_token"], url, form)},
    )
    assert forged.status_code == 403
    assert WebhookEvent.objects.count() == events + 1  # only the genuine report's key
    assert report(voice_account, (url, form)).status_code == 409
    assert AuditEvent.objects.filter(action="voice.callback_attempt_ended").count() == 1


def test_a_report_without_the_callback_is_refused(voice_account: ChannelAccount, twilio: FakeTwilio) -> None:
    form = {"CallSid": "CA" + "ab" * 16, "AccountSid": twilio.account_sid, "CallStatus": "completed"}
    url = hook_url(voice_account, "callback-status")
    assert twilio_posts(url, form, token=voice_account.credentials["auth_token"]).status_code == 400
    assert not WebhookEvent.objects.exists()


def test_another_accounts_hook_cannot_decide_this_accounts_callback(
    voice_account: ChannelAccount,
    phone_agent: Any,
    callback: Callback,
    twilio: FakeTwilio,
    fake_twilio_server: tuple[FakeTwilio, str],
    django_capture_on_commit_callbacks: Any,
) -> None:
    sid = call_back(phone_agent, callback, django_capture_on_commit_callbacks)
    other = make_voice_account(twilio, fake_twilio_server[1], name="Other line")
    url = hook_url(other, "callback-status", callback=callback.pk, attempt=1)
    _url, form = twilio.dial_ends(sid, "completed", duration=5)
    assert twilio_posts(url, form, token=other.credentials["auth_token"]).status_code == 200
    callback.refresh_from_db()
    assert (callback.status, callback.outcome) == (CallbackStatus.CALLING, "")
    assert not AuditEvent.objects.filter(action="voice.callback_attempt_ended").exists()

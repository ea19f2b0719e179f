"""Every voice webhook is an attacker's door: only Twilio's signature over the public URL opens it, and
each step of a call is taken once."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings

from messaging.fakes.twilio import signature
from messaging.models import ChannelAccount, Contact, WebhookEvent
from tests.voice.conftest import CALLER, Caller
from voice.hooks import hook_url
from voice.models import Call

pytestmark = pytest.mark.django_db


def nothing_written() -> bool:
    return not (Call.objects.exists() or Contact.objects.exists() or WebhookEvent.objects.exists())


def test_a_request_without_a_signature_is_refused_and_writes_nothing(caller: Caller) -> None:
    url = hook_url(caller.account, "incoming")
    response = Client().post("/" + url.split("/", 3)[3], {"CallSid": caller.sid, "From": CALLER})
    assert response.status_code == 403
    assert nothing_written()


def test_a_signature_made_with_another_token_is_refused(caller: Caller) -> None:
    assert caller.post("incoming", {"CallStatus": "ringing"}, token="not-the-auth-token").status_code == 403
    assert nothing_written()


def test_a_signature_over_another_url_is_refused(caller: Caller) -> None:
    form = {"CallSid": caller.sid, "From": CALLER}
    other = hook_url(caller.account, "incoming").replace("/incoming/", "/status/")
    response = Client().post(
        "/" + hook_url(caller.account, "incoming").split("/", 3)[3],
        form,
        headers={"X-Twilio-Signature": signature(caller.account.credentials["auth_token"], other, form)},
    )
    assert response.status_code == 403
    assert nothing_written()


def test_a_changed_parameter_breaks_the_signature(caller: Caller) -> None:
    form = {"CallSid": caller.sid, "From": CALLER}
    url = hook_url(caller.account, "incoming")
    sig = signature(caller.account.credentials["auth_token"], url, form)
    response = Client().post(
        "/" + url.split("/", 3)[3], {**form, "From": "+15550000000"}, headers={"X-Twilio-Signature": sig}
    )
    assert response.status_code == 403
    assert nothing_written()


def test_the_signature_is_checked_over_the_public_url_not_the_host_the_proxy_forwarded(
    caller: Caller,
) -> None:
    with override_settings(VOICE_PUBLIC_BASE_URL="https://help.example.com"):
        assert hook_url(caller.account, "incoming").startswith("https://help.example.com/hooks/voice/")
        response = caller.ring()
    assert response.status_code == 200


def test_a_replayed_step_is_refused_and_changes_nothing(caller: Caller) -> None:
    assert caller.ring().status_code == 200
    assert caller.ring().status_code == 409
    assert Call.objects.count() == 1
    caller.press("language", "1")
    caller.press("topic", "2")
    tickets_before = Call.objects.get(sid=caller.sid).ticket.entries.count()  # type: ignore[union-attr]
    assert caller.press("topic", "2").status_code == 409
    assert Call.objects.get(sid=caller.sid).ticket.entries.count() == tickets_before  # type: ignore[union-attr]
    done = {"CallStatus": "completed", "CallDuration": "30", "SequenceNumber": "1"}
    assert caller.post("status", done).status_code == 200
    assert caller.post("status", done).status_code == 409


def test_an_unknown_or_disabled_account_is_not_found(caller: Caller, voice_account: ChannelAccount) -> None:
    response = Client().post("/hooks/voice/no-such-key/incoming/", {"CallSid": caller.sid})
    assert response.status_code == 404
    ChannelAccount.objects.filter(pk=voice_account.pk).update(enabled=False)
    assert caller.ring().status_code == 404
    assert nothing_written()


def test_a_signed_request_without_a_call_id_is_refused(caller: Caller) -> None:
    url = hook_url(caller.account, "incoming")
    form = {"From": CALLER}
    sig = signature(caller.account.credentials["auth_token"], url, form)
    assert (
        Client().post("/" + url.split("/", 3)[3], form, headers={"X-Twilio-Signature": sig}).status_code
        == 400
    )


def test_the_adapter_verifies_as_the_views_do(caller: Caller, rf: RequestFactory) -> None:
    from messaging.providers.base import WebhookRejected
    from voice.provider import VoiceProvider

    url = hook_url(caller.account, "status")
    form = {"CallSid": caller.sid, "CallStatus": "completed"}
    path = "/" + url.split("/", 3)[3]
    good = rf.post(
        path,
        form,
        headers={"X-Twilio-Signature": signature(caller.account.credentials["auth_token"], url, form)},
    )
    VoiceProvider().verify(good, caller.account.credentials)
    bad = rf.post(path, form, headers={"X-Twilio-Signature": "AAAA"})
    with pytest.raises(WebhookRejected):
        VoiceProvider().verify(bad, caller.account.credentials)

"""Twilio Programmable Voice as a channel adapter (messaging.providers.base.Provider).

Calls reach the helpdesk through voice's own webhooks (voice/views.py: each step of a call is a
request that answers TwiML), which verify Twilio's signature here. The outbox hands this adapter two
operations through the REST API, run by the real `twilio` library over the outbox's httpx client:
- "call_redirect": a caller waiting in the queue is taken out of it and put through (`<Dial>`) to the
  phone of the agent who answered;
- "call_create": a callback: the agent's phone rings first, then the customer's is dialled; the call's
  status callback and the dial's action report how the attempt ended (voice/hooks.py callback_status).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import httpx
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from twilio.twiml.voice_response import Dial, VoiceResponse

from messaging.providers.base import (
    Media,
    Outgoing,
    Parsed,
    PermanentSendError,
    Sent,
    TransientSendError,
    WebhookRejected,
)
from messaging.providers.twilio_http import TWILIO_API, HttpxTwilioClient


def public_url(request: HttpRequest) -> str:
    """The URL Twilio requested, as Twilio saw it: behind a proxy the host and scheme Django sees are
    not the ones Twilio signed, so the public base comes from the settings, never from the request."""
    base = getattr(settings, "VOICE_PUBLIC_BASE_URL", "") or settings.HELPDESK_SITE_URL
    return base.rstrip("/") + request.get_full_path()


def signature_valid(request: HttpRequest, auth_token: str) -> bool:
    given = request.headers.get("X-Twilio-Signature", "")
    if not given or not auth_token:
        return False
    return bool(RequestValidator(auth_token).validate(public_url(request), request.POST, given))


def dial_twiml(
    number: str,
    caller_id: str,
    *,
    say: str = "",
    language: str = "",
    recording_callback: str = "",
    action: str = "",
) -> str:
    """TwiML that puts the call through to `number` (the agent's phone, or the customer's); with a
    recording callback the conversation is recorded from the answer and its link reaches the call;
    with an `action` Twilio reports there how the dialled leg ended (DialCallStatus)."""
    response = VoiceResponse()
    if say:
        response.say(say, language=language or None)
    options: dict[str, str] = (
        {"record": "record-from-answer", "recording_status_callback": recording_callback}
        if recording_callback
        else {}
    )
    if action:
        options |= {"action": action, "method": "POST"}
    dial = Dial(caller_id=caller_id or None, **options)
    dial.number(number)
    response.append(dial)
    return str(response)


class VoiceProvider:
    kind: ClassVar[str] = "voice"
    credential_fields: ClassVar[tuple[str, ...]] = ("account_sid", "auth_token", "from_number", "api_base")
    secret_fields: ClassVar[frozenset[str]] = frozenset({"auth_token"})

    def webhook_urls(self, account: Any) -> dict[str, str]:
        """What an admin enters at Twilio for the number ({label: public URL}): its Voice URL (a call
        comes in) and its status callback URL; every other step's URL Twilio gets in the TwiML."""
        from django.utils.translation import gettext as _

        from voice.hooks import urls_for

        urls = urls_for(account)
        return {
            _("Voice URL (a call comes in)"): urls["voice_url"],
            _("Status callback URL"): urls["status_callback"],
        }

    def handshake(self, request: HttpRequest, credentials: Mapping[str, str]) -> HttpResponse | None:
        return None

    def verify(self, request: HttpRequest, credentials: Mapping[str, str]) -> None:
        if not signature_valid(request, credentials.get("auth_token", "")):
            raise WebhookRejected("bad or missing X-Twilio-Signature")

    def parse(self, request: HttpRequest, credentials: Mapping[str, str]) -> Parsed:
        # A call is a conversation of TwiML requests, each answered by voice.views; none of it is a
        # message for the core's generic webhook.
        if not request.POST.get("CallSid"):
            raise WebhookRejected("not a Twilio voice request", status=400)
        return Parsed()

    def acknowledge(self, parsed: Parsed) -> HttpResponse:
        return HttpResponse(str(VoiceResponse()), content_type="text/xml")

    def send(self, client: httpx.Client, credentials: Mapping[str, str], out: Outgoing) -> Sent:
        rest = self._client(client, credentials)
        payload: Mapping[str, Any] = out.payload
        try:
            if out.operation == "call_redirect":
                call = rest.calls(str(payload["call_sid"])).update(
                    twiml=dial_twiml(
                        str(payload["agent_phone"]),
                        credentials.get("from_number", ""),
                        recording_callback=str(payload.get("recording_callback", "")),
                    )
                )
            elif out.operation == "call_create":
                # The agent's phone rings first; once they pick up, Twilio dials the customer. The
                # status callback hears how the call ended, the dial's action how the customer's leg did.
                reported = str(payload.get("status_callback", ""))
                status = {"status_callback": reported, "status_callback_method": "POST"} if reported else {}
                call = rest.calls.create(
                    to=str(payload["agent_phone"]),
                    from_=credentials.get("from_number", ""),
                    twiml=dial_twiml(
                        out.recipient_id,
                        credentials.get("from_number", ""),
                        say=str(payload.get("whisper", "")),
                        action=reported,
                    ),
                    **status,
                )
            else:
                raise PermanentSendError(f"voice does not send {out.operation!r}")
        except TwilioRestException as exc:
            if exc.status == 429 or exc.status >= 500:
                raise TransientSendError(f"Twilio {exc.status}: {exc.msg}") from exc
            raise PermanentSendError(f"Twilio {exc.status} ({exc.code}): {exc.msg}") from exc
        except (httpx.TransportError, TwilioException) as exc:
            raise TransientSendError(f"Twilio unreachable: {exc}") from exc
        except KeyError as exc:
            raise PermanentSendError(f"missing {exc.args[0]} in the operation's data") from exc
        return Sent(message_id=str(call.sid))

    def media_fetch(
        self, client: httpx.Client, credentials: Mapping[str, str], media: Media, limit: int
    ) -> tuple[str, str, bytes]:
        # Recordings stay at Twilio and are linked from the call entry, never copied.
        raise PermanentSendError("calls carry no attachments")

    @staticmethod
    def _client(http: httpx.Client, credentials: Mapping[str, str]) -> Client:
        return Client(
            credentials.get("account_sid", ""),
            credentials.get("auth_token", ""),
            http_client=HttpxTwilioClient(http, credentials.get("api_base") or TWILIO_API),
        )

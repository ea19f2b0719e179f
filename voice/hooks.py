"""Twilio's webhooks for calls: each step of a call is a POST that answers TwiML.

The number's Voice URL is `incoming/`, its status callback `status/`; every other step's URL is
handed to Twilio in the TwiML of the step before (menus, the wait music, voicemail, recordings), or,
for a callback's outbound call, when the outbox creates it (`callback-status/`).
Each request must carry Twilio's signature over the public URL with the account's auth token (403
and nothing written otherwise), and each step is taken once: CallSid + step + sequence is stored as
messaging's WebhookEvent, and the same key again is refused (409) with nothing written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from helpdesk.parsing import parse_int
from messaging.models import ChannelAccount, ChannelKind, WebhookEvent
from voice import ivr
from voice.models import Call, CallStatus
from voice.provider import signature_valid
from voice.services import (
    call_ended,
    call_language_set,
    call_recording_set,
    call_start,
    call_topic_set,
    call_transcription_set,
    callback_attempt_ended,
    callback_request,
    caller_contact,
    event_once,
)

CALL_SID = re.compile(r"CA[0-9a-fA-F]{32}")
PHONE = re.compile(r"\+?[0-9]{3,20}")
STEPS = ("language", "topic", "callback")


class Replayed(Exception):
    pass


def hook_url(account: ChannelAccount, name: str, /, **query: object) -> str:
    """The public URL of a step of `account`'s calls (what Twilio requests and signs)."""
    base = getattr(settings, "VOICE_PUBLIC_BASE_URL", "") or settings.HELPDESK_SITE_URL
    path = reverse(f"voice:hook-{name}", kwargs={"webhook_key": account.webhook_key})
    return base.rstrip("/") + path + (f"?{urlencode(query)}" if query else "")


def urls_for(account: ChannelAccount) -> dict[str, str]:
    """What an admin enters at Twilio for the number: its Voice URL and status callback URL."""
    return {"voice_url": hook_url(account, "incoming"), "status_callback": hook_url(account, "status")}


def step_urls(account: ChannelAccount) -> ivr.Urls:
    return ivr.Urls(
        menu=lambda step, attempt: hook_url(account, "menu", step=step, n=attempt),
        wait=hook_url(account, "wait"),
        voicemail=hook_url(account, "voicemail"),
        recording=hook_url(account, "recording"),
        transcription=hook_url(account, "transcription"),
    )


def twiml(text: str, status: int = 200) -> HttpResponse:
    return HttpResponse(text, content_type="text/xml", status=status)


Handler = Callable[[HttpRequest, ChannelAccount, str], HttpResponse]


def twilio_hook(view: Handler) -> Callable[[HttpRequest, str], HttpResponse]:
    """The account by its key (404), Twilio's signature (403), a call id (400): then the step."""

    @csrf_exempt
    @require_POST
    @wraps(view)
    def wrapper(request: HttpRequest, webhook_key: str) -> HttpResponse:
        account = (
            ChannelAccount.objects.filter(kind=ChannelKind.VOICE, webhook_key=webhook_key, enabled=True)
            .select_related("team")
            .first()
        )
        if account is None:
            raise Http404
        if not signature_valid(request, account.credentials.get("auth_token", "")):
            return HttpResponse("bad signature", status=403, content_type="text/plain")
        sid = request.POST.get("CallSid", "")
        if not CALL_SID.fullmatch(sid):
            return HttpResponse("no CallSid", status=400, content_type="text/plain")
        try:
            return view(request, account, sid)
        except Replayed:
            return HttpResponse("already received", status=409, content_type="text/plain")

    return wrapper


def _once(account: ChannelAccount, key: str) -> None:
    """In the step's transaction: its key is stored, or the step was taken before (rolled back)."""
    if not event_once(account, key):
        raise Replayed


def _call(account: ChannelAccount, sid: str, *, lock: bool = True) -> Call:
    qs = Call.objects.select_related("account", "customer", "contact")
    if lock:
        qs = qs.select_for_update(of=("self",))
    call = qs.filter(account=account, sid=sid).first()
    if call is None:
        raise Http404
    return call


@twilio_hook
def incoming(request: HttpRequest, account: ChannelAccount, sid: str) -> HttpResponse:
    """A call rings: the caller's language menu, or, when their language is known, the topic menu."""
    key = f"{sid}:incoming"
    if WebhookEvent.objects.filter(account=account, event_key=key).exists():
        raise Replayed
    number = request.POST.get("From", "")
    if not PHONE.fullmatch(number):
        # A withheld number ("anonymous", "+266696687"): one contact for all who hide theirs.
        number = "anonymous"
    # The exchange is asked whose number this is before the step's transaction opens.
    contact = caller_contact(
        account=account, from_number=number, name=request.POST.get("CallerName", "")[:200]
    )
    with transaction.atomic():
        _once(account, key)
        call = call_start(account=account, sid=sid, contact=contact, now=timezone.now())
    urls = step_urls(account)
    return twiml(ivr.topic_menu(urls, call.language) if call.language else ivr.language_menu(urls))


@twilio_hook
def menu(request: HttpRequest, account: ChannelAccount, sid: str) -> HttpResponse:
    step = request.GET.get("step", "")
    if step not in STEPS:
        return HttpResponse("unknown step", status=400, content_type="text/plain")
    attempt = parse_int(request.GET.get("n"), default=1, maximum=1000)
    digits = request.POST.get("Digits", "")[:8]
    urls = step_urls(account)
    with transaction.atomic():
        _once(account, f"{sid}:{step}:{attempt}:{digits or '-'}")
        call = _call(account, sid)
        language = call.language or account.language
        if step == "language":
            chosen = ivr.language_for_key(digits)
            again = attempt + 1 if digits else attempt
            if chosen is None and again <= ivr.MENU_TRIES:
                return twiml(ivr.language_menu(urls, again))
            language = chosen or ivr.ivr_language(account.language) or "en"
            call_language_set(call=call, language=language)
            return twiml(ivr.topic_menu(urls, language))
        if step == "topic":
            category = ivr.category_for_key(digits)
            again = attempt + 1 if digits else attempt
            if category is None and again <= ivr.MENU_TRIES:
                return twiml(ivr.topic_menu(urls, language, again))
            waiting = call_topic_set(call=call, category=category or "other", now=timezone.now())
            if waiting:
                return twiml(ivr.queue_enter(urls, language, queue_name(account)))
            return twiml(ivr.voicemail(urls, language))
        # The callback offer, while waiting.
        if digits == ivr.CALLBACK_KEY and call.status == CallStatus.WAITING:
            callback_request(call=call, now=timezone.now())
            return twiml(ivr.callback_taken(language))
        return twiml(ivr.queue_wait(urls, language, 0, attempt + 1))


def queue_name(account: ChannelAccount) -> str:
    return f"helpdesk-{account.pk}"


@twilio_hook
def wait(request: HttpRequest, account: ChannelAccount, sid: str) -> HttpResponse:
    """Twilio asks what a waiting caller hears, again each time the last answer has been played."""
    queue_time = parse_int(request.POST.get("QueueTime"), default=0, maximum=10**7)
    position = parse_int(request.POST.get("QueuePosition"), default=0, maximum=10**6)
    with transaction.atomic():
        _once(account, f"{sid}:wait:{queue_time}")
        call = _call(account, sid, lock=False)
    return twiml(ivr.queue_wait(step_urls(account), call.language or account.language, position, queue_time))


@twilio_hook
def status(request: HttpRequest, account: ChannelAccount, sid: str) -> HttpResponse:
    """The number's status callback: the call is over (its duration), or moved on."""
    call_status = request.POST.get("CallStatus", "")[:20]
    sequence = request.POST.get("SequenceNumber", "")[:10]
    with transaction.atomic():
        _once(account, f"{sid}:status:{call_status}:{sequence}")
        call = (
            Call.objects.select_for_update(of=("self",))
            .select_related("account", "customer")
            .filter(account=account, sid=sid)
            .first()
        )
        if call is not None:
            duration = parse_int(request.POST.get("CallDuration"), default=0, maximum=10**7)
            call_ended(call=call, twilio_status=call_status, duration=duration, now=timezone.now())
    return twiml(ivr.empty())


def _media_url(value: str) -> str:
    return value if value.startswith(("https://", "http://")) else ""


@twilio_hook
def recording(request: HttpRequest, account: ChannelAccount, sid: str) -> HttpResponse:
    """A recording (of a voicemail, or of the call an agent answered) is ready at Twilio."""
    recording_sid = request.POST.get("RecordingSid", "")[:64]
    state = request.POST.get("RecordingStatus", "")[:20]
    with transaction.atomic():
        _once(account, f"{sid}:recording:{recording_sid}:{state}")
        call = _call(account, sid)
        url = _media_url(request.POST.get("RecordingUrl", ""))
        if state == "completed" and url:
            duration = parse_int(request.POST.get("RecordingDuration"), default=0, maximum=10**7)
            call_recording_set(call=call, url=url, duration=duration)
    return twiml(ivr.empty())


@twilio_hook
def voicemail(request: HttpRequest, account: ChannelAccount, sid: str) -> HttpResponse:
    """The caller's message is recorded (`<Record>`'s action)."""
    with transaction.atomic():
        _once(account, f"{sid}:voicemail")
        call = _call(account, sid)
        url = _media_url(request.POST.get("RecordingUrl", ""))
        duration = parse_int(request.POST.get("RecordingDuration"), default=0, maximum=10**7)
        if url:
            call_recording_set(call=call, url=url, duration=duration, voicemail=True)
    return twiml(ivr.goodbye(call.language or account.language, message_left=bool(url)))


@twilio_hook
def transcription(request: HttpRequest, account: ChannelAccount, sid: str) -> HttpResponse:
    """Twilio's transcription of a voicemail, when it has one."""
    transcription_sid = request.POST.get("TranscriptionSid", "")[:64]
    with transaction.atomic():
        _once(account, f"{sid}:transcription:{transcription_sid}")
        call = _call(account, sid)
        if request.POST.get("TranscriptionStatus") == "completed":
            call_transcription_set(call=call, text=request.POST.get("TranscriptionText", ""))
    return twiml(ivr.empty())


@twilio_hook
def callback_status(request: HttpRequest, account: ChannelAccount, sid: str) -> HttpResponse:
    """How an attempt to call a customer back ended: the outbound call's status callback, and its
    <Dial>'s action (DialCallStatus: the customer's leg). The callback and the attempt are in the URL
    Twilio signed; an earlier attempt's late report changes nothing."""
    callback_id = parse_int(request.GET.get("callback"), default=0, maximum=2**31 - 1)
    attempt = parse_int(request.GET.get("attempt"), default=0, maximum=10**4)
    if not (callback_id and attempt):
        return HttpResponse("unknown callback", status=400, content_type="text/plain")
    dial_status = request.POST.get("DialCallStatus", "")[:20]
    call_status = request.POST.get("CallStatus", "")[:20]
    customer_leg = bool(dial_status)
    duration_field = "DialCallDuration" if customer_leg else "CallDuration"
    with transaction.atomic():
        leg = "dial" if customer_leg else "call"
        _once(account, f"{sid}:callback:{leg}:{dial_status or call_status}")
        callback_attempt_ended(
            account=account,
            callback_id=callback_id,
            attempt=attempt,
            call_sid=sid,
            twilio_status=dial_status or call_status,
            customer_leg=customer_leg,
            duration=parse_int(request.POST.get(duration_field), maximum=10**7),
            now=timezone.now(),
        )
    # <Dial>'s action answers with the rest of the call: nothing, so it ends.
    return twiml(ivr.empty())

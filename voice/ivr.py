"""What a caller hears: the TwiML of each step of a call, in the caller's language.

Pure functions over plain values (the step URLs come from the view), so every prompt and branch is
tested without a database. Every prompt is a customer-facing string in the customer catalogue,
spoken with `<Say language="...">` in the caller's language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from twilio.twiml.voice_response import Gather, VoiceResponse

from tickets.models import Category

# Django's language code -> the language Twilio's <Say> speaks (the Polly/Google voices' codes).
SAY_LANGUAGES: dict[str, str] = {
    "en": "en-US",
    "es": "es-ES",
    "pt-br": "pt-BR",
    "fr": "fr-FR",
    "de": "de-DE",
    "it": "it-IT",
    "tr": "tr-TR",
    "ru": "ru-RU",
    "uk": "uk-UA",
    "pl": "pl-PL",
    "nl": "nl-NL",
    "ar": "arb",
    "hi": "hi-IN",
    "id": "id-ID",
    "vi": "vi-VN",
    "th": "th-TH",
    "ja": "ja-JP",
    "ko": "ko-KR",
    "zh-hans": "cmn-CN",
    "zh-hant": "cmn-TW",
    "fil": "fil-PH",
}

# The topics a caller picks by key, each a ticket category (the order callers hear them in).
TOPICS: tuple[tuple[str, str], ...] = (
    ("1", Category.DEPOSIT),
    ("2", Category.WITHDRAWAL),
    ("3", Category.ACCOUNT_ACCESS),
    ("4", Category.SECURITY),
    ("5", Category.KYC),
    ("6", Category.TRADING),
    ("9", Category.OTHER),
)
CALLBACK_KEY = "1"
# How often a menu is offered again when the caller presses nothing or a key it does not know.
MENU_TRIES = 3


def ivr_languages() -> tuple[str, ...]:
    """The languages the language menu offers, key 1 first (at most nine: one key each)."""
    configured = getattr(settings, "VOICE_IVR_LANGUAGES", ("en", "es", "pt-br", "fr", "de", "ru", "tr", "ja"))
    return tuple(code for code in configured if code in SAY_LANGUAGES)[:9]


def ivr_language(code: str | None) -> str | None:
    """A language the IVR speaks, from a customer's or a contact's language code, or None."""
    if not code:
        return None
    code = code.lower().replace("_", "-")
    if code in SAY_LANGUAGES:
        return code
    base = code.split("-")[0]
    return base if base in SAY_LANGUAGES else None


def language_for_key(digit: str) -> str | None:
    languages = ivr_languages()
    if digit.isdigit() and 1 <= int(digit) <= len(languages):
        return languages[int(digit) - 1]
    return None


def category_for_key(digit: str) -> str | None:
    return dict(TOPICS).get(digit)


@dataclass(frozen=True)
class Urls:
    """Where each step of this call posts next (absolute, signed by Twilio as given)."""

    menu: Callable[[str, int], str]  # (step, try) -> URL
    wait: str
    voicemail: str
    recording: str
    transcription: str


def _say(node: VoiceResponse | Gather, text: str, language: str) -> None:
    node.say(text, language=SAY_LANGUAGES.get(language, "en-US"))


def _spoken(language: str, build: Callable[[], VoiceResponse]) -> str:
    with translation.override(language):
        return str(build())


def language_menu(urls: Urls, attempt: int = 1) -> str:
    """The caller's language is not known: each language offers itself, in itself."""
    response = VoiceResponse()
    gather = Gather(num_digits=1, action=urls.menu("language", attempt), method="POST", timeout=5)
    for index, code in enumerate(ivr_languages(), start=1):
        with translation.override(code):
            name = translation.get_language_info(code)["name_local"]
            text = _("For %(language)s, press %(digit)s.") % {"language": name, "digit": index}
        _say(gather, text, code)
    response.append(gather)
    response.redirect(urls.menu("language", attempt + 1), method="POST")
    return str(response)


def topic_menu(urls: Urls, language: str, attempt: int = 1, *, greet: bool = True) -> str:
    def build() -> VoiceResponse:
        response = VoiceResponse()
        gather = Gather(num_digits=1, action=urls.menu("topic", attempt), method="POST", timeout=6)
        if greet and attempt == 1:
            _say(gather, _("Thank you for calling support."), language)
        elif attempt > 1:
            _say(gather, _("Sorry, I did not get that."), language)
        labels = dict(Category.choices)
        for digit, category in TOPICS:
            text = _("For %(topic)s, press %(digit)s.") % {"topic": labels[category], "digit": digit}
            _say(gather, text, language)
        response.append(gather)
        response.redirect(urls.menu("topic", attempt + 1), method="POST")
        return response

    return _spoken(language, build)


def queue_enter(urls: Urls, language: str, queue: str) -> str:
    """The caller waits in the queue; the wait URL speaks to them until an agent takes the call."""

    def build() -> VoiceResponse:
        response = VoiceResponse()
        response.enqueue(queue, wait_url=urls.wait, wait_url_method="POST")
        # After <Leave> (the caller chose a callback) the call goes on here.
        _say(response, _("Thank you for calling. Goodbye."), language)
        response.hangup()
        return response

    return _spoken(language, build)


def queue_wait(urls: Urls, language: str, position: int, attempt: int) -> str:
    """What a waiting caller hears, again and again: their place, and the offer of a callback."""

    def build() -> VoiceResponse:
        response = VoiceResponse()
        gather = Gather(num_digits=1, action=urls.menu("callback", attempt), method="POST", timeout=15)
        if position > 0:
            text = _("All our agents are busy. You are number %(position)s in the queue.") % {
                "position": position
            }
        else:
            text = _("All our agents are busy. Please stay on the line.")
        _say(gather, text, language)
        _say(
            gather,
            _("To be called back instead of waiting, press %(digit)s.") % {"digit": CALLBACK_KEY},
            language,
        )
        response.append(gather)
        return response

    return _spoken(language, build)


def callback_taken(language: str) -> str:
    def build() -> VoiceResponse:
        response = VoiceResponse()
        _say(response, _("Thank you. We will call you back at this number as soon as we can."), language)
        response.leave()
        return response

    return _spoken(language, build)


def voicemail(urls: Urls, language: str) -> str:
    """Out of hours: the caller leaves a message, recorded and transcribed."""

    def build() -> VoiceResponse:
        response = VoiceResponse()
        _say(
            response,
            _("We are closed now. Please leave a message after the tone and we will get back to you."),
            language,
        )
        response.record(
            action=urls.voicemail,
            method="POST",
            max_length=180,
            play_beep=True,
            transcribe=True,
            transcribe_callback=urls.transcription,
            recording_status_callback=urls.recording,
            recording_status_callback_method="POST",
        )
        _say(response, _("Thank you for calling. Goodbye."), language)
        return response

    return _spoken(language, build)


def goodbye(language: str, *, message_left: bool = False) -> str:
    def build() -> VoiceResponse:
        response = VoiceResponse()
        text = (
            _("Thank you for your message. Goodbye.")
            if message_left
            else _("Thank you for calling. Goodbye.")
        )
        _say(response, text, language)
        response.hangup()
        return response

    return _spoken(language, build)


def empty() -> str:
    return str(VoiceResponse())


def prompts() -> Sequence[str]:
    """Every prompt's source text (the customer catalogue must hold each, in every language)."""
    return (
        "For %(language)s, press %(digit)s.",
        "Thank you for calling support.",
        "Sorry, I did not get that.",
        "For %(topic)s, press %(digit)s.",
        "All our agents are busy. You are number %(position)s in the queue.",
        "All our agents are busy. Please stay on the line.",
        "To be called back instead of waiting, press %(digit)s.",
        "Thank you. We will call you back at this number as soon as we can.",
        "We are closed now. Please leave a message after the tone and we will get back to you.",
        "Thank you for your message. Goodbye.",
        "Thank you for calling. Goodbye.",
    )

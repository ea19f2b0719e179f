"""Tier 0 where customers meet it outside a ticket's own thread.

The chat widget's two choices under an answer ("Yes, this solved it", "Talk to a person"): endpoints
of the widget's own API, authenticated the way every widget call after `start` is, by the chat's
conversation token in the body (livechat.widget_api), so a visitor acts on their own chat only.

The help center's "Ask a question" box: the same engine and decision as a first message on the web
channel, without a ticket. It shows a confident answer (the article's summary and link) with the ways
to a person beside it, or, for anything tier 0 must not answer, the way to a person at once: never a
dead end.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assistant import decide as deciding
from assistant.delivery import chat_person, chat_solved
from assistant.engine import read
from assistant.services import channel_allows
from assistant.types import Decision
from audit.middleware import client_ip
from helpdesk.parsing import text_problem
from helpdesk.ratelimit import window_hits
from knowledgebase.reading import help_language
from knowledgebase.views_public import _page
from livechat.access import conversation_for_visitor
from livechat.widget_api import _body, widget_endpoint
from tickets.models import Channel

logger = logging.getLogger(__name__)

# Questions one address may ask the help center's box per window (each costs a reading on the CPU).
ASK_WINDOW = 600
ASK_PER_WINDOW = 30
MAX_QUESTION = 1000


# --- The chat widget's choices ---------------------------------------------------------------------


@widget_endpoint("POST")
def chat_solved_view(request: HttpRequest) -> HttpResponse:
    data = _body(request)
    conversation = conversation_for_visitor(data.get("token"))
    conversation = chat_solved(conversation_id=conversation.pk, assessment_id=data.get("assessment"))
    return JsonResponse({"status": conversation.status})


@widget_endpoint("POST")
def chat_person_view(request: HttpRequest) -> HttpResponse:
    data = _body(request)
    conversation = conversation_for_visitor(data.get("token"))
    conversation = chat_person(conversation_id=conversation.pk)
    return JsonResponse({"status": conversation.status, "assistant": conversation.with_assistant})


# --- The help center's box -------------------------------------------------------------------------


@dataclass(frozen=True)
class AskText:
    heading: str
    label: str
    placeholder: str
    ask: str
    answer_heading: str
    read_article: str
    still: str
    chat: str
    email: str
    person_heading: str
    person_body: str
    too_many: str
    empty: str


def ask_text(language: str) -> AskText:
    """The box's words in `language` (gettext, customer catalogues: docs/i18n.md)."""
    with translation.override(language or "en"):
        return AskText(
            heading=_("Ask a question"),
            label=_("Your question"),
            placeholder=_("e.g. How do I enable 2FA?"),
            ask=_("Ask"),
            answer_heading=_("This may answer your question"),
            read_article=_("Read the article"),
            still=_("Still need help?"),
            chat=_("Chat with us"),
            email=_("Email us"),
            person_heading=_("A person should answer this"),
            person_body=_("Our support team will help you with this. Start a chat or send us a message."),
            too_many=_(
                "You asked many questions in a short time. Please wait a few minutes, or chat with us."
            ),
            empty=_("Type your question first."),
        )


def ask_context(request: HttpRequest, language: str) -> dict[str, object]:
    """What the box and its result need: the words, and the chat button's attributes."""
    return {
        "ask": ask_text(language),
        "ask_language": language,
        "ask_url": reverse("assistant:ask", kwargs={"language": language}),
        "contact_url": reverse("help:contact", kwargs={"language": language}),
        "chat_opened_url": reverse("help:chat-opened", kwargs={"language": language}),
        "widget_url": static("livechat/widget.js"),
        "helpdesk_url": f"{request.scheme}://{request.get_host()}",
    }


def _decision(question: str) -> Decision | None:
    """What tier 0 would do with this as a first message on the web channel; None if it cannot say
    (then the customer is shown the way to a person)."""
    try:
        reading = read(question, channel=Channel.WEB)
        context = deciding.Context(
            channel=Channel.WEB,
            answers_allowed=channel_allows(Channel.WEB, reading.language),
            failed_answers=0,
            previous_articles=(),
            external_id=None,
            now=timezone.now(),
        )
        return deciding.decide(reading, context=context)
    except Exception:
        # The box must never be a dead end: whatever went wrong, a person is one click away.
        logger.exception("the help center's question could not be read")
        return None


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest, language: str) -> HttpResponse:
    language = help_language(language)
    context = ask_context(request, language)
    texts = ask_text(language)
    question = str(request.POST.get("q", "") if request.method == "POST" else request.GET.get("q", ""))
    question = question.strip()[:MAX_QUESTION]
    status = 200
    result: dict[str, object] = {}
    if request.method == "POST" or question:
        if not question or text_problem(question):
            result = {"error": texts.empty}
            status = 400
        elif window_hits(f"assistant:ask:{client_ip(request)}", ASK_WINDOW) > getattr(
            settings, "ASSISTANT_ASKS_PER_WINDOW", ASK_PER_WINDOW
        ):
            result = {"error": texts.too_many, "person": True}
            status = 429
        else:
            decision = _decision(question)
            answered = decision is not None and decision.answers and bool(decision.reply)
            result = {"decision": decision if answered else None, "person": not answered}
    context.update(result, question=question)
    if request.headers.get("HX-Request"):
        return render(request, "assistant/ask_result.html", context, status=status)
    return _page(request, "assistant/ask_page.html", language, context, alternates={}, status=status)

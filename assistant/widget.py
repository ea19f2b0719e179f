# ruff: noqa: RUF001 - the texts are in their own scripts, on purpose
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
from django.utils import timezone
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


ASK_TEXTS: dict[str, AskText] = {
    "en": AskText(
        heading="Ask a question",
        label="Your question",
        placeholder="e.g. How do I enable 2FA?",
        ask="Ask",
        answer_heading="This may answer your question",
        read_article="Read the article",
        still="Still need help?",
        chat="Chat with us",
        email="Email us",
        person_heading="A person should answer this",
        person_body="Our support team will help you with this. Start a chat or send us a message.",
        too_many="You asked many questions in a short time. Please wait a few minutes, or chat with us.",
        empty="Type your question first.",
    ),
    "es": AskText(
        heading="Haz una pregunta",
        label="Tu pregunta",
        placeholder="p. ej. ¿Cómo activo la 2FA?",
        ask="Preguntar",
        answer_heading="Esto puede responder a tu pregunta",
        read_article="Leer el artículo",
        still="¿Sigues necesitando ayuda?",
        chat="Chatea con nosotros",
        email="Escríbenos",
        person_heading="Una persona debe responder a esto",
        person_body="Nuestro equipo de soporte te ayudará. Inicia un chat o envíanos un mensaje.",
        too_many="Has hecho muchas preguntas en poco tiempo. Espera unos minutos o chatea con nosotros.",
        empty="Escribe primero tu pregunta.",
    ),
    "pt-br": AskText(
        heading="Faça uma pergunta",
        label="Sua pergunta",
        placeholder="ex.: Como ativo a 2FA?",
        ask="Perguntar",
        answer_heading="Isto pode responder à sua pergunta",
        read_article="Ler o artigo",
        still="Ainda precisa de ajuda?",
        chat="Converse conosco",
        email="Envie um e-mail",
        person_heading="Uma pessoa deve responder a isto",
        person_body="Nossa equipe de suporte vai ajudar você. Inicie um chat ou envie uma mensagem.",
        too_many="Você fez muitas perguntas em pouco tempo. Aguarde alguns minutos ou converse conosco.",
        empty="Digite sua pergunta primeiro.",
    ),
    "fr": AskText(
        heading="Posez une question",
        label="Votre question",
        placeholder="ex. : Comment activer la 2FA ?",
        ask="Demander",
        answer_heading="Ceci peut répondre à votre question",
        read_article="Lire l'article",
        still="Besoin d'aide supplémentaire ?",
        chat="Discuter avec nous",
        email="Nous écrire",
        person_heading="Une personne doit répondre à ceci",
        person_body="Notre équipe d'assistance va vous aider. Ouvrez un chat ou envoyez-nous un message.",
        too_many=(
            "Vous avez posé beaucoup de questions en peu de temps. "
            "Patientez quelques minutes ou discutez avec nous."
        ),
        empty="Saisissez d'abord votre question.",
    ),
    "de": AskText(
        heading="Stellen Sie eine Frage",
        label="Ihre Frage",
        placeholder="z. B. Wie aktiviere ich 2FA?",
        ask="Fragen",
        answer_heading="Das beantwortet vielleicht Ihre Frage",
        read_article="Artikel lesen",
        still="Brauchen Sie weitere Hilfe?",
        chat="Mit uns chatten",
        email="Schreiben Sie uns",
        person_heading="Hier sollte eine Person antworten",
        person_body="Unser Support-Team hilft Ihnen dabei. Starten Sie einen Chat oder schreiben Sie uns.",
        too_many=(
            "Sie haben in kurzer Zeit viele Fragen gestellt. "
            "Bitte warten Sie einige Minuten oder chatten Sie mit uns."
        ),
        empty="Geben Sie zuerst Ihre Frage ein.",
    ),
    "tr": AskText(
        heading="Bir soru sorun",
        label="Sorunuz",
        placeholder="ör. 2FA'yı nasıl etkinleştiririm?",
        ask="Sor",
        answer_heading="Bu, sorunuzu yanıtlayabilir",
        read_article="Makaleyi okuyun",
        still="Hâlâ yardıma mı ihtiyacınız var?",
        chat="Bizimle sohbet edin",
        email="Bize e-posta gönderin",
        person_heading="Bunu bir kişinin yanıtlaması gerekir",
        person_body="Destek ekibimiz size yardımcı olacak. Bir sohbet başlatın veya bize mesaj gönderin.",
        too_many="Kısa sürede çok soru sordunuz. Lütfen birkaç dakika bekleyin veya bizimle sohbet edin.",
        empty="Önce sorunuzu yazın.",
    ),
    "ru": AskText(
        heading="Задайте вопрос",
        label="Ваш вопрос",
        placeholder="например, как включить 2FA?",
        ask="Спросить",
        answer_heading="Возможно, это ответ на ваш вопрос",
        read_article="Читать статью",
        still="Всё ещё нужна помощь?",
        chat="Написать в чат",
        email="Написать нам",
        person_heading="На это должен ответить сотрудник",
        person_body="Наша служба поддержки поможет вам. Начните чат или отправьте нам сообщение.",
        too_many="Вы задали много вопросов за короткое время. Подождите несколько минут или напишите в чат.",
        empty="Сначала введите вопрос.",
    ),
    "ja": AskText(
        heading="質問する",
        label="ご質問",
        placeholder="例: 2FAを有効にするには?",
        ask="質問する",
        answer_heading="こちらでご質問が解決するかもしれません",
        read_article="記事を読む",
        still="まだお困りですか?",
        chat="チャットで相談",
        email="メールで問い合わせ",
        person_heading="担当者がお答えします",
        person_body="サポートチームがお手伝いします。チャットを開始するか、メッセージをお送りください。",
        too_many="短時間に多くの質問がありました。数分待つか、チャットでご相談ください。",
        empty="まず質問を入力してください。",
    ),
}


def ask_text(language: str) -> AskText:
    code = (language or "en").lower()
    return ASK_TEXTS.get(code) or ASK_TEXTS.get(code.split("-")[0]) or ASK_TEXTS["en"]


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

"""Tier 0's article answers in the customer's language, with and without a translation, and its own
vetted words in every language it writes."""

from __future__ import annotations

import importlib

import pytest

from assistant import answers
from assistant.phrases import FALLBACK, LANGUAGES, duration, language_key, phrase, placeholders
from tests.knowledgebase.conftest import seeded_kb  # noqa: F401 (the real help center, once per module)

ENGLISH = importlib.import_module("assistant.phrases.en").PHRASES


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_phrase_with_the_same_placeholders_as_english(language):
    texts = importlib.import_module(f"assistant.phrases.{language}").PHRASES
    assert set(texts) == set(ENGLISH)
    for key, english in ENGLISH.items():
        assert placeholders(texts[key]) == placeholders(english), (language, key)
        assert texts[key].strip(), (language, key)


def test_every_answerable_intent_has_articles_and_only_the_greeting_has_none():
    from assistant.taxonomy import INTENTS

    answerable = {name for name, intent in INTENTS.items() if intent.answerable}
    assert set(answers.INTENT_ARTICLES) == answerable
    assert [i for i, slugs in answers.INTENT_ARTICLES.items() if not slugs] == ["off_topic_chitchat"]


def test_a_language_without_its_own_words_falls_back_to_english():
    assert language_key("sw") == FALLBACK
    assert phrase("answer_intro", "sw") == ENGLISH["answer_intro"]
    assert language_key("pt-BR") == "pt" and language_key("zh-hans") == "zh" and language_key("fil") == "tl"


def test_waits_are_said_the_way_a_person_says_them():
    assert duration(90, "en") == "2 minutes"
    assert duration(23 * 60, "en") == "25 minutes"
    assert duration(60 * 60, "en") == "1 hour"
    assert duration(5 * 3600 + 600, "en") == "5 hours"
    assert duration(3 * 86400, "de") == "3 Tagen"
    assert (duration(5 * 3600, "ar"), duration(12 * 3600, "ar")) == ("5 ساعات", "12 ساعة")


@pytest.mark.usefixtures("seeded_kb")
def test_a_spanish_question_is_answered_from_the_spanish_translation(db, settings):
    settings.HELPDESK_SITE_URL = "https://help.cryptox.example/"
    got = answers.article_answer("account_closure_info", "¿Cómo cierro mi cuenta?", "es")
    assert got is not None and got.translated
    assert got.slug == "closing-your-account"
    assert got.title.startswith("Cómo cerrar tu cuenta de CryptoX")
    assert got.url == "https://help.cryptox.example/help/es/articles/closing-your-account/"
    reply = answers.article_reply(intent="account_closure_info", answer=got, language="es", channel="web")
    assert reply.startswith("Esto es lo que dice nuestro centro de ayuda sobre el tema:")
    assert "no está disponible" not in reply
    assert reply.endswith("responde a este mensaje y te atenderá una persona.")


@pytest.mark.usefixtures("seeded_kb")
def test_an_italian_question_gets_the_english_article_with_the_notice_in_italian(db):
    got = answers.article_answer("referral_info", "come funziona il programma referral?", "it")
    assert got is not None and not got.translated
    assert got.title.startswith("How the referral programme works")
    assert "/help/en/articles/referral-programme/" in got.url
    reply = answers.article_reply(intent="referral_info", answer=got, language="it", channel="chat")
    assert "Questo articolo non è ancora disponibile in italiano; eccolo in inglese." in reply
    assert reply.endswith("da qui in poi se ne occuperà una persona.")


@pytest.mark.usefixtures("seeded_kb")
def test_a_brazilian_question_uses_the_help_centers_portuguese_code_and_says_it_is_in_english(db):
    got = answers.article_answer("referral_info", "como funciona o programa de indicação?", "pt")
    assert got is not None and not got.translated  # the referral programme is not translated into pt-br
    assert "/help/en/articles/referral-programme/" in got.url
    reply = answers.article_reply(intent="referral_info", answer=got, language="pt", channel="email")
    assert "Este artigo ainda não está disponível em português" in reply


@pytest.mark.usefixtures("seeded_kb")
def test_a_brazilian_question_is_answered_from_the_brazilian_portuguese_translation(db):
    got = answers.article_answer("p2p_howto", "como funciona o P2P?", "pt")
    assert got is not None and got.translated
    assert got.slug == "p2p-trading-how-it-works"
    assert "/help/pt-br/articles/p2p-trading-how-it-works/" in got.url
    reply = answers.article_reply(intent="p2p_howto", answer=got, language="pt", channel="email")
    assert "não está disponível" not in reply


@pytest.mark.usefixtures("seeded_kb")
def test_an_unpublished_article_is_never_offered(db):
    from knowledgebase.models import ArticleStatus, ArticleTranslation

    ArticleTranslation.objects.filter(article__slug="closing-your-account").update(status=ArticleStatus.DRAFT)
    assert answers.article_answer("account_closure_info", "close my account", "en") is None


@pytest.mark.usefixtures("seeded_kb")
def test_an_article_shown_only_in_some_countries_is_not_offered_to_a_customer_of_unknown_country(db):
    got = answers.article_answer("staking_info", "is staking available in the united states?", "en")
    assert got is not None and got.slug == "staking-rewards"


@pytest.mark.usefixtures("seeded_kb")
def test_an_edited_article_is_embedded_again(db):
    from knowledgebase.models import ArticleTranslation

    answers.clear_cache()
    first = answers.article_answer("fees_info", "maker taker fee tiers", "en")
    assert first is not None
    size = len(answers._vectors)
    translation = ArticleTranslation.objects.get(article__slug="withdrawal-fees", language="en")
    ArticleTranslation.objects.filter(pk=translation.pk).update(
        updated_at=translation.updated_at.replace(year=2030)
    )
    answers.article_answer("fees_info", "maker taker fee tiers", "en")
    assert len(answers._vectors) == size + 1

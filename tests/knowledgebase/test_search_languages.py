# ruff: noqa: RUF001 (Cyrillic words)
"""Languages PostgreSQL 15 cannot stem are analysed in Python, the same way for the index and the
query (knowledgebase/languages.py): Korean bigrams, Polish and Persian Snowball stems, a light
Ukrainian stemmer, Vietnamese folded, function words and Chinese filler phrases dropped. Translated
tags are kept on each translation as its keywords and indexed with its summary."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection

from knowledgebase.languages import analyse, stem_uk
from knowledgebase.models import ArticleTranslation
from knowledgebase.search import kb_search
from knowledgebase.services import translation_keywords_set
from tests.knowledgebase.conftest import make_article, translation


def test_ukrainian_word_forms_share_a_stem():
    assert {stem_uk(w) for w in ("історію", "історії", "історія")} == {"істор"}
    assert {stem_uk(w) for w in ("угод", "угоди", "угоду")} == {"угод"}
    assert {stem_uk(w) for w in ("податкової", "податкові", "податковий")} == {"податк"}


def test_function_words_are_dropped_and_the_rest_stemmed_in_the_query():
    assert analyse("як вивантажити історію угод для податкової", "uk", query=True).split() == [
        "вивантаж",
        "істор",
        "угод",
        "податк",
    ]
    assert analyse("moja wypłata oczekująca", "pl", query=True).split() == ["wypłat", "oczekuj"]
    # The zero-width non-joiner belongs to the Persian word; the suffix after it is stripped.
    assert analyse("گوشی‌ام", "fa", query=True).split() == ["گوشی"]


def test_a_query_of_function_words_only_is_searched_as_written():
    assert analyse("як для", "uk", query=True).split() == ["як", "для"]


def test_websearch_syntax_survives_the_analysis():
    assert analyse('"історію угод" -податкової', "uk", query=True) == '"істор угод" -податк'


def test_korean_words_with_particles_are_cut_into_bigrams():
    assert "출금" in analyse("출금했는데", "ko").split()
    assert "분실" in analyse("분실로", "ko").split()


def test_vietnamese_is_folded_so_a_query_without_accents_matches():
    assert analyse("Nạp tiền chưa về tài khoản", "vi") == analyse(
        "nap tien chua ve tai khoan", "vi", query=True
    )


def test_chinese_filler_phrases_are_not_query_terms():
    assert analyse("账号被盗了怎么办", "zh-hans", query=True).split() == ["账号", "号被", "被盗"]
    assert analyse("帳號被盜了怎麼辦", "zh-hant", query=True).split() == ["帳號", "號被", "被盜"]
    # The articles keep them: a query is analysed apart from the text it searches.
    assert "怎么" in analyse("怎么办", "zh-hans").split()


def test_languages_postgresql_stems_are_left_as_written():
    text = "Retiro pendiente desde hace horas"
    assert analyse(text, "es") == analyse(text, "es", query=True) == text


@pytest.mark.postgres
def test_a_ukrainian_question_in_other_word_forms_finds_the_article(db, category):
    make_article(
        category,
        "tax",
        {"uk": ("Історія угод і податкові документи", "Як вивантажити звіт для податкової служби.")},
    )
    make_article(category, "api", {"uk": ("Як створити API-ключ для ботів", "Ключ для ботів і скриптів.")})
    hits = kb_search(query="як вивантажити історію угод для податкової", language="uk").hits
    assert [(h.slug, h.language, h.fallback) for h in hits][:1] == [("tax", "uk", False)]
    # Highlighted in Python on the original words, by their stems.
    assert "<mark>Історія</mark>" in hits[0].title_html
    assert "<mark>податкові</mark>" in hits[0].title_html


@pytest.mark.postgres
def test_a_korean_sentence_with_endings_finds_the_article(db, category):
    make_article(
        category,
        "completed",
        {
            "ko": (
                "출금 완료로 표시되지만 받지 못한 경우",
                "거래소로 보낸 출금이 완료로 뜨는데 도착하지 않았다면",
            )
        },
    )
    make_article(category, "fees", {"ko": ("출금 수수료 안내", "네트워크별 출금 수수료입니다.")})
    hits = kb_search(query="거래소로 출금했는데 완료라고 뜨는데 못 받았어요", language="ko").hits
    assert [h.slug for h in hits][:1] == ["completed"]
    assert "<mark>출금</mark>" in hits[0].title_html and "<mark>완료</mark>" in hits[0].title_html


@pytest.mark.postgres
def test_translated_keywords_are_searched_with_the_summary(db, category, editor):
    article = make_article(
        category, "closing", {"zh-hant": ("如何關閉 CryptoX 帳戶", "關閉前請先提領餘額。")}, tags=["closure"]
    )
    assert kb_search(query="刪除帳號", language="zh-hant").exact == []
    translation_keywords_set(
        translation=translation(article, "zh-hant"), keywords="關閉帳戶, 刪除帳號 ,刪除帳號", actor=editor
    )
    assert translation(article, "zh-hant").keywords == "關閉帳戶, 刪除帳號"
    hits = kb_search(query="我要刪除帳號怎麼辦", language="zh-hant").hits
    assert [(h.slug, h.language) for h in hits] == [("closing", "zh-hant")]


@pytest.mark.postgres
def test_the_data_migration_writes_every_vector_again(db, category):
    article = make_article(category, "tax", {"uk": ("Історія угод", "Податкові документи.")})
    ArticleTranslation.objects.filter(article=article).update(search_vector=None, search_head=None)
    migration = importlib.import_module("knowledgebase.migrations.0003_translation_keywords_reindex")
    with connection.schema_editor() as schema_editor:
        migration.reindex(django_apps, schema_editor)
    assert kb_search(query="історію угод", language="uk").hits[0].slug == "tax"

import pytest

from knowledgebase.services import translation_publish, translation_save
from tests.knowledgebase.conftest import make_article, translation


@pytest.fixture
def article(category):
    return make_article(
        category,
        "withdrawal-pending",
        {
            "en": ("Why is my withdrawal pending?", "Most leave within 30 minutes."),
            "es": ("¿Por qué mi retiro está pendiente?", "La mayoría sale en 30 minutos."),
        },
    )


def test_a_translated_article_is_shown_in_the_language_asked(article, client):
    page = client.get("/help/es/articles/withdrawal-pending/").content.decode()
    assert "¿Por qué mi retiro está pendiente?" in page
    assert "not yet available" not in page
    assert '<html lang="es" dir="ltr">' in page


def test_a_missing_translation_falls_back_to_english_and_says_so(article, client):
    page = client.get("/help/de/articles/withdrawal-pending/").content.decode()
    assert "Why is my withdrawal pending?" in page
    # The help center's own words are in the reader's language.
    assert "Dieser Artikel ist noch nicht auf Deutsch verfügbar; wir zeigen ihn auf Englisch." in page
    assert '<article class="help-article" lang="en">' in page


def test_the_fallback_notice_is_in_the_readers_language_in_every_language_of_the_help_center(article, client):
    page = client.get("/help/it/articles/withdrawal-pending/").content.decode()
    assert "Questo articolo non è ancora disponibile in " in page
    assert "This article is not yet available" not in page
    assert "Why is my withdrawal pending?" in page


def test_an_unpublished_translation_falls_back_too(article, client):
    translation_save(
        article=article, language="fr", title="Retrait en attente", body="Brouillon.", actor=None
    )
    page = client.get("/help/fr/articles/withdrawal-pending/").content.decode()
    assert "Why is my withdrawal pending?" in page and "Retrait en attente" not in page


def test_hreflang_lists_the_published_translations_and_x_default(article, client):
    page = client.get("/help/de/articles/withdrawal-pending/").content.decode()
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/help/en/articles/withdrawal-pending/">'
        in page
    )
    assert (
        '<link rel="alternate" hreflang="es" href="http://testserver/help/es/articles/withdrawal-pending/">'
        in page
    )
    assert 'hreflang="x-default" href="http://testserver/help/en/articles/withdrawal-pending/"' in page
    assert (
        'hreflang="de" href="http://testserver/help/de/articles/withdrawal-pending/">'
        not in page.split("</head>")[0]
    )


def test_the_home_page_lists_untranslated_articles_in_english_with_a_tag(article, category, client):
    make_article(category, "limits", {"en": ("Withdrawal limits", "Limits.")})
    page = client.get("/help/es/").content.decode()
    assert "¿Por qué mi retiro está pendiente?" in page
    assert "Withdrawal limits" in page and "Retiros" in page


def test_the_api_marks_a_fallback(article, client):
    body = client.get("/api/kb/articles/withdrawal-pending/", {"language": "de"}).json()
    assert (body["language"], body["fallback"]) == ("en", True)
    assert sorted(body["languages"]) == ["en", "es"]
    assert client.get("/api/kb/articles/withdrawal-pending/", {"language": "es"}).json()["fallback"] is False


def test_arabic_pages_are_right_to_left(article, client):
    page = client.get("/help/ar/articles/withdrawal-pending/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page


def test_the_sitemap_lists_every_published_translation_with_alternates(article, client):
    translation_publish(translation=translation(article, "es"), actor=None)
    response = client.get("/help/sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    xml = response.content.decode()
    assert xml.count("<loc>") == 2
    assert "<loc>http://testserver/help/es/articles/withdrawal-pending/</loc>" in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="es" href="http://testserver/help/es/articles/withdrawal-pending/"/>'
        in xml
    )
    assert (
        xml.count('hreflang="x-default" href="http://testserver/help/en/articles/withdrawal-pending/"') == 2
    )

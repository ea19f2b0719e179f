import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledgebase.services import category_upsert
from tests.knowledgebase.conftest import make_article


@pytest.fixture
def library(category):
    security, _ = category_upsert(slug="security", names={"en": "Security", "es": "Seguridad"})
    for n in range(3):
        make_article(
            category,
            f"withdrawal-{n}",
            {"en": (f"Withdrawal topic {n}", "Withdrawal body."), "es": (f"Retiro {n}", "Retiro.")},
            tags=["withdrawal"],
        )
        make_article(
            security, f"security-{n}", {"en": (f"Security topic {n}", "Security body.")}, tags=["security"]
        )
    return category, security


def test_help_redirects_to_the_visitors_language(db, client):
    response = client.get("/help/", HTTP_ACCEPT_LANGUAGE="fr-CA;q=0.8, es-MX;q=0.9, en;q=0.5")
    assert response.status_code == 302 and response["Location"] == "/help/es/"
    assert "Accept-Language" in response["Vary"]
    assert client.get("/help/", HTTP_ACCEPT_LANGUAGE="xx").headers["Location"] == "/help/en/"
    assert client.get("/help/", HTTP_ACCEPT_LANGUAGE="pt-BR").headers["Location"] == "/help/pt-br/"


def test_an_unknown_language_is_not_found(db, client):
    assert client.get("/help/xx/").status_code == 404


def test_the_home_page_lists_categories_with_their_articles(library, client):
    page = client.get("/help/es/").content.decode()
    assert "Retiros" in page and "Seguridad" in page
    assert 'href="/help/es/articles/withdrawal-0/"' in page and "Retiro 0" in page
    assert 'href="/help/es/categories/security/"' in page
    assert "helpcenter.css" in page and "topbar" not in page
    # The language menu names each language in itself, on every language's page.
    assert ">Deutsch</a>" in page
    assert ">日本語</a>" in page and "Centro de ayuda" in page


def test_the_category_page_lists_only_its_articles(library, client):
    page = client.get("/help/en/categories/security/").content.decode()
    assert "Security topic 2" in page and "Withdrawal topic" not in page
    assert client.get("/help/en/categories/nope/").status_code == 404


def test_the_article_page_shows_related_articles_and_contact_options(library, client):
    page = client.get("/help/en/articles/withdrawal-0/").content.decode()
    assert "Related articles" in page and "Withdrawal topic 1" in page
    assert 'href="/help/en/contact/?article=withdrawal-0"' in page
    assert 'data-article-url="http://testserver/help/en/articles/withdrawal-0/"' in page
    assert "Was this article helpful?" in page


def test_explicit_related_articles_come_first(db, category, client):
    target = make_article(category, "target", {"en": ("Unrelated words", "Body.")})
    make_article(category, "tagged", {"en": ("Tagged", "Body.")}, tags=["x"])
    make_article(category, "main", {"en": ("Main", "Body.")}, tags=["x"], related=[target])
    page = client.get("/help/en/articles/main/").content.decode()
    related = page.split("Related articles", 1)[1]
    assert related.index("Unrelated words") < related.index("Tagged")


def test_search_shows_highlighted_results_and_links_them_to_the_search(library, client):
    page = client.get("/help/en/search/", {"q": "security topic"}).content.decode()
    assert "<mark>Security</mark>" in page
    assert "/help/en/articles/security-0/?s=" in page


def test_an_empty_or_control_character_query_is_handled(library, client):
    assert client.get("/help/en/search/", {"q": ""}).status_code == 200
    assert client.get("/help/en/search/", {"q": "\x01\x02"}).status_code == 200
    assert client.get("/help/en/search/", {"q": "\x00\x01"}).status_code == 400
    assert client.get("/help/en/search/", {"q": "x" * 5000}).status_code == 200


def _queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_home_category_and_search_pages_run_a_fixed_number_of_queries(library, category, client):
    client.get("/help/en/")  # the visitor cookie is set on the first page
    counts = (
        _queries(client, "/help/en/"),
        _queries(client, "/help/en/categories/withdrawals/"),
        _queries(client, "/help/en/search/", q="topic"),
    )
    for n in range(3, 9):
        make_article(category, f"more-{n}", {"en": (f"More topic {n}", "Body.")}, tags=["withdrawal"])
    again = (
        _queries(client, "/help/en/"),
        _queries(client, "/help/en/categories/withdrawals/"),
        _queries(client, "/help/en/search/", q="topic"),
    )
    assert counts == again
    assert counts == EXPECTED_QUERIES[connection.vendor]


# home: categories, translations, languages with content. category: the category, translations,
# languages. search on PostgreSQL: savepoint, the trigram threshold, the search, release; the visit
# (savepoint, locked read, write, release); the search log; category names; languages.
EXPECTED_QUERIES = {"postgresql": (3, 3, 11), "sqlite": (3, 3, 9)}

import pytest
from django.test import Client

from knowledgebase.search import kb_search
from tests.knowledgebase.conftest import make_article


@pytest.fixture
def articles(category):
    us_only = make_article(
        category, "us-tax-forms", {"en": ("Tax forms for US customers", "Form 1099 tax.")}, regions="us"
    )
    not_us = make_article(
        category, "staking-rewards", {"en": ("Staking rewards tax", "Staking tax info.")}, hidden_in="US"
    )
    everywhere = make_article(category, "fees", {"en": ("Trading fees and tax", "Fees tax.")})
    return us_only, not_us, everywhere


def test_a_region_restricted_article_shows_only_in_its_region(articles, client):
    assert client.get("/help/en/articles/us-tax-forms/", {"region": "US"}).status_code == 200
    assert client.get("/help/en/articles/us-tax-forms/", {"region": "DE"}).status_code == 404
    # A reader whose region is unknown sees only unrestricted articles.
    assert Client().get("/help/en/articles/us-tax-forms/").status_code == 404


def test_an_article_hidden_in_a_region_is_hidden_there_only(articles, client):
    assert client.get("/help/en/articles/staking-rewards/", HTTP_CF_IPCOUNTRY="US").status_code == 404
    assert client.get("/help/en/articles/staking-rewards/", HTTP_CF_IPCOUNTRY="FR").status_code == 200


def test_the_region_comes_from_the_query_then_the_cookie_then_the_header(articles, client):
    response = client.get("/help/en/", {"region": "us"})
    assert response.cookies["kb_region"].value == "US"
    # The cookie now wins over the CDN header.
    assert client.get("/help/en/articles/us-tax-forms/", HTTP_CF_IPCOUNTRY="DE").status_code == 200
    # And ?region= wins over the cookie.
    assert client.get("/help/en/articles/us-tax-forms/", {"region": "DE"}).status_code == 404


def test_search_respects_the_region(articles):
    us = {h.slug for h in kb_search(query="tax", language="en", region="US").hits}
    fr = {h.slug for h in kb_search(query="tax", language="en", region="FR").hits}
    assert us == {"us-tax-forms", "fees"}
    assert fr == {"staking-rewards", "fees"}


def test_agents_see_every_region_with_the_restriction_marked(articles, agent_client):
    page = agent_client.get("/kb/search/", {"q": "tax", "language": "en"}).content.decode()
    assert "Tax forms for US customers" in page and "Staking rewards" in page
    assert "only US" in page and "not in US" in page


def test_a_malformed_region_is_ignored(articles, client):
    assert client.get("/help/en/articles/fees/", {"region": "<script>"}).status_code == 200
    assert client.get("/api/kb/search/", {"q": "tax", "region": "USA"}).status_code == 400

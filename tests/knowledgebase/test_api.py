import pytest
from rest_framework.test import APIClient

from knowledgebase.models import ArticleStatus, ArticleTranslation
from tests.knowledgebase.conftest import make_article


@pytest.fixture
def article(category):
    return make_article(
        category,
        "withdrawal-pending",
        {
            "en": ("Why is my withdrawal pending?", "Most leave within 30 minutes."),
            "es": ("Retiro pendiente", "Tarda."),
        },
        tags=["withdrawal"],
    )


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def editor_client(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


def test_anyone_lists_published_articles_in_a_language_with_fallback(article, category, anonymous):
    make_article(category, "limits", {"en": ("Limits", "Body.")})
    body = anonymous.get("/api/kb/articles/", {"language": "es"}).json()
    rows = {r["slug"]: (r["language"], r["fallback"], r["title"]) for r in body["results"]}
    assert rows == {"withdrawal-pending": ("es", False, "Retiro pendiente"), "limits": ("en", True, "Limits")}


def test_anyone_retrieves_an_article_with_sanitised_html(article, anonymous):
    body = anonymous.get("/api/kb/articles/withdrawal-pending/", {"language": "en"}).json()
    assert body["body_html"] == "<p>Most leave within 30 minutes.</p>\n"
    assert body["tags"] == ["withdrawal"]
    assert anonymous.get("/api/kb/articles/nope/").status_code == 404


def test_anyone_searches(article, anonymous):
    body = anonymous.get("/api/kb/search/", {"q": "withdrawal pending", "language": "en"}).json()
    assert body["results"][0]["slug"] == "withdrawal-pending"
    assert "<mark>" in body["results"][0]["title_html"]


def test_malformed_input_is_a_400_with_a_message(article, anonymous, api_client):
    response = anonymous.get("/api/kb/search/", {"language": "en"})
    assert response.status_code == 400 and "q" in response.json()["message"]
    response = anonymous.get("/api/kb/search/", {"q": "x", "language": "klingon"})
    assert response.status_code == 400 and response.json()["message"]
    response = api_client.post(
        "/api/kb/articles/", {"slug": "Not A Slug!", "category": "withdrawals"}, format="json"
    )
    assert response.status_code == 400
    response = api_client.post("/api/kb/articles/", {"slug": "ok", "category": "nope"}, format="json")
    assert response.status_code == 400 and response.json()["message"] == "no such category: nope"
    response = api_client.put(
        "/api/kb/articles/withdrawal-pending/translations/xx/", {"title": "t", "body": "b"}, format="json"
    )
    assert response.status_code == 400 and "unknown language" in response.json()["message"]


def test_writing_needs_sign_in(article, anonymous):
    assert anonymous.post(
        "/api/kb/articles/", {"slug": "x", "category": "withdrawals"}, format="json"
    ).status_code in (401, 403)
    assert anonymous.post(
        "/api/kb/articles/withdrawal-pending/flags/", {"reason": "x"}, format="json"
    ).status_code in (401, 403)


def test_an_agent_drafts_and_submits_but_an_editor_publishes(category, api_client, editor_client, anonymous):
    assert (
        api_client.post(
            "/api/kb/articles/",
            {"slug": "new-fees", "category": "withdrawals", "tags": ["fees"]},
            format="json",
        ).status_code
        == 201
    )
    response = api_client.put(
        "/api/kb/articles/new-fees/translations/en/",
        {"title": "New fees", "body": "**Lower** fees."},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "draft"
    assert api_client.post("/api/kb/articles/new-fees/translations/en/submit/").json()["status"] == "review"
    refused = api_client.post("/api/kb/articles/new-fees/translations/en/publish/")
    assert (
        refused.status_code == 403 and refused.json()["message"] == "only knowledge base editors may do this"
    )
    assert anonymous.get("/api/kb/articles/new-fees/").status_code == 404
    assert (
        editor_client.post("/api/kb/articles/new-fees/translations/en/publish/").json()["status"]
        == "published"
    )
    assert anonymous.get("/api/kb/articles/new-fees/").json()["title"] == "New fees"


def test_only_editors_change_regions(article, api_client, editor_client):
    assert (
        api_client.patch(
            "/api/kb/articles/withdrawal-pending/", {"regions": ["US"]}, format="json"
        ).status_code
        == 403
    )
    assert (
        editor_client.patch(
            "/api/kb/articles/withdrawal-pending/", {"regions": ["us"]}, format="json"
        ).status_code
        == 200
    )
    article.refresh_from_db()
    assert article.regions == "US"
    bad = editor_client.patch("/api/kb/articles/withdrawal-pending/", {"regions": ["U1"]}, format="json")
    assert bad.status_code == 400


def test_an_agent_flags_an_article_through_the_api(article, api_client):
    response = api_client.post(
        "/api/kb/articles/withdrawal-pending/flags/",
        {"reason": "Fees changed.", "language": "en"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["status"] == "open"
    assert (
        api_client.post(
            "/api/kb/articles/withdrawal-pending/flags/", {"reason": ""}, format="json"
        ).status_code
        == 400
    )


def test_unknown_fields_are_refused(article, api_client):
    response = api_client.put(
        "/api/kb/articles/withdrawal-pending/translations/en/",
        {"title": "t", "body": "b", "stauts": "x"},
        format="json",
    )
    assert response.status_code == 400 and "stauts" in response.json()["message"]
    assert ArticleTranslation.objects.get(article=article, language="en").status == ArticleStatus.PUBLISHED

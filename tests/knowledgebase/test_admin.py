import pytest
from django.test import Client

from knowledgebase.models import ArticleStatus, ArticleVersion
from tests.factories import make_agent
from tests.knowledgebase.conftest import make_article, translation


@pytest.fixture
def article(category):
    return make_article(category, "fees", {"en": ("Fees", "One.")}, publish=False)


def _client(role: str, username: str) -> Client:
    client = Client()
    client.force_login(make_agent(username=username, role=role, is_staff=True))
    return client


def test_an_editor_edits_a_translation_in_the_admin_as_a_new_version(article):
    client = _client("admin", "root")
    t = translation(article, "en")
    response = client.post(
        f"/admin/knowledgebase/articletranslation/{t.pk}/change/",
        {
            "title": "Fees",
            "summary": "",
            "body": "Two.",
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    t.refresh_from_db()
    assert (t.body, t.version) == ("Two.", 2)
    assert t.body_html == "<p>Two.</p>\n"


def test_admin_actions_publish_through_the_service(article):
    client = _client("supervisor", "sue")
    t = translation(article, "en")
    client.post(
        "/admin/knowledgebase/articletranslation/",
        {"action": "publish", "_selected_action": [t.pk]},
    )
    t.refresh_from_db()
    assert t.status == ArticleStatus.PUBLISHED


def test_an_agent_cannot_publish_from_the_admin(article):
    client = _client("agent", "andy")
    t = translation(article, "en")
    response = client.post(
        "/admin/knowledgebase/articletranslation/",
        {"action": "publish", "_selected_action": [t.pk]},
        follow=True,
    )
    assert "only knowledge base editors may do this" in response.content.decode()
    t.refresh_from_db()
    assert t.status == ArticleStatus.DRAFT


def test_restoring_a_version_from_the_admin(article):
    client = _client("admin", "root")
    t = translation(article, "en")
    from knowledgebase.services import translation_save

    translation_save(article=article, language="en", title="Fees", body="Two.", actor=None)
    first = ArticleVersion.objects.get(translation=t, number=1)
    client.post("/admin/knowledgebase/articleversion/", {"action": "restore", "_selected_action": [first.pk]})
    t.refresh_from_db()
    assert (t.body, t.version) == ("One.", 3)

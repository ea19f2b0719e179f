"""Whether someone may publish, archive or edit a translation is decided before its state is looked at:
a non-editor gets the same 403 whatever state the translation is in, and nothing is recorded."""

import pytest

from audit.models import AuditEvent
from knowledgebase.models import ArticleStatus, ArticleTranslation
from tests.knowledgebase.conftest import make_article, translation

URL = "/api/kb/articles/withdrawal-pending/translations/en/"


@pytest.fixture
def article(category):
    return make_article(
        category, "withdrawal-pending", {"en": ("Why is my withdrawal pending?", "It takes time.")}
    )


@pytest.mark.parametrize("step", ["publish", "archive"])
@pytest.mark.parametrize("state", [ArticleStatus.DRAFT, ArticleStatus.PUBLISHED, ArticleStatus.ARCHIVED])
def test_a_non_editor_is_refused_an_editors_step_whatever_state_the_translation_is_in(
    article, api_client, state, step
):
    ArticleTranslation.objects.filter(article=article).update(status=state)
    audited = AuditEvent.objects.count()
    response = api_client.post(f"{URL}{step}/")
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "forbidden"
    assert translation(article, "en").status == state
    assert AuditEvent.objects.count() == audited


def test_publishing_an_already_published_translation_is_refused_to_a_non_editor(article, api_client):
    assert translation(article, "en").status == ArticleStatus.PUBLISHED
    assert api_client.post(f"{URL}publish/").status_code == 403


def test_saving_a_published_translation_unchanged_is_refused_to_a_non_editor(article, api_client):
    unchanged = {"title": "Why is my withdrawal pending?", "body": "It takes time."}
    response = api_client.put(URL, unchanged, format="json")
    assert response.status_code == 403, response.content
    assert translation(article, "en").version == 1


def test_an_editor_publishing_an_already_published_translation_changes_nothing(article, editor):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(editor)
    before = translation(article, "en").published_at
    response = client.post(f"{URL}publish/")
    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert translation(article, "en").published_at == before


@pytest.mark.parametrize(
    "body",
    [{"regions": ["DE"]}, {"regions": "not a region list"}, {"category": "no-such-category"}, {"unknown": 1}],
)
def test_a_non_editor_changing_an_articles_rules_is_refused_whatever_the_body(article, api_client, body):
    response = api_client.patch("/api/kb/articles/withdrawal-pending/", body, format="json")
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "forbidden"


def test_a_non_editor_gets_the_same_answer_for_an_article_that_does_not_exist(api_client):
    response = api_client.patch("/api/kb/articles/no-such-article/", {"regions": ["DE"]}, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize("existing", [True, False])
def test_a_non_editor_resolving_a_flag_is_refused_whether_or_not_it_exists(
    article, agent, agent_client, existing
):
    from knowledgebase.models import ArticleFlag, FlagStatus
    from knowledgebase.services import flag_create

    flag = flag_create(article=article, actor=agent, reason="Old.")
    pk = flag.pk if existing else flag.pk + 1000
    response = agent_client.post(f"/kb/flags/{pk}/resolve/", {"resolution": "no"})
    assert response.status_code == 403
    assert ArticleFlag.objects.get(pk=flag.pk).status == FlagStatus.OPEN

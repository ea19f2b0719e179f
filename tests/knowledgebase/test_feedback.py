import pytest

from knowledgebase.models import ArticleFeedback
from tests.knowledgebase.conftest import make_article, translation

URL = "/help/en/articles/fees/feedback/"


@pytest.fixture
def article(category):
    return make_article(category, "fees", {"en": ("Fees", "Body.")})


def test_a_vote_is_stored_and_counted_on_the_translation(article, client):
    client.get("/help/en/articles/fees/")
    response = client.post(URL, {"helpful": "yes", "comment": "Clear."}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Thanks for letting us know" in response.content.decode()
    t = translation(article, "en")
    assert (t.helpful_yes, t.helpful_no) == (1, 0)
    assert ArticleFeedback.objects.get().comment == "Clear."


def test_voting_again_changes_the_vote_instead_of_adding_one(article, client):
    client.get("/help/en/articles/fees/")
    client.post(URL, {"helpful": "yes"})
    client.post(URL, {"helpful": "no", "comment": "Outdated fee table."})
    t = translation(article, "en")
    assert (t.helpful_yes, t.helpful_no) == (0, 1)
    assert ArticleFeedback.objects.count() == 1


def test_the_page_remembers_the_visitors_vote(article, client):
    client.get("/help/en/articles/fees/")
    client.post(URL, {"helpful": "no"})
    page = client.get("/help/en/articles/fees/").content.decode()
    assert "Thanks. We use your feedback" in page and 'name="helpful"' not in page


def test_a_visitor_is_rate_limited(article, client, settings):
    settings.KB_VOTES_PER_VISITOR = 2
    client.get("/help/en/articles/fees/")
    assert client.post(URL, {"helpful": "yes"}, HTTP_HX_REQUEST="true").status_code == 200
    assert client.post(URL, {"helpful": "no"}, HTTP_HX_REQUEST="true").status_code == 200
    assert client.post(URL, {"helpful": "yes"}, HTTP_HX_REQUEST="true").status_code == 429
    assert translation(article, "en").helpful_no == 1


def test_a_vote_without_a_choice_is_refused(article, client):
    response = client.post(URL, {"helpful": "maybe"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "Choose yes or no." in response.content.decode()


def test_feedback_needs_post(article, client):
    assert client.get(URL).status_code == 405

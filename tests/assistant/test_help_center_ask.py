# ruff: noqa: F811 - the fixtures are imported from the modules that define them
"""The help center's "Ask a question" box: on the home and article pages, in the page's language; it
runs tier 0's reading and decision as a first message on the web channel (nobody vouched for, the
admins' setting for the channel), and shows either the answer (the article's summary and link) with
the ways to a person beside it, or, for anything tier 0 must not answer, the way to a person at once.
Never a dead end, and rate-limited per address."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from assistant.models import ChannelSetting
from tests.assistant.tier0_fakes import ANSWER, ARTICLE_URL, Script, answer, handoff
from tests.knowledgebase.conftest import category, make_article  # noqa: F401

pytestmark = [pytest.mark.django_db]

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Script:
    """Tier 0's reading and decision, scripted; answering by default."""
    script = Script(decisions=[answer()])
    monkeypatch.setattr("assistant.widget.read", script.read)
    monkeypatch.setattr("assistant.decide.decide", script.decide)
    return script


def ask(question: str, language: str = "en", **headers: Any) -> Any:
    return Client().post(f"/assistant/ask/{language}/", {"q": question}, **headers)


def test_the_box_is_on_the_help_center_home_and_article_pages_in_their_language(category):
    make_article(category, "pending-withdrawal", {"en": ("Pending withdrawal", "Why a withdrawal waits.")})

    home = Client().get("/help/es/").content.decode()
    assert "data-ask-box" in home
    assert "Haz una pregunta" in home
    assert 'hx-post="/assistant/ask/es/"' in home
    page = Client().get("/help/en/articles/pending-withdrawal/").content.decode()
    assert "data-ask-box" in page and "Ask a question" in page


def test_a_confident_answer_shows_the_summary_the_article_and_the_ways_to_a_person(asked):
    response = ask("how do I turn on 2fa", **HX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "data-ask-answer" in html
    assert ANSWER in html
    assert f'href="{ARTICLE_URL}"' in html
    assert "Still need help?" in html
    assert "data-kb-chat" in html and 'href="/help/en/contact/"' in html
    # Read as a first message on the web channel, from someone nobody vouched for.
    [context] = asked.contexts
    assert context.channel == "web"
    assert context.external_id is None
    assert context.failed_answers == 0 and context.answers_allowed is True


def test_what_tier0_must_not_answer_goes_straight_to_a_person(asked):
    asked.says(handoff())

    html = ask("someone took my btc", language="es", **HX).content.decode()

    assert "data-ask-answer" not in html
    assert "data-ask-person" in html
    assert "Esto debe responderlo una persona" in html
    assert "data-kb-chat" in html and 'data-language="es"' in html


def test_when_admins_turn_answers_off_on_the_web_the_box_says_so_to_the_decision(asked):
    ChannelSetting.objects.create(channel="web", answers_enabled=False)

    ask("how do I turn on 2fa", **HX)

    assert asked.contexts[-1].answers_allowed is False


def test_an_engine_that_fails_still_shows_the_way_to_a_person(monkeypatch):
    def broken(text: str, *, channel: str = "") -> Any:
        raise RuntimeError("model missing")

    monkeypatch.setattr("assistant.widget.read", broken)

    response = ask("how do I turn on 2fa", **HX)

    assert response.status_code == 200
    assert "data-ask-person" in response.content.decode()


def test_an_empty_question_is_refused_with_a_reason(asked):
    response = ask("   ", **HX)

    assert response.status_code == 400
    assert "Type your question first." in response.content.decode()
    assert asked.contexts == []


def test_asking_too_often_is_limited_per_address_and_still_offers_a_person(asked, settings):
    settings.ASSISTANT_ASKS_PER_WINDOW = 2
    assert ask("one", **HX).status_code == 200
    assert ask("two", **HX).status_code == 200

    limited = ask("three", **HX)

    assert limited.status_code == 429
    assert "data-kb-chat" in limited.content.decode()
    assert len(asked.contexts) == 2


def test_without_scripts_the_box_posts_to_a_full_page_with_the_answer(asked):
    response = ask("how do I turn on 2fa")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and "data-ask-answer" in html
    assert "how do I turn on 2fa" in html

"""The help center and the chat widget in Arabic (right to left), Japanese and Russian, in the browser.

Each page is read as a customer of that language sees it: the document's language and direction, the
interface's words from the customer catalogue (looked up here through gettext, so a missing translation
shows as English and fails), an article of the seed help center in that language found by a typical
question, and the chat widget's launcher, panel and direction.
"""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from playwright.sync_api import expect

from knowledgebase.seed_loader import parse_seed_file
from knowledgebase.services import article_create, category_upsert, translation_publish, translation_save
from routing.models import Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = Path(settings.BASE_DIR) / "knowledgebase" / "seed"
SLUGS = ("withdrawal-pending", "reset-2fa", "deposit-wrong-network")
LANGUAGES = {"ar": "rtl", "ja": "ltr", "ru": "ltr"}


def _publish_seed_articles(language: str) -> None:
    """Three articles of the seed, in English and in `language`, published as the seed loader would."""
    category, _created = category_upsert(slug="general", names={"en": "General"}, descriptions={})
    for slug in SLUGS:
        article = article_create(slug=slug, category=category, actor=None)
        for code in ("en", language):
            seed = parse_seed_file(SEED / "articles" / slug / f"{code}.md")
            text = translation_save(
                article=article,
                language=code,
                title=seed.meta["title"],
                summary=seed.meta.get("summary", ""),
                body=seed.body,
                actor=None,
            )
            translation_publish(translation=text, actor=None)


def _question(language: str, slug: str) -> str:
    asked = json.loads((SEED / "questions" / f"{language}.json").read_text(encoding="utf-8"))
    return next(q["q"] for q in asked if q["expect"] == slug)


def _customer_words(language: str, english: str) -> str:
    with translation.override(language):
        words = str(translation.gettext(english))
    assert words != english, f"{english!r} is not translated into {language}"
    return words


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_the_help_center_speaks_the_readers_language_and_direction(page, live_server, language):
    _publish_seed_articles(language)
    page.goto(f"{live_server.url}/help/{language}/")

    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", LANGUAGES[language])
    search = page.get_by_role("button", name=_customer_words(language, "Search"), exact=True)
    expect(search).to_be_visible()
    if LANGUAGES[language] == "rtl":
        # Mirrored: the search button sits to the left of the box it submits.
        box = page.locator("#help-q").bounding_box()
        button = search.bounding_box()
        assert box and button and button["x"] < box["x"]

    title = parse_seed_file(SEED / "articles" / "withdrawal-pending" / f"{language}.md").meta["title"]
    page.locator("#help-q").fill(_question(language, "withdrawal-pending"))
    search.click()
    # The home page lists articles too: read the first link of the results page, not of the one left.
    expect(page).to_have_url(re.compile(rf"/help/{language}/search/\?"))
    first = page.locator("main a[href*='/articles/']").first
    expect(first).to_have_text(title)
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    # The link carries the search it came from (?s=), for the deflection report.
    expect(page).to_have_url(
        re.compile(rf"^{re.escape(live_server.url)}/help/{language}/articles/withdrawal-pending/")
    )


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_the_chat_widget_speaks_the_visitors_language_and_direction(page, live_server, language):
    Team.objects.create(name="General")
    catalogue = Client().get(f"/chat/api/i18n/{language}.json").json()["catalog"]
    words = {english: catalogue.get(english, english) for english in ("Chat with support", "Start chat")}
    assert all(words[english] != english for english in words), words

    page.goto(f"{live_server.url}/chat/demo/?as=guest&lang={language}")
    frame = page.locator("cryptodesk-chat .cdw")
    expect(frame).to_have_attribute("dir", LANGUAGES[language])
    launcher = page.get_by_role("button", name=words["Chat with support"])
    expect(launcher).to_be_visible()
    launcher.click()
    expect(page.get_by_role("button", name=words["Start chat"])).to_be_visible()
    if LANGUAGES[language] == "rtl":
        # The panel's text runs right to left: its title starts at the panel's right edge.
        assert (
            page.locator("cryptodesk-chat #cdw-title").evaluate("e => getComputedStyle(e).direction") == "rtl"
        )

"""In a browser: the help center and the chat widget (in its shadow root) show the incident's notice in
the reader's language as plain text; once the incident is resolved, the next page has none."""

import pytest
from playwright.sync_api import expect

from incidents.linking import CACHE_KEY
from incidents.services import incident_resolve
from knowledgebase.services import article_create, category_upsert, translation_publish, translation_save
from tests.browser.conftest import browser, page  # noqa: F401  (the browser tests' fixtures)
from tests.factories import make_agent, make_team
from tests.incidents.conftest import declare_tron

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPANISH = "Retiros TRC-20 retrasados <b>no</b> es HTML"


def test_the_help_center_and_the_widget_show_the_notice_until_it_is_resolved(page, live_server):  # noqa: F811
    from django.core.cache import cache

    cache.delete(CACHE_KEY)
    make_team(name="General")
    category, _created = category_upsert(
        slug="withdrawals", names={"en": "Withdrawals", "es": "Retiros"}, descriptions={}
    )
    article = article_create(slug="retiro-pendiente", category=category, actor=None)
    translation = translation_save(
        article=article,
        language="es",
        title="¿Por qué está pendiente mi retiro?",
        body="Casi siempre.",
        actor=None,
    )
    translation_publish(translation=translation, actor=None)
    sam = make_agent(username="sam", role="supervisor")
    tron = declare_tron(sam, messages={"en": "TRC-20 withdrawals are delayed.", "es": SPANISH})

    page.goto(f"{live_server.url}/help/es/articles/retiro-pendiente/")
    banner = page.locator(".incident-banner")
    expect(banner).to_contain_text(SPANISH)
    assert banner.locator("b").count() == 0

    page.locator("[data-widget]").click()
    notice = page.locator(".cdw-incidents")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(SPANISH)
    assert notice.locator("b").count() == 0

    incident_resolve(incident=tron, actor=sam, messages={"en": "Resolved."})
    page.goto(f"{live_server.url}/help/es/articles/retiro-pendiente/")
    expect(page.get_by_role("heading", name="¿Por qué está pendiente mi retiro?")).to_be_visible()
    assert page.locator(".incident-banner").count() == 0

"""The help center and the chat widget show each active incident's public message in the visitor's
language (English when there is none), escaped; resolved, it is gone. The help center pays one query
at most for it, and none while the short cache holds it."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from incidents.linking import CACHE_KEY
from incidents.services import incident_resolve
from tests.incidents.conftest import TRON_MESSAGES, declare_tron

pytestmark = pytest.mark.django_db


def _page(language: str = "es") -> str:
    response = Client().get(f"/help/{language}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "text"),
    [("es", TRON_MESSAGES["es"]), ("ru", TRON_MESSAGES["ru"]), ("de", TRON_MESSAGES["en"])],
)
def test_the_help_center_shows_the_message_in_the_visitors_language(tron, language, text):
    assert text in _page(language)


def test_the_banner_is_escaped(sam):
    declare_tron(sam, messages={"en": "<img src=x onerror=alert(1)> delayed"})
    html = _page("en")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt; delayed" in html


def test_a_resolved_incident_leaves_the_banner_at_once(tron, sam, django_capture_on_commit_callbacks):
    assert TRON_MESSAGES["es"] in _page("es")
    with django_capture_on_commit_callbacks(execute=True):
        incident_resolve(incident=tron, actor=sam, messages={"en": "Resolved."})
    html = _page("es")
    assert TRON_MESSAGES["es"] not in html and "Resolved." not in html and "incident-banner" not in html


def test_the_help_center_gains_one_query_at_most_for_the_banner(sam):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _page("es")
        return len(queries)

    _page("es")
    without = count()  # no incident, and "none" cached
    declare_tron(sam)
    cache.delete(CACHE_KEY)
    cold = count()
    warm = count()
    assert cold - without <= 1
    assert warm == without


def test_the_widget_reads_the_banner_as_json_from_an_allowed_origin(tron, settings):
    settings.LIVECHAT_ALLOWED_ORIGINS = ["https://exchange.example"]
    response = Client().get("/incidents/banner.json?language=pt-br", HTTP_ORIGIN="https://exchange.example")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "https://exchange.example"
    assert response.json() == {
        "language": "pt-br",
        "incidents": [{"id": str(tron.pk), "status": "investigating", "message": TRON_MESSAGES["en"]}],
    }
    assert Client().get("/incidents/banner.json", HTTP_ORIGIN="https://evil.example").status_code == 403

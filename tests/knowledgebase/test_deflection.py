import datetime as dt

import pytest
from django.utils import timezone

from knowledgebase.models import SearchLog, VisitorSession
from knowledgebase.report import deflection, top_searches
from knowledgebase.services import visit_touch
from tests.knowledgebase.conftest import make_article


@pytest.fixture
def article(category):
    return make_article(category, "fees", {"en": ("Trading fees", "Maker and taker fees.")})


def test_a_visit_that_read_and_never_contacted_is_a_deflection_once_it_ends(db, settings):
    now = timezone.now()
    earlier = now - dt.timedelta(hours=2)
    visit_touch(visitor="a" * 20, language="en", read=True, now=earlier)
    visit_touch(visitor="b" * 20, language="en", searched=True, now=earlier)
    visit_touch(visitor="b" * 20, language="en", contacted=True, now=earlier + dt.timedelta(minutes=5))
    visit_touch(visitor="c" * 20, language="en", now=earlier)  # browsed the home page only
    visit_touch(visitor="d" * 20, language="en", read=True, now=now)  # still reading
    result = deflection(now - dt.timedelta(days=1), now)
    assert (result.engaged, result.deflected) == (2, 1)
    assert result.percent == 50


def test_a_visit_ends_after_the_idle_time_and_a_new_one_starts(db, settings):
    start = timezone.now() - dt.timedelta(hours=3)
    first = visit_touch(visitor="v" * 20, language="en", read=True, now=start)
    same = visit_touch(visitor="v" * 20, language="en", read=True, now=start + dt.timedelta(minutes=10))
    later = visit_touch(visitor="v" * 20, language="en", contacted=True, now=start + dt.timedelta(minutes=90))
    assert first.pk == same.pk != later.pk
    assert VisitorSession.objects.get(pk=first.pk).articles_read == 2


def test_searching_then_clicking_a_result_is_recorded(article, client):
    client.get("/help/en/search/", {"q": "fees"})
    log = SearchLog.objects.get()
    assert (log.query, log.language, log.result_count) == ("fees", "en", 1)
    client.get("/help/en/articles/fees/", {"s": log.pk})
    log.refresh_from_db()
    assert log.clicked_article == article
    assert VisitorSession.objects.get().searches == 1


def test_another_visitor_cannot_claim_someone_elses_search(article, client):
    client.get("/help/en/search/", {"q": "fees"})
    log = SearchLog.objects.get()
    from django.test import Client

    Client().get("/help/en/articles/fees/", {"s": log.pk})
    log.refresh_from_db()
    assert log.clicked_article is None


def test_the_report_lists_top_searches_and_searches_without_results(article, client, supervisor):
    for q in ("fees", "Fees", "staking"):
        client.get("/help/en/search/", {"q": q})
    since = timezone.now() - dt.timedelta(days=1)
    assert [(r["q"], r["searches"]) for r in top_searches(since)] == [("fees", 2), ("staking", 1)]
    assert [r["q"] for r in top_searches(since, no_results=True)] == ["staking"]
    client.force_login(supervisor)
    page = client.get("/kb/report/").content.decode()
    assert "staking" in page and "Deflection" in page

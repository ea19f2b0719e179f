"""The articles a reader may not see are read from the partial index of articles with a region rule
(kb_article_region_rules), with or without the reader's region, not by reading every article; and
the search still drops them."""

import re

import pytest

from knowledgebase.models import Category
from knowledgebase.search import kb_search, pg_search_sql
from tests.knowledgebase.conftest import make_article
from tests.knowledgebase.test_search_uses_the_language_indexes import _plan

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def articles(category: Category) -> None:
    make_article(category, "withdrawal-pending", {"en": ("Withdrawal pending", "A withdrawal waits.")})
    make_article(
        category, "withdrawal-us", {"en": ("Withdrawal in the US", "A withdrawal waits.")}, regions="US"
    )
    make_article(
        category, "withdrawal-not-de", {"en": ("Withdrawal limits", "A withdrawal waits.")}, hidden_in="DE"
    )


@pytest.mark.parametrize("region", [None, "US", "DE"])
def test_the_hidden_articles_are_read_from_the_region_rules_index(articles: None, region: str | None) -> None:
    sql, params = pg_search_sql("withdrawal", "de", region, 10, False)
    hidden = _plan(sql, params).split("CTE hidden")[1].split("CTE picked")[0]
    assert re.search(r"(Index Scan on|Index Scan using) kb_article_region_rules\b", hidden), hidden


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        (None, {"withdrawal-pending", "withdrawal-not-de"}),
        ("US", {"withdrawal-pending", "withdrawal-us", "withdrawal-not-de"}),
        ("DE", {"withdrawal-pending"}),
    ],
)
def test_the_search_drops_the_articles_the_region_may_not_see(
    articles: None, region: str | None, expected: set[str]
) -> None:
    assert {hit.slug for hit in kb_search(query="withdrawal", language="en", region=region).hits} == expected

"""The title-similarity branch reads the titles nearest the query from the language's GiST index
(`title <->> q`, nearest first) and keeps the same candidates as scoring every similar title and
sorting by similarity, then id: also when many titles are as similar as the last one kept."""

from typing import Any

import pytest
from django.db import connection, transaction

from knowledgebase.dbops import language_index_name
from knowledgebase.models import Category
from knowledgebase.search import _SIMILAR, CANDIDATES, WORD_SIMILARITY_THRESHOLD
from tests.knowledgebase.conftest import make_article

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

QUERY = "withdrawl pending"
# What the branch ordered by before the index served it: every title above the threshold scored.
SCORED = """
SELECT t.id FROM knowledgebase_articletranslation t
WHERE t.language = 'en' AND t.status = 'published' AND %(q)s <%% t.title
ORDER BY word_similarity(%(q)s, t.title) DESC, t.id LIMIT %(candidates)s
"""


def _branch(*, nearest_first: bool) -> tuple[list[int], str]:
    sql = _SIMILAR.format(fallback="FALSE", language="'en'", visible="", untranslated="")
    params: dict[str, Any] = {"q": QUERY, "candidates": CANDIDATES}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [WORD_SIMILARITY_THRESHOLD])
        if nearest_first:
            # On a few rows the planner would read the table and sort it; the index's own order is
            # what this test is about.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(sql, params)
        ids = [row[0] for row in cursor.fetchall()]
    return ids, plan


def _scored() -> list[tuple[int, float]]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [WORD_SIMILARITY_THRESHOLD])
        cursor.execute(
            SCORED.replace("SELECT t.id", "SELECT t.id, word_similarity(%(q)s, t.title)"),
            {"q": QUERY, "candidates": 1000},
        )
        return list(cursor.fetchall())


@pytest.fixture
def tied_titles(category: Category) -> None:
    # Groups of titles equally similar to the query (the same words around different numbers), in
    # an order of creation unlike their ids' order within a group once the groups interleave.
    words = ["Withdrawal pending", "Withdraw pending", "Withdrawl", "Withdrawals pending review", "Pending"]
    for n in range(CANDIDATES + 25):
        title = f"{words[n % len(words)]} {n * 7919 % 1000}"
        make_article(category, f"tied-{n}", {"en": (title, "Text.")})


def test_the_nearest_titles_are_the_best_scored_ones_with_ties_cut_by_id(tied_titles: None) -> None:
    scored = _scored()
    # The data is what the test needs: more similar titles than the branch keeps, and the last one
    # kept tied with titles left out.
    assert len(scored) > CANDIDATES
    assert scored[CANDIDATES - 1][1] == scored[CANDIDATES][1]

    ids, plan = _branch(nearest_first=True)
    assert f"Index Scan using {language_index_name('similar', 'en')}" in plan
    assert "Order By:" in plan
    assert ids == [pk for pk, _similarity in scored[:CANDIDATES]]


def test_the_branch_keeps_the_same_candidates_whatever_plan_the_planner_picks(tied_titles: None) -> None:
    ids, _plan = _branch(nearest_first=False)
    assert ids == [pk for pk, _similarity in _scored()[:CANDIDATES]]

"""The search's match is served by the GIN indexes on the subject's and the bodies' tsvectors, and
the typo correction by the trigram index on the vocabulary (bench/ticket_search.py shows it at scale)."""

from typing import Any

import pytest
from django.db import connection, transaction

from queueviews.search import _TSQUERY_SQL, CONFIGS, CORRECTIONS, SIMILARITY, search_match_q, search_query
from tests.queueviews.conftest import ticket_in
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def _plan(sql: str, params: Any) -> str:
    # A test table is tiny, where a sequential scan is cheaper: the plan shows the index is usable. Plain
    # index scans are off too, or the planner may walk a whole primary key and filter every row instead
    # (which still avoids a sequential scan); a bitmap scan needs a condition the index serves.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_match_reads_the_gin_indexes_and_the_correction_the_trigram_index(
    agent: Any, customer: Any
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the indexes are PostgreSQL's")
    ticket_in(None, customer, "Withdrawal", "My withdrawal is late.")
    query = search_query("withdrawl late")
    sql, params = (
        Ticket.objects.visible_to(agent).filter(search_match_q(query)).values("pk").query.sql_with_params()
    )
    plan = _plan(sql, params)
    assert "queueviews_body_gin" in plan
    assert "queueviews_subject_gin" in plan
    with connection.cursor() as cursor:
        # At a real vocabulary's size, where an index beats reading every word.
        cursor.execute(
            "INSERT INTO queueviews_searchword (word) SELECT left(md5(i::text), 12)"
            " FROM generate_series(1, 20000) i"
            " ON CONFLICT DO NOTHING"
        )
        cursor.execute("ANALYZE queueviews_searchword")
    words = {"words": ["withdrawl"], "similarity": SIMILARITY, "corrections": CORRECTIONS, "configs": CONFIGS}
    assert "queueviews_word_trgm" in _plan(_TSQUERY_SQL, words)

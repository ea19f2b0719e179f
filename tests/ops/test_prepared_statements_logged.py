"""A statement bound on the server and prepared (helpdesk/prepared.py) is logged as Django's debug cursor
logs its own statements, with the values written in, so statement counts and what the debug page shows
read the same either way; and nothing is composed or kept when nobody logs."""

import datetime as dt
import logging
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helpdesk import prepared
from helpdesk.prepared import execute_prepared, prepared_row

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

SQL = (
    "SELECT %(label)s::text AS label, %(count)s::int AS count, %(at)s::timestamptz AS at,"
    " %(keys)s::text[] AS keys, %(missing)s::text AS missing, %(quote)s::text AS quote"
)
PARAMS: dict[str, Any] = {
    "label": "mail.queued",
    "count": 7,
    "at": dt.datetime(2026, 12, 7, 23, 0, tzinfo=dt.UTC),
    "keys": ["a", "b"],
    "missing": None,
    "quote": "it's",
}


def test_a_prepared_statement_is_shown_with_its_values_as_django_shows_its_own():
    with CaptureQueriesContext(connection) as ctx:
        row, names = execute_prepared(SQL, PARAMS)
        with connection.cursor() as cursor:
            cursor.execute(SQL, PARAMS)
    assert (row[0], row[1], names[0]) == ("mail.queued", 7, "label")
    ours, djangos = (q["sql"] for q in ctx.captured_queries)
    assert ours == djangos
    assert "'mail.queued'" in ours and "'it''s'" in ours and "%(" not in ours


def test_the_debug_logger_hears_the_statement_with_its_values(caplog, settings):
    settings.DEBUG = True
    with caplog.at_level(logging.DEBUG, logger="django.db.backends"):
        prepared_row(SQL, PARAMS)
    (record,) = [r for r in caplog.records if "mail.queued" in r.getMessage()]
    assert record.sql == connection.queries[-1]["sql"]
    assert record.params == PARAMS


def test_nothing_is_composed_or_kept_when_nobody_logs(monkeypatch, settings):
    settings.DEBUG = False
    assert not connection.queries_logged

    def refuse(*args: Any) -> str:
        raise AssertionError("composed without a reader")

    monkeypatch.setattr(prepared, "_with_values", refuse)
    before = len(connection.queries_log)
    assert prepared_row(SQL, PARAMS)[0] == "mail.queued"
    assert len(connection.queries_log) == before


def test_a_failing_statement_is_logged_and_raises_its_own_error():
    with CaptureQueriesContext(connection) as ctx, pytest.raises(Exception, match="division by zero"):
        prepared_row("SELECT 1 / %(zero)s::int", {"zero": 0})
    assert [q["sql"] for q in ctx.captured_queries] == ["SELECT 1 / 0::int"]


@pytest.mark.django_db(transaction=True)
def test_the_kept_cursor_follows_the_connection_when_it_is_opened_again():
    assert prepared_row("SELECT %(n)s::int", {"n": 1})[0] == 1
    connection.close()
    assert prepared_row("SELECT %(n)s::int", {"n": 2})[0] == 2
    # The names of a statement's result are its own, whichever statement ran before it.
    assert execute_prepared("SELECT %(n)s::int AS first", {"n": 3})[1] == ["first"]
    assert execute_prepared("SELECT %(n)s::int AS second, 4 AS third", {"n": 3})[1] == ["second", "third"]

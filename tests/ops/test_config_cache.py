"""Per-process configuration cache: one statement per use, exact across commits and rollbacks."""

import sqlite3

import pytest
from django.db import connection, transaction

from helpdesk import config_cache
from helpdesk.config_cache import ConfigVersionTriggers, _create_sql, cached
from tickets.models import Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def probe():
    """Triggers on the tag table under the name "probe", for this test's transaction only."""
    operation = ConfigVersionTriggers("probe", [Tag._meta.db_table])
    with connection.schema_editor(atomic=False) as editor:
        operation.database_forwards("tickets", editor, None, None)
    config_cache.forget()
    loads: list[list[str]] = []

    def load() -> list[str]:
        names = sorted(Tag.objects.values_list("name", flat=True))
        loads.append(names)
        return names

    return loads, load


def test_without_a_token_every_use_loads(probe):
    loads, load = probe
    connection.cursor().execute("DELETE FROM helpdesk_configversion WHERE name = 'probe'")
    cached("probe", load)
    cached("probe", load)
    assert len(loads) == 2


def test_a_kept_value_costs_one_statement_and_a_write_loads_again(probe, django_assert_num_queries):
    loads, load = probe
    Tag.objects.create(name="first")
    assert cached("probe", load) == ["first"]
    with django_assert_num_queries(1):
        assert cached("probe", load) == ["first"]
    assert len(loads) == 1

    Tag.objects.filter(name="first").update(name="renamed")
    assert cached("probe", load) == ["renamed"]
    Tag.objects.all().delete()
    assert cached("probe", load) == []
    assert len(loads) == 3


def test_a_value_read_from_rows_rolled_back_is_never_reused(probe):
    loads, load = probe
    Tag.objects.create(name="kept")
    assert cached("probe", load) == ["kept"]
    with pytest.raises(RuntimeError), transaction.atomic():
        Tag.objects.create(name="doomed")
        assert cached("probe", load) == ["doomed", "kept"]
        raise RuntimeError
    assert cached("probe", load) == ["kept"]
    assert len(loads) == 3


def test_several_names_are_checked_in_one_statement(probe, django_assert_num_queries):
    loads, load = probe
    Tag.objects.create(name="a")
    connection.cursor().execute(
        "INSERT INTO helpdesk_configversion (name, token) VALUES ('other', 'x') "
        "ON CONFLICT (name) DO UPDATE SET token = 'x'"
    )
    config_cache.cached_many(("probe", "other"), load)
    with django_assert_num_queries(1):
        config_cache.cached_many(("probe", "other"), load)
    assert len(loads) == 1


def test_sqlite_triggers_move_the_token_on_every_write():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE helpdesk_configversion (name TEXT PRIMARY KEY, token TEXT NOT NULL)")
    db.execute("CREATE TABLE rules (id INTEGER PRIMARY KEY, name TEXT)")
    for sql in _create_sql("sqlite", "rules", "probe"):
        db.execute(sql)

    def token() -> str | None:
        row = db.execute("SELECT token FROM helpdesk_configversion WHERE name = 'probe'").fetchone()
        return row[0] if row else None

    seen = set()
    for sql in (
        "INSERT INTO rules (name) VALUES ('a')",
        "UPDATE rules SET name = 'b'",
        "DELETE FROM rules",
    ):
        db.execute(sql)
        seen.add(token())
    assert None not in seen and len(seen) == 3

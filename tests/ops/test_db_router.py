"""Reports read from the read replica; writes, and reads that must see them, use the primary.

The "replica" alias is configured here as Django's TEST MIRROR of the primary: a second connection
to the same test database, so a row the test has not committed is invisible through it, as a
replica's lag makes a fresh write invisible in production. A read that lands there when it should
not therefore fails to see its row.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helpdesk.db_router import REPLICA, ReplicaRouter, replica_configured, reporting
from knowledgebase.models import SearchLog, SearchSource
from tests.factories import make_agent, make_team, make_ticket

pytestmark = pytest.mark.postgres
BOTH = [DEFAULT_DB_ALIAS, REPLICA]
WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCATE")


@pytest.fixture(scope="module")
def replica(django_db_setup: Any) -> Iterator[None]:
    """The "replica" alias, a test mirror of the primary (module-scoped, so it exists before the
    database marker of each test checks the aliases it names)."""
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    connections.settings[REPLICA] = {**primary, "TEST": {**primary["TEST"], "MIRROR": DEFAULT_DB_ALIAS}}
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@contextmanager
def captured() -> Iterator[dict[str, list[str]]]:
    """The SQL each alias ran inside the block."""
    sql: dict[str, list[str]] = {}
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        yield sql
    sql[DEFAULT_DB_ALIAS] = [q["sql"] for q in primary.captured_queries]
    sql[REPLICA] = [q["sql"] for q in replica.captured_queries]


def writes(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith(WRITES) or "FOR UPDATE" in s.upper()]


def test_without_a_replica_reports_read_from_the_primary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(connections.settings, REPLICA, raising=False)
    assert not replica_configured()
    router = ReplicaRouter()
    with reporting():
        assert router.db_for_read(Group) == DEFAULT_DB_ALIAS
        assert router.db_for_write(Group) == DEFAULT_DB_ALIAS


def test_only_reads_inside_reporting_go_to_the_replica(replica: None) -> None:
    router = ReplicaRouter()
    assert router.db_for_read(Group) == DEFAULT_DB_ALIAS
    with reporting():
        assert router.db_for_read(Group) == REPLICA

        @reporting()
        def nested() -> str:
            return router.db_for_read(Group)

        assert nested() == REPLICA
        assert router.db_for_read(Group) == REPLICA
    assert router.db_for_read(Group) == DEFAULT_DB_ALIAS
    assert router.db_for_write(Group) == DEFAULT_DB_ALIAS


def test_the_replica_is_never_migrated(replica: None) -> None:
    router = ReplicaRouter()
    assert router.allow_migrate(REPLICA, "tickets") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "tickets") is None


@pytest.mark.django_db(databases=BOTH)
def test_a_report_read_really_runs_on_the_replica(replica: None) -> None:
    """The row is not committed (the test's transaction holds it), so only the primary sees it."""
    Group.objects.create(name="uncommitted")
    with captured() as sql, reporting():
        assert not Group.objects.filter(name="uncommitted").exists()
    assert len(sql[REPLICA]) == 1
    assert sql[DEFAULT_DB_ALIAS] == []
    assert Group.objects.filter(name="uncommitted").exists()


@pytest.mark.django_db(databases=BOTH)
def test_a_read_inside_a_transaction_that_wrote_goes_to_the_primary(replica: None) -> None:
    with captured() as sql, reporting(), transaction.atomic():
        Group.objects.create(name="written here")
        assert Group.objects.filter(name="written here").exists()
        assert Group.objects.count() == 1
    assert sql[REPLICA] == []
    assert len([s for s in sql[DEFAULT_DB_ALIAS] if s.startswith("SELECT")]) == 2


@pytest.mark.django_db(databases=BOTH)
def test_a_read_inside_any_transaction_goes_to_the_primary(replica: None) -> None:
    """Before the write, too: what a transaction reads may decide what it writes."""
    Group.objects.create(name="earlier")
    with captured() as sql, reporting(), transaction.atomic():
        assert Group.objects.filter(name="earlier").exists()
    assert sql[REPLICA] == []


@pytest.mark.django_db(databases=BOTH)
def test_after_a_write_every_read_of_the_report_goes_to_the_primary(replica: None) -> None:
    """Committed or not, a replica shows a write only after its lag: the block reads its own writes."""
    with captured() as sql, reporting():
        Group.objects.create(name="written in the report")
        assert Group.objects.filter(name="written in the report").exists()
    assert sql[REPLICA] == []


def _sla_report(client: Client) -> None:
    response = client.get("/sla/report/")
    assert response.status_code == 200
    assert response.context["report"].overall.tickets == 3


def _kb_report(client: Client) -> None:
    response = client.get("/kb/report/")
    assert response.status_code == 200
    assert [(row["q"], row["searches"]) for row in response.context["top"]] == [("withdrawal", 2), ("2fa", 1)]


def _board(client: Client) -> None:
    response = client.get("/routing/supervisor/")
    assert response.status_code == 200
    waiting = {row.team.name: row.backlog.waiting for row in response.context["board"].teams}
    assert waiting["Wallets"] == 3


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_report_pages_read_their_figures_from_the_replica_and_write_nothing_there(replica: None) -> None:
    """One committed world (the replica sees it as the primary does), three report pages."""
    team = make_team(name="Wallets", slug="wallets")
    for _ in range(3):
        make_ticket(team=team)
    for query in ("withdrawal", "withdrawal", "2fa"):
        SearchLog.objects.create(
            query=query,
            language="en",
            result_count=1,
            source=SearchSource.HELP_CENTER,
            created_at=timezone.now(),
        )
    supervisor = make_agent(username="sam", role="supervisor")
    client = Client()
    client.force_login(supervisor)

    with captured() as sql, reporting():
        pass  # the block alone runs nothing
    assert sql == {DEFAULT_DB_ALIAS: [], REPLICA: []}

    for page, table in [
        (_sla_report, '"sla_ticketclock"'),
        (_kb_report, '"knowledgebase_searchlog"'),
        (_board, '"routing_team"'),
    ]:
        with captured() as sql:
            page(client)
        assert any(table in statement for statement in sql[REPLICA]), (page, sql[REPLICA])
        assert not any(table in statement for statement in sql[DEFAULT_DB_ALIAS]), (
            page,
            sql[DEFAULT_DB_ALIAS],
        )
        assert writes(sql[REPLICA]) == [], page

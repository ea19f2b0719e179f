"""PGBOUNCER=1: connections safe behind PgBouncer in transaction mode (deploy/pgbouncer/pgbouncer.ini).

Consecutive transactions of one Django connection may run on different PostgreSQL server connections
behind it, so nothing may outlive a transaction on the server: no server-side cursors (Django's
`.iterator()` would declare one) and no prepared statements (psycopg prepares a query it has run five
times when asked to). The settings are read afresh from the environment each test gives them.
"""

import runpy
from pathlib import Path
from typing import Any

import environ
import psycopg
import pytest
from django.conf import settings
from django.db.backends.postgresql.base import DatabaseWrapper
from django.db.utils import ConnectionHandler

SETTINGS_FILE = Path(settings.BASE_DIR) / "helpdesk" / "settings.py"
PRIMARY = "postgres://helpdesk:secret@pgbouncer:6432/helpdesk"
REPLICA = "postgres://helpdesk:secret@pgbouncer-replica:6432/helpdesk"
SWITCHES = (
    "PGBOUNCER",
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "CONN_MAX_AGE",
    "REDIS_URL",
    "CHANNEL_REDIS_URLS",
)


def settings_with(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> dict[str, Any]:
    """helpdesk/settings.py evaluated with these environment variables (and none of the switches
    above that are not given), as a process started with them would see it."""
    for name in SWITCHES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DJANGO_ENV", "development")
    monkeypatch.setenv("HELPDESK_VAR_DIR", str(tmp_path / "var"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_without_pgbouncer_server_side_cursors_and_prepared_statements_stay_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    databases = settings_with(monkeypatch, tmp_path, DATABASE_URL=PRIMARY)["DATABASES"]
    assert not databases["default"].get("DISABLE_SERVER_SIDE_CURSORS", False)
    assert "prepare_threshold" not in databases["default"].get("OPTIONS", {})


def test_pgbouncer_turns_off_server_side_cursors_and_prepared_statements_on_every_alias(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    loaded = settings_with(
        monkeypatch, tmp_path, PGBOUNCER="1", DATABASE_URL=PRIMARY, DATABASE_REPLICA_URL=REPLICA
    )
    assert loaded["PGBOUNCER"] is True
    databases = loaded["DATABASES"]
    assert set(databases) == {"default", "replica"}
    for alias in databases.values():
        assert alias["DISABLE_SERVER_SIDE_CURSORS"] is True
        assert alias["OPTIONS"]["prepare_threshold"] is None
        # A connection to PgBouncer holds no server connection between transactions: it is kept.
        assert alias["CONN_MAX_AGE"] == 60
        assert alias["CONN_HEALTH_CHECKS"] is True
    assert databases["default"]["PORT"] == 6432


def test_psycopg_is_asked_for_no_prepared_statements_and_django_for_no_named_cursors(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    databases = settings_with(monkeypatch, tmp_path, PGBOUNCER="1", DATABASE_URL=PRIMARY)["DATABASES"]
    # Completed as Django completes DATABASES, then the backend's own parameters for psycopg.connect.
    handler = ConnectionHandler({"default": databases["default"]})
    wrapper = DatabaseWrapper(handler.settings["default"], "default")
    assert wrapper.get_connection_params()["prepare_threshold"] is None
    # QuerySet.iterator() reads this key of the connection's settings to choose a named cursor.
    assert wrapper.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] is True


def _prepared_after_ten_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> int:
    """Statements the server holds prepared after one query ran ten times on a connection made from
    the settings, through a server-side-binding cursor (as psycopg's default cursor binds)."""
    url = settings.DATABASES["default"]
    host, port = url["HOST"] or "127.0.0.1", url["PORT"] or 5432
    # Asking psycopg to prepare, as a URL may (`?prepare_threshold=5`).
    real = f"postgres://{url['USER']}:{url['PASSWORD']}@{host}:{port}/postgres?prepare_threshold=5"
    databases = settings_with(monkeypatch, tmp_path, DATABASE_URL=real, **env)["DATABASES"]
    handler = ConnectionHandler({"default": databases["default"]})
    wrapper = DatabaseWrapper(handler.settings["default"], "default")
    raw = wrapper.get_new_connection(wrapper.get_connection_params())
    try:
        with psycopg.Cursor(raw) as cursor:
            for _ in range(10):
                cursor.execute("SELECT %s::int", [1])
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            row = cursor.fetchone()
        assert row is not None
        return int(row[0])
    finally:
        raw.close()


@pytest.mark.postgres
def test_a_connection_made_with_these_settings_never_prepares(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Django asks psycopg for no prepared statements by default, but a URL's options may ask for
    them; behind PgBouncer the setting wins whatever the URL says."""
    assert _prepared_after_ten_runs(monkeypatch, tmp_path) > 0
    assert _prepared_after_ten_runs(monkeypatch, tmp_path, PGBOUNCER="1") == 0


def test_the_replica_url_adds_a_replica_alias_that_is_never_a_database_of_its_own(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    databases = settings_with(monkeypatch, tmp_path, DATABASE_URL=PRIMARY, DATABASE_REPLICA_URL=REPLICA)[
        "DATABASES"
    ]
    assert databases["replica"]["HOST"] == "pgbouncer-replica"
    assert databases["replica"]["TEST"] == {"MIRROR": "default"}
    assert environ.Env.db_url_config(PRIMARY)["HOST"] == databases["default"]["HOST"]
    assert "replica" not in settings_with(monkeypatch, tmp_path, DATABASE_URL=PRIMARY)["DATABASES"]

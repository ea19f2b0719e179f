"""PGBOUNCER=1: connections safe behind PgBouncer in transaction mode (deploy/pgbouncer/pgbouncer.ini).

Consecutive transactions of one Django connection may run on different PostgreSQL server connections
behind it, so nothing may outlive a transaction on the server: no server-side cursors (Django's
`.iterator()` would declare one) and no prepared statements (psycopg prepares a query it has run five
times when asked to). The settings are read afresh from the environment each test gives them, then
used through a real PgBouncer running deploy/pgbouncer/pgbouncer.ini.
"""

import os
import re
import runpy
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import environ
import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.postgresql.base import DatabaseWrapper
from django.db.utils import ConnectionHandler

from helpdesk.test_settings import CI
from tests.ops.processes import free_port, wait_listening

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


# --- Through a real PgBouncer ------------------------------------------------------------------------
# deploy/pgbouncer/pgbouncer.ini as it is, with only its addresses and authentication changed, in front
# of the test database, with one server connection in the pool: two Django connections then share one
# PostgreSQL session, so whatever one of them leaves on the server the other sees. Debian's PgBouncer
# comes from scripts/install-pgbouncer.sh (`make pgbouncer`); without it the tests skip, except under
# CI=true, where a missing PgBouncer is a failure.

INI = Path(settings.BASE_DIR) / "deploy" / "pgbouncer" / "pgbouncer.ini"
THROUGH = ("bouncer", "bouncer_other")


def pgbouncer_path(*, ci: bool) -> str:
    found = shutil.which(
        "pgbouncer", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
    )
    if found is None:
        message = "pgbouncer is not installed: run `make pgbouncer` (scripts/install-pgbouncer.sh)"
        if ci:
            pytest.fail(message)
        pytest.skip(message)
    return found


def test_a_missing_pgbouncer_fails_under_ci_instead_of_skipping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    with pytest.raises(pytest.fail.Exception):
        pgbouncer_path(ci=True)
    with pytest.raises(pytest.skip.Exception):
        pgbouncer_path(ci=False)


def substitute(pattern: str, replacement: str, text: str) -> str:
    changed, made = re.subn(pattern, replacement, text, count=1, flags=re.M)
    assert made == 1, f"{pattern!r} not found in {INI}"
    return changed


@pytest.fixture(scope="module")
def pgbouncer(django_db_setup: Any) -> Iterator[int]:
    """The deploy configuration in front of the test database, listening on a free local port."""
    binary = pgbouncer_path(ci=CI)
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    # PgBouncer refuses to run as root and then reads its files as the user it switches to.
    folder = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    folder.chmod(0o755)
    port = free_port()
    ini = INI.read_text()
    server = f"host={primary['HOST'] or '127.0.0.1'} port={primary['PORT'] or 5432} dbname={primary['NAME']}"
    ini = substitute(r"^helpdesk = .*$", f"helpdesk = {server} user={primary['USER']}", ini)
    ini = substitute(r"^helpdesk_replica = .*\n", "", ini)
    chat = f"helpdesk_chat = {server} user={primary['USER']}"
    ini = substitute(r"^helpdesk_chat = host=\S+ port=\S+ dbname=\S+", chat, ini)
    ini = substitute(r"^listen_addr = .*$", "listen_addr = 127.0.0.1", ini)
    ini = substitute(r"^listen_port = .*$", f"listen_port = {port}", ini)
    ini = substitute(r"^auth_type = .*$", "auth_type = trust", ini)
    ini = substitute(r"^auth_file = .*$", f"auth_file = {folder / 'userlist.txt'}", ini)
    ini = substitute(r"^default_pool_size = .*$", "default_pool_size = 1", ini)
    ini = substitute(r"^min_pool_size = .*$", "min_pool_size = 0", ini)
    ini = substitute(r"^reserve_pool_size = .*$", "reserve_pool_size = 0", ini)
    assert "\npool_mode = transaction\n" in ini
    (folder / "userlist.txt").write_text(f'"{primary["USER"]}" ""\n')
    (folder / "pgbouncer.ini").write_text(ini)
    for path in folder.iterdir():
        path.chmod(0o644)
    command = [binary, *(["-u", "nobody"] if os.geteuid() == 0 else []), str(folder / "pgbouncer.ini")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_listening(process, port, "pgbouncer")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def through_pgbouncer(pgbouncer: int, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Two database aliases through PgBouncer, configured as the settings configure them with
    PGBOUNCER=1 (test mirrors of the primary: the test runner neither creates nor flushes them)."""
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    url = f"postgres://{primary['USER']}:{primary['PASSWORD']}@127.0.0.1:{pgbouncer}/helpdesk"
    patch = pytest.MonkeyPatch()
    try:
        loaded = settings_with(patch, tmp_path_factory.mktemp("settings"), PGBOUNCER="1", DATABASE_URL=url)
    finally:
        patch.undo()
    configured = ConnectionHandler({"default": loaded["DATABASES"]["default"]}).settings["default"]
    for alias in THROUGH:
        connections.settings[alias] = {
            **configured,
            "TEST": {**configured["TEST"], "MIRROR": DEFAULT_DB_ALIAS},
        }
    yield
    for alias in THROUGH:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


def _open_cursors_seen_by_the_other_client_mid_iteration() -> int:
    rows = Group.objects.using("bouncer").filter(name__startswith="g").order_by("pk").iterator(chunk_size=1)
    assert next(rows).name == "g0"
    with connections["bouncer_other"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_cursors")
        row = cursor.fetchone()
    assert [group.name for group in rows] == ["g1", "g2"]
    assert row is not None
    return int(row[0])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, *THROUGH])
def test_through_pgbouncer_in_transaction_mode_nothing_outlives_a_transaction_on_the_server(
    through_pgbouncer: None,
) -> None:
    for n in range(3):
        Group.objects.create(name=f"g{n}")
    bouncer = connections["bouncer"]
    assert bouncer.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] is True

    # Reads and writes through it, in transactions and out of them.
    with transaction.atomic(using="bouncer"):
        Group.objects.using("bouncer").create(name="through")
        assert Group.objects.using("bouncer").filter(name="through").exists()
    assert Group.objects.filter(name="through").exists()
    for _ in range(10):
        assert Group.objects.using("bouncer_other").filter(name__startswith="g").count() == 3

    # .iterator() leaves no cursor on the server for the next client of that server connection...
    assert _open_cursors_seen_by_the_other_client_mid_iteration() == 0
    with connections["bouncer_other"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        prepared = cursor.fetchone()
    assert prepared is not None and prepared[0] == 0

    # ...where without the setting it would (a cursor WITH HOLD, on a server connection shared by others).
    bouncer.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = False
    try:
        assert _open_cursors_seen_by_the_other_client_mid_iteration() == 1
    finally:
        bouncer.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = True


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_chat_database_bounds_lock_waits_and_statements_and_the_main_one_does_not(pgbouncer: int) -> None:
    primary = connections[DEFAULT_DB_ALIAS].settings_dict

    def shown(dbname: str) -> tuple[str, str]:
        with psycopg.connect(
            host="127.0.0.1", port=pgbouncer, dbname=dbname, user=primary["USER"], autocommit=True
        ) as conn:
            row = conn.execute(
                "SELECT current_setting('lock_timeout'), current_setting('statement_timeout')"
            ).fetchone()
        assert row is not None
        return (str(row[0]), str(row[1]))

    assert shown("helpdesk_chat") == (
        f"{settings.LIVECHAT_LOCK_TIMEOUT_MS // 1000}s",
        f"{settings.LIVECHAT_STATEMENT_TIMEOUT_MS // 1000}s",
    )
    assert shown("helpdesk") == ("0", "0")


@pytest.mark.postgres
@pytest.mark.django_db
def test_behind_pgbouncer_the_chat_threads_leave_no_session_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from livechat.consumers import pools

    monkeypatch.setattr(settings, "PGBOUNCER", True)
    pools._bound_waits()
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        row = cursor.fetchone()
    assert row is not None and row[0] == "0"
